/**
 * Disk rules (USE per device: utilization = %util, saturation = queue depth and await, errors =
 * kernel I/O errors; plus filesystems filling up).
 *
 * %util alone misleads on SSDs, NVMe and virtual disks, which serve many requests at once: a
 * device can be "100% busy" with room to spare. So saturation needs a queue (aqu-sz) or waiting
 * (await) on top of high utilization.
 *
 * Yardsticks:
 * - Prometheus node-mixin `NodeDiskIOSaturation`: average queue (io_time_weighted rate = aqu-sz)
 *   > 10 for 30 min.
 * - Netdata health.d/disks.conf `10min_disk_utilization` (warn > 98%, clears at 68.6%) and
 *   `10min_disk_backlog` (warn > 5000 ms/s, i.e. aqu-sz > 5); `disk_space_usage` warn > 90%,
 *   crit > 98%.
 * - PCP pmieconf perdisk/average_queue_length and average_wait_time: util > 95% with a growing
 *   queue or wait.
 * - node-mixin `NodeFilesystemAlmostOutOfSpace`: < 5% available (warning), < 3% (critical).
 * - The reference: await of 20 ms is worth a look, 100–500 ms is storage latency.
 */
import { fmtBytes, fmtNum, fmtPct, fmtSpan, fmtTime, plural } from "../format";
import { meanOf } from "../stats";
import {
  alignedValues,
  derive,
  draft,
  evidence,
  present,
  processText,
  sustainedWhere,
  topProcesses,
  viewOf,
  type Draft,
  type Rule,
  type RuleContext,
  type View,
} from "./context";
import { eventEvidence } from "./memory";

/** Block devices worth judging: not loop, RAM or optical devices. */
function realDevice(device: string): boolean {
  return !/^(loop|ram|zram|sr|fd)\d*$/.test(device);
}

interface DiskColumns {
  util: View;
  queue: ArrayLike<number> | undefined;
  await: ArrayLike<number> | undefined;
  iops: ArrayLike<number> | undefined;
}

function diskColumns(ctx: RuleContext, device: string): DiskColumns | undefined {
  const labels = { device };
  const util = viewOf(ctx, ctx.index.get("disk.util_pct", labels));
  if (util === undefined) return undefined;
  const get = (m: string) => alignedValues(util, ctx.index.get(m, labels));
  let awaitCol = get("disk.await_ms");
  if (awaitCol === undefined) {
    // sysstat >= 12 prints r_await/w_await only: the request-weighted mean stands in for await.
    const r = get("disk.r_await_ms");
    const w = get("disk.w_await_ms");
    const rs = get("disk.reads_per_s");
    const ws = get("disk.writes_per_s");
    if (r !== undefined || w !== undefined)
      awaitCol = derive(util, (i) => {
        const a = rs?.[i] ?? 0;
        const b = ws?.[i] ?? 0;
        return a + b > 0
          ? ((r?.[i] ?? 0) * a + (w?.[i] ?? 0) * b) / (a + b)
          : Math.max(r?.[i] ?? 0, w?.[i] ?? 0);
      }).values;
  }
  const rs = get("disk.reads_per_s");
  const ws = get("disk.writes_per_s");
  const iops =
    rs === undefined && ws === undefined
      ? undefined
      : derive(util, (i) => (rs?.[i] ?? 0) + (ws?.[i] ?? 0)).values;
  return { util, queue: get("disk.queue_depth"), await: awaitCol, iops };
}

function ioProcesses(ctx: RuleContext, from: number, to: number, totalBytes: number) {
  return topProcesses(ctx, ["proc.read_bytes_per_s", "proc.write_bytes_per_s"], from, to, {
    total: totalBytes > 0 ? totalBytes : undefined,
    min: 1024,
  });
}

function diskEvidence(
  ctx: RuleContext,
  device: string,
  from: number,
  to: number,
  thresholds: { util: number; queue: number; await: number },
) {
  const labels = { device };
  return present([
    evidence(ctx, {
      metric: "disk.util_pct",
      labels,
      from,
      to,
      stat: "mean",
      threshold: thresholds.util,
    }),
    evidence(ctx, {
      metric: "disk.queue_depth",
      labels,
      from,
      to,
      stat: "mean",
      threshold: thresholds.queue,
    }),
    evidence(ctx, {
      metric: "disk.await_ms",
      labels,
      from,
      to,
      stat: "mean",
      threshold: thresholds.await,
    }),
    evidence(ctx, {
      metric: "disk.r_await_ms",
      labels,
      from,
      to,
      stat: "mean",
      threshold: thresholds.await,
    }),
    evidence(ctx, {
      metric: "disk.w_await_ms",
      labels,
      from,
      to,
      stat: "mean",
      threshold: thresholds.await,
    }),
    evidence(ctx, { metric: "disk.reads_per_s", labels, from, to, stat: "mean", threshold: 0 }),
    evidence(ctx, { metric: "disk.writes_per_s", labels, from, to, stat: "mean", threshold: 0 }),
    evidence(ctx, {
      metric: "disk.read_bytes_per_s",
      labels,
      from,
      to,
      stat: "mean",
      threshold: 0,
    }),
    evidence(ctx, {
      metric: "disk.write_bytes_per_s",
      labels,
      from,
      to,
      stat: "mean",
      threshold: 0,
    }),
  ]);
}

const at = (a: ArrayLike<number> | undefined, i: number): number => {
  const v = a?.[i];
  return v === undefined || v !== v ? 0 : v;
};

/**
 * Busy device with work queueing: warning at util >= 80% with aqu-sz >= 2 or await >= 20 ms;
 * critical with aqu-sz >= 10 (node-mixin) or await >= 100 ms; info when the device is busy
 * (>= 90%) without queueing (one stream keeping it busy: utilization, not saturation).
 */
export const diskSaturation: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const s of ctx.index.all("disk.util_pct")) {
    const device = s.labels.device ?? "";
    if (!realDevice(device)) continue;
    const c = diskColumns(ctx, device);
    if (c === undefined) continue;
    const u = c.util.values;
    const tiers = [
      {
        severity: "critical" as const,
        enter: (i: number) => at(u, i) >= 80 && (at(c.queue, i) >= 10 || at(c.await, i) >= 100),
        stay: (i: number) => at(u, i) >= 70 && (at(c.queue, i) >= 5 || at(c.await, i) >= 50),
        queue: 10,
        await: 100,
      },
      {
        severity: "warning" as const,
        enter: (i: number) => at(u, i) >= 80 && (at(c.queue, i) >= 2 || at(c.await, i) >= 20),
        stay: (i: number) => at(u, i) >= 70 && (at(c.queue, i) >= 1 || at(c.await, i) >= 10),
        queue: 2,
        await: 20,
      },
      {
        severity: "info" as const,
        enter: (i: number) => at(u, i) >= 90,
        stay: (i: number) => at(u, i) >= 80,
        queue: 2,
        await: 20,
      },
    ];
    for (const tier of tiers) {
      const saturatedTier = tier.severity !== "info";
      const e = sustainedWhere(ctx, c.util, tier.enter, tier.stay, {
        accept: (ep) => {
          const mu = meanOf(u, ep.start, ep.end + 1);
          if (!saturatedTier) return mu >= 90;
          const mq = c.queue === undefined ? 0 : meanOf(c.queue, ep.start, ep.end + 1);
          const mw = c.await === undefined ? 0 : meanOf(c.await, ep.start, ep.end + 1);
          return mu >= 80 && (mq >= tier.queue || mw >= tier.await);
        },
      });
      if (e === undefined) continue;
      const util = meanOf(u, e.start, e.end + 1);
      const queue = c.queue === undefined ? NaN : meanOf(c.queue, e.start, e.end + 1);
      const wait = c.await === undefined ? NaN : meanOf(c.await, e.start, e.end + 1);
      const iops = c.iops === undefined ? NaN : meanOf(c.iops, e.start, e.end + 1);
      const rb = ctx.index.get("disk.read_bytes_per_s", { device });
      const wb = ctx.index.get("disk.write_bytes_per_s", { device });
      const bytes =
        (rb === undefined ? 0 : meanOfRange(rb.values, rb.times, e.from, e.to)) +
        (wb === undefined ? 0 : meanOfRange(wb.values, wb.times, e.from, e.to));
      const processes = ioProcesses(ctx, e.from, e.to, bytes);
      const who = processText(processes, (p) => `${fmtBytes(p.value)}/s`);
      const saturated = tier.severity !== "info";
      out.push(
        draft({
          rule: "disk-saturation",
          domain: "disk",
          severity: tier.severity,
          kind: saturated ? "saturation" : "utilization",
          title: saturated ? `Disk ${device} saturated` : `Disk ${device} busy`,
          summary:
            `${device} was busy ${fmtPct(util)} of the time` +
            (Number.isFinite(queue) ? ` with ${fmtNum(queue)} requests queued on average` : "") +
            (Number.isFinite(wait) ? ` and ${fmtNum(wait)} ms per request (await)` : "") +
            (Number.isFinite(iops) ? `, ${fmtNum(iops)} requests/s` : "") +
            ` (means over ${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; ` +
            `thresholds util 80% with queue ${tier.queue} or await ${tier.await} ms). ` +
            (saturated
              ? "Requests wait for the device: I/O-bound work slows down. Find who issues the I/O and whether it can be reduced, spread or moved to faster storage."
              : "The device is busy but requests do not queue: this is utilization, not yet saturation.") +
            (who !== "" ? ` Heaviest I/O: ${who}.` : ""),
          evidence: diskEvidence(ctx, device, e.from, e.to, {
            util: 80,
            queue: tier.queue,
            await: tier.await,
          }),
          processes,
          intensity: saturated
            ? Math.min(1, Math.max((queue || 0) / 32, (wait || 0) / 500, (util - 80) / 20))
            : (util - 90) / 10,
          coverage: e.durationMs / ctx.spanMs,
          main: {
            metric: "disk.util_pct",
            labels: { device },
            observed: util,
            threshold: 80,
            direction: "above",
          },
          target: {
            device,
            ...(processes[0] === undefined
              ? {}
              : { pid: processes[0].pid, command: processes[0].command }),
          },
          explains: ["cpu-iowait", "disk-latency"],
        }),
      );
      break;
    }
  }
  return out;
};

function meanOfRange(
  values: ArrayLike<number>,
  times: ArrayLike<number>,
  from: number,
  to: number,
): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] ?? 0;
    if (t < from) continue;
    if (t > to) break;
    const v = values[i] ?? NaN;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Slow requests without a busy device: the latency comes from below (a SAN, a hypervisor's
 * datastore, a throttled cloud volume). await >= 50 ms warning, >= 200 ms critical, with at
 * least one request per second.
 */
export const diskLatency: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const s of ctx.index.all("disk.util_pct")) {
    const device = s.labels.device ?? "";
    if (!realDevice(device)) continue;
    const c = diskColumns(ctx, device);
    if (c === undefined || c.await === undefined) continue;
    const w = c.await;
    const active = (i: number) => c.iops === undefined || at(c.iops, i) >= 1;
    let found:
      | {
          severity: "critical" | "warning";
          level: number;
          e: NonNullable<ReturnType<typeof sustainedWhere>>;
        }
      | undefined;
    for (const [severity, enter, stay] of [
      ["critical", 200, 150],
      ["warning", 50, 30],
    ] as const) {
      const e = sustainedWhere(
        ctx,
        c.util,
        (i) => at(w, i) >= enter && active(i),
        (i) => at(w, i) >= stay,
        {
          accept: (ep) => meanOf(w, ep.start, ep.end + 1) >= enter,
        },
      );
      if (e !== undefined) {
        found = { severity, level: enter, e };
        break;
      }
    }
    if (found === undefined) continue;
    const { e } = found;
    const wait = meanOf(w, e.start, e.end + 1);
    const util = meanOf(c.util.values, e.start, e.end + 1);
    const processes = ioProcesses(ctx, e.from, e.to, 0);
    out.push(
      draft({
        rule: "disk-latency",
        domain: "disk",
        severity: found.severity,
        kind: "saturation",
        title: `Slow I/O on ${device}`,
        summary:
          `Requests to ${device} took ${fmtNum(wait)} ms on average (await, mean over ${plural(e.end - e.start + 1, "sample")}, ` +
          `${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${found.level} ms) while the device was only ${fmtPct(util)} busy. ` +
          "The time is lost below this host's queue: the storage array, the network to it, or the hypervisor's datastore.",
        evidence: diskEvidence(ctx, device, e.from, e.to, {
          util: 80,
          queue: 2,
          await: found.level,
        }),
        processes,
        intensity: Math.min(1, (wait - 50) / 450),
        coverage: e.durationMs / ctx.spanMs,
        main: {
          metric: "disk.await_ms",
          labels: { device },
          observed: wait,
          threshold: 50,
          direction: "above",
        },
        target: { device },
      }),
    );
  }
  return out;
};

/** Pseudo and read-only filesystems that are full by design or not the application's. */
function ignoredMount(mount: string): boolean {
  return /^\/(dev|run|sys|proc)(\/|$)/.test(mount) || /^\/snap\//.test(mount);
}

export const filesystemFull: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const s of ctx.index.all("fs.used_pct")) {
    const mount = s.labels.mount ?? "";
    if (ignoredMount(mount)) continue;
    const r = ctx.index.range(s);
    const n = r.end - r.start;
    if (n <= 0) continue;
    // A level, not a rate: every sample of the window must be past the stay level and the last
    // past the enter level (Netdata: warn > 90 clears at 80, crit > 98 clears at 90).
    let min = Infinity;
    for (let i = r.start; i < r.end; i++) min = Math.min(min, s.values[i] ?? Infinity);
    const last = s.values[r.end - 1] ?? NaN;
    let severity: "critical" | "warning" | undefined;
    let level = 90;
    if (last >= 97 && min >= 90) {
      severity = "critical";
      level = 97;
    } else if (last >= 90 && min >= 80) severity = "warning";
    if (severity === undefined) continue;
    const from = s.times[r.start] ?? 0;
    const to = s.times[r.end - 1] ?? 0;
    const avail = ctx.index.get("fs.avail_bytes", { mount });
    const ar = avail === undefined ? undefined : ctx.index.range(avail);
    let fill = "";
    if (avail !== undefined && ar !== undefined && ar.end - ar.start >= 2) {
      const a0 = avail.values[ar.start] ?? 0;
      const a1 = avail.values[ar.end - 1] ?? 0;
      const dt = ((avail.times[ar.end - 1] ?? 0) - (avail.times[ar.start] ?? 0)) / 1000;
      if (a1 < a0 && dt > 0) {
        const rate = (a0 - a1) / dt;
        fill = ` It is filling at ${fmtBytes(rate)}/s: full in about ${fmtNum(a1 / rate / 60)} minutes at this rate.`;
      }
    }
    out.push(
      draft({
        rule: "filesystem-full",
        domain: "disk",
        severity,
        kind: "utilization",
        title: `Filesystem ${mount} almost full`,
        summary:
          `${mount} was ${fmtPct(last)} full at ${fmtTime(to, ctx.relative)} ` +
          `(df, ${plural(n, "sample")} from ${fmtSpan(from, to, ctx.relative)}; threshold ${level}%). ` +
          "When it fills, writes fail: logs, databases and temporary files stop." +
          fill,
        evidence: present([
          evidence(ctx, {
            metric: "fs.used_pct",
            labels: { mount },
            from,
            to,
            stat: "last",
            threshold: level,
          }),
          evidence(ctx, {
            metric: "fs.avail_bytes",
            labels: { mount },
            from,
            to,
            stat: "last",
            threshold: 0,
          }),
        ]),
        intensity: (last - 90) / 10,
        coverage: 1,
        main: {
          metric: "fs.used_pct",
          labels: { mount },
          observed: last,
          threshold: 90,
          direction: "above",
        },
        target: { mount },
      }),
    );
  }
  return out;
};

export const diskIoErrors: Rule = (ctx) => {
  const evs = ctx.events.filter((e) => e.event.kind === "io-error");
  if (evs.length === 0) return [];
  const devices = [
    ...new Set(evs.map((e) => String(e.event.attrs.device ?? "")).filter((d) => d !== "")),
  ];
  const first = evs[0];
  const last = evs[evs.length - 1];
  if (first === undefined || last === undefined) return [];
  return [
    draft({
      rule: "disk-io-errors",
      domain: "disk",
      severity: "critical",
      kind: "errors",
      title: `I/O errors${devices.length > 0 ? ` on ${devices.join(", ")}` : ""}`,
      summary:
        `The kernel logged ${plural(evs.length, "I/O error")}${devices.length > 0 ? ` on ${devices.join(", ")}` : ""} ` +
        `(${fmtSpan(first.ms, last.ms, ctx.relative)}). Reads or writes failed: suspect the device, its cable or controller, or the storage behind a virtual disk.`,
      evidence: present([
        eventEvidence(
          ctx,
          "kernel.io_errors",
          evs,
          devices[0] === undefined ? {} : { device: devices[0] },
        ),
      ]),
      intensity: Math.min(1, evs.length / 10),
      coverage: 1,
      target: devices[0] === undefined ? {} : { device: devices[0] },
    }),
  ];
};

export const DISK_RULES: readonly Rule[] = [
  diskSaturation,
  diskLatency,
  filesystemFull,
  diskIoErrors,
];
