/**
 * Memory rules (USE: utilization = available memory, saturation = swapping, major faults and
 * PSI stalls, errors = OOM kills).
 *
 * Yardsticks:
 * - Netdata health.d/ram.conf `ram_available`: warn < 10% (clears at 15), crit < 5% (clears at
 *   10); `oom_kill`: any kill in 30 min. node-mixin `NodeMemoryHighUtilization`: used > 90% for
 *   15 min.
 * - PCP pmieconf memory/exhausted: >= 5 pages/s swapped out in 30% of the last 10 samples.
 * - node-mixin `NodeMemoryMajorPagesFaults`: > 500 major faults/s for 15 min.
 * - PSI (Documentation/accounting/psi.rst): `some` = share of time at least one task stalled on
 *   memory, `full` = all non-idle tasks stalled. Our levels: some 10% / 30%, full 5% / 15%.
 */
import type { HostEvent } from "../../snapshot/types";
import { fmtBytes, fmtNum, fmtPct, fmtSpan, plural } from "../format";
import { stamp } from "../series-index";
import { meanOf, round } from "../stats";
import type { DrivingProcess, Evidence } from "../types";
import {
  alignedValues,
  computedEvidence,
  derive,
  draft,
  evidence,
  present,
  processText,
  rolling,
  sustained,
  topProcesses,
  view,
  type Rule,
  type RuleContext,
  type TimedEvent,
} from "./context";
import { deltaOf, lastValue } from "./counters";

function memTotal(ctx: RuleContext): number {
  const t = lastValue(ctx, ctx.index.get("mem.total_bytes"));
  return Number.isFinite(t) && t > 0 ? t : (ctx.host.memoryBytes ?? NaN);
}

export const memoryLowAvailable: Rule = (ctx) => {
  const avail = view(ctx, "mem.available_bytes");
  const total = memTotal(ctx);
  if (avail === undefined || !(total > 0)) return [];
  const pct = derive(avail, (i) => ((avail.values[i] ?? NaN) / total) * 100);
  const hit = sustained(
    ctx,
    pct,
    { warn: { enter: 10, stay: 15 }, crit: { enter: 5, stay: 10 } },
    { above: false },
  );
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(pct.values, e.start, e.end + 1);
  const processes = topProcesses(ctx, ["proc.mem_rss_bytes"], e.from, e.to, {
    total,
    min: 1,
    n: 5,
  });
  const who = processText(processes, (p) => `${fmtBytes(p.value)} resident`);
  return [
    draft({
      rule: "memory-low-available",
      domain: "memory",
      severity: hit.severity,
      kind: "utilization",
      title: "Little memory available",
      summary:
        `Only ${fmtPct(mean)} of ${fmtBytes(total)} was available to applications without swapping ` +
        `(MemAvailable, mean over ${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; ` +
        `threshold ${fmtPct(hit.level.enter)}). The kernel is short of memory: expect reclaim, swapping and OOM kills.` +
        (who !== "" ? ` Largest processes: ${who}.` : ""),
      evidence: present([
        evidence(ctx, {
          metric: "mem.available_pct",
          series: avail.series,
          values: pct.values,
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
          unit: "%",
        }),
        evidence(ctx, {
          metric: "mem.available_bytes",
          from: e.from,
          to: e.to,
          stat: "min",
          threshold: (total * hit.level.enter) / 100,
        }),
      ]),
      processes,
      intensity: (10 - mean) / 10,
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "mem.available_pct",
        labels: {},
        observed: mean,
        threshold: 10,
        direction: "below",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
      explains: ["memory-major-faults"],
    }),
  ];
};

const PAGE = 4096;

export const memorySwapping: Rule = (ctx) => {
  const so = view(ctx, "swap.out_bytes_per_s");
  const si = view(ctx, "swap.in_bytes_per_s");
  const base = so ?? si;
  if (base === undefined) return [];
  const other = so === undefined ? undefined : alignedValues(so, si?.series);
  const both = derive(base, (i) => (base.values[i] ?? 0) + (other?.[i] ?? 0));
  // Swap traffic comes in bursts: judge it as a rate over 5 samples, like pmie's "30% of 10".
  const smooth = rolling(both, 5);
  const hit = sustained(ctx, smooth, {
    warn: { enter: 5 * PAGE, stay: PAGE },
    crit: { enter: 1000 * PAGE, stay: 250 * PAGE },
  });
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(both.values, e.start, e.end + 1);
  const processes = topProcesses(ctx, ["proc.major_faults_per_s"], e.from, e.to, { min: 0.5 });
  return [
    draft({
      rule: "memory-swapping",
      domain: "memory",
      severity: hit.severity,
      kind: "saturation",
      title: "Memory swapping",
      summary:
        `Pages moved between memory and swap at ${fmtBytes(mean)}/s (swap in + out, mean over ` +
        `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtBytes(hit.level.enter)}/s). ` +
        "Applications wait for the disk whenever they touch a swapped-out page: the host needs more memory or a process uses too much." +
        (processes.length > 0
          ? ` Most major faults: ${processText(processes, (p) => `${fmtNum(p.value)}/s`)}.`
          : ""),
      evidence: present([
        evidence(ctx, {
          metric: "swap.out_bytes_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 5 * PAGE,
        }),
        evidence(ctx, {
          metric: "swap.in_bytes_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 5 * PAGE,
        }),
        evidence(ctx, {
          metric: "mem.swap_used_bytes",
          from: e.from,
          to: e.to + 60_000,
          stat: "last",
          threshold: 0,
        }),
      ]),
      processes,
      intensity: Math.min(1, Math.log10(Math.max(1, mean / (5 * PAGE))) / 3),
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "swap.out_bytes_per_s",
        labels: {},
        observed: mean,
        threshold: 5 * PAGE,
        direction: "above",
      },
      explains: ["memory-major-faults"],
    }),
  ];
};

export const memoryMajorFaults: Rule = (ctx) => {
  const v = view(ctx, "mem.major_faults_per_s");
  if (v === undefined) return [];
  const hit = sustained(ctx, rolling(v, 5), {
    warn: { enter: 500, stay: 250 },
    crit: { enter: 5000, stay: 2500 },
  });
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(v.values, e.start, e.end + 1);
  const processes = topProcesses(ctx, ["proc.major_faults_per_s"], e.from, e.to, { min: 0.5 });
  return [
    draft({
      rule: "memory-major-faults",
      domain: "memory",
      severity: hit.severity,
      kind: "saturation",
      title: "Many major page faults",
      summary:
        `${fmtNum(mean)} major page faults per second (mean over ${plural(e.end - e.start + 1, "sample")}, ` +
        `${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtNum(hit.level.enter)}/s): pages had to be read from disk ` +
        "(swap, or evicted file pages) before a task could go on. Memory is too small for the working set." +
        (processes.length > 0
          ? ` Faulting most: ${processText(processes, (p) => `${fmtNum(p.value)}/s`)}.`
          : ""),
      evidence: present([
        evidence(ctx, {
          metric: "mem.major_faults_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
        }),
      ]),
      processes,
      intensity: Math.min(1, (mean - 500) / 4500),
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "mem.major_faults_per_s",
        labels: {},
        observed: mean,
        threshold: 500,
        direction: "above",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
    }),
  ];
};

/** A memory-cgroup OOM kill (the cgroup hit its limit), as opposed to the whole host running out. */
export function isCgroupOom(e: HostEvent): boolean {
  const cg = e.attrs.cgroup;
  return (
    e.message.includes("Memory cgroup out of memory") ||
    e.message.includes("CONSTRAINT_MEMCG") ||
    (typeof cg === "string" && cg !== "" && cg !== "/")
  );
}

/** `anon-rss:195200kB` of a kill message, in bytes. */
function killedRss(e: HostEvent): number {
  const m = /anon-rss:(\d+)kB/.exec(e.message);
  return m === null ? NaN : Number(m[1]) * 1024;
}

/** The killed processes: one row per pid, `value` = its anonymous memory when it was killed. */
export function killedProcesses(evs: readonly TimedEvent[]): DrivingProcess[] {
  const rows: DrivingProcess[] = [];
  const seen = new Set<string>();
  for (const { event } of evs) {
    const pid = Number(event.attrs.pid ?? NaN);
    const command = String(event.attrs.process ?? "?");
    const key = `${pid}\u0000${command}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rss = killedRss(event);
    rows.push({
      pid,
      command,
      metric: "oom-kill",
      value: Number.isFinite(rss) ? rss : 1,
      unit: Number.isFinite(rss) ? "B" : "count",
      share: round(1 / Math.max(1, evs.length)),
    });
  }
  return rows.slice(0, 10);
}

export function eventEvidence(
  ctx: RuleContext,
  metric: string,
  evs: readonly TimedEvent[],
  labels: Record<string, string> = {},
): Evidence | undefined {
  const first = evs[0];
  const last = evs[evs.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return {
    metric,
    labels,
    from: stamp(first.ms, ctx.relative),
    to: stamp(last.ms, ctx.relative),
    observed: evs.length,
    threshold: 0,
    stat: "count",
    unit: "count",
    samples: evs.length,
  };
}

export const memoryOomKill: Rule = (ctx) => {
  const evs = ctx.events.filter((e) => e.event.kind === "oom-kill" && !isCgroupOom(e.event));
  const first = evs[0];
  const last = evs[evs.length - 1];
  if (first === undefined || last === undefined) return [];
  const processes = killedProcesses(evs);
  const names = [...new Set(processes.map((p) => p.command))].slice(0, 3).join(", ");
  return [
    draft({
      rule: "memory-oom-kill",
      domain: "memory",
      severity: "critical",
      kind: "errors",
      title: "Processes killed by the out-of-memory killer",
      summary:
        `The kernel ran out of memory and killed ${plural(evs.length, "process", "processes")} (${names}) ` +
        `between ${fmtSpan(first.ms, last.ms, ctx.relative)} (dmesg). Find what grew: a leak, a burst of work, or a host too small for its load.`,
      evidence: present([
        eventEvidence(ctx, "kernel.oom_kills", evs),
        evidence(ctx, {
          metric: "mem.available_bytes",
          from: ctx.index.window.from,
          to: ctx.index.window.to,
          stat: "min",
          threshold: memTotal(ctx) * 0.05,
        }),
      ]),
      processes,
      intensity: Math.min(1, evs.length / 5),
      coverage: 1,
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
      explains: [
        "memory-low-available",
        "memory-swapping",
        "memory-major-faults",
        "memory-pressure",
      ],
    }),
  ];
};

/** PSI memory stalls over the window, from the stall-time counters (or the end's avg60). */
export const memoryPressure: Rule = (ctx) => {
  const rows: {
    kind: "some" | "full";
    pct: number;
    from: number;
    to: number;
    samples: number;
    metric: string;
  }[] = [];
  for (const kind of ["some", "full"] as const) {
    const d = deltaOf(ctx, `psi.memory_${kind}_stall_seconds_total`);
    if (d !== undefined && d.toMs - d.fromMs >= 10_000) {
      rows.push({
        kind,
        pct: (100 * d.delta) / ((d.toMs - d.fromMs) / 1000),
        from: d.fromMs,
        to: d.toMs,
        samples: d.samples,
        metric: `psi.memory_${kind}_stall_pct`,
      });
      continue;
    }
    const avg = ctx.index.get(`psi.memory_${kind}_avg60`);
    const last = lastValue(ctx, avg);
    if (avg !== undefined && Number.isFinite(last)) {
      const t = avg.times[Math.min(avg.times.length, avg.values.length) - 1] ?? ctx.index.window.to;
      rows.push({
        kind,
        pct: last,
        from: t - 60_000,
        to: t,
        samples: 1,
        metric: `psi.memory_${kind}_avg60`,
      });
    }
  }
  const levels = { some: { warn: 10, crit: 30 }, full: { warn: 5, crit: 15 } };
  let severity: "critical" | "warning" | undefined;
  for (const r of rows) {
    const l = levels[r.kind];
    if (r.pct >= l.crit) severity = "critical";
    else if (r.pct >= l.warn && severity === undefined) severity = "warning";
  }
  if (severity === undefined) return [];
  const some = rows.find((r) => r.kind === "some");
  const full = rows.find((r) => r.kind === "full");
  const main = some ?? full;
  if (main === undefined) return [];
  return [
    draft({
      rule: "memory-pressure",
      domain: "memory",
      severity,
      kind: "saturation",
      title: "Tasks stalled waiting for memory",
      summary:
        `Some task was stalled on memory ${fmtPct(some?.pct ?? 0)} of the time` +
        (full !== undefined ? ` and all tasks at once ${fmtPct(full.pct)}` : "") +
        ` (pressure stall information, ${fmtSpan(main.from, main.to, ctx.relative)}; thresholds some ${levels.some.warn}%, full ${levels.full.warn}%). ` +
        "Reclaim and swap-in are slowing the workload down even if nothing was killed yet.",
      evidence: rows.map((r) =>
        computedEvidence(ctx, {
          metric: r.metric,
          from: r.from,
          to: r.to,
          observed: r.pct,
          threshold: levels[r.kind].warn,
          stat: r.samples > 1 ? "ratio" : "last",
          unit: "%",
          samples: r.samples,
        }),
      ),
      intensity: Math.min(1, (some?.pct ?? 0) / 50),
      coverage: 1,
      main: {
        metric: main.metric,
        labels: {},
        observed: main.pct,
        threshold: levels[main.kind].warn,
        direction: "above",
      },
    }),
  ];
};

/**
 * Ballooning: the hypervisor takes memory back from the guest, which shows as MemTotal shrinking
 * during the capture (virtio-balloon, VMware vmmemctl, Hyper-V dynamic memory).
 */
export const memoryBalloon: Rule = (ctx) => {
  const s = ctx.index.get("mem.total_bytes");
  if (s === undefined) return [];
  const r = ctx.index.range(s);
  if (r.end - r.start < 2) return [];
  const first = s.values[r.start] ?? NaN;
  const last = s.values[r.end - 1] ?? NaN;
  if (!(first > 0) || !(last < first * 0.99)) return [];
  const lost = first - last;
  const from = s.times[r.start] ?? 0;
  const to = s.times[r.end - 1] ?? 0;
  return [
    draft({
      rule: "memory-balloon",
      domain: "virtualization",
      severity: lost >= first * 0.1 ? "critical" : "warning",
      kind: "saturation",
      title: "Memory taken back by the hypervisor",
      summary:
        `Total memory seen by the guest shrank by ${fmtBytes(lost)} (${fmtPct((100 * lost) / first)}) between ` +
        `${fmtSpan(from, to, ctx.relative)}: a balloon driver is handing memory back to the hypervisor, so the guest is under memory pressure the hypervisor created.`,
      evidence: [
        computedEvidence(ctx, {
          metric: "mem.total_bytes",
          from,
          to,
          observed: last,
          threshold: first * 0.99,
          stat: "last",
          unit: "B",
          samples: r.end - r.start,
        }),
      ],
      intensity: Math.min(1, lost / first / 0.2),
      coverage: 1,
    }),
  ];
};

export const MEMORY_RULES: readonly Rule[] = [
  memoryLowAvailable,
  memorySwapping,
  memoryMajorFaults,
  memoryOomKill,
  memoryPressure,
  memoryBalloon,
];
