/**
 * CPU rules (USE: utilization = busy time, saturation = run queue, plus where the time goes:
 * user, kernel, iowait, steal, and one CPU pegged while the others idle).
 *
 * Yardsticks:
 * - Netdata health.d/cpu.conf `10min_cpu_usage`: warn > 85% (clears at 75), crit > 95% (clears
 *   at 85) of user+system+softirq+irq+guest averaged over 10 min; `10min_cpu_iowait` warn > 40%
 *   (clears at 20); `20min_steal_cpu` warn > 10% (clears at 5).
 * - PCP pmieconf cpu/system: busy >= 70% and system time > 75% of busy time;
 *   percpu/some_util: one CPU > 95% busy on a multi-processor host.
 * - Prometheus node-mixin `NodeCPUHighUsage` (> 90% for 15 min, info) and
 *   `NodeSystemSaturation` (load1 per core > 2 for 15 min).
 * Durations are scaled to the capture: a quarter of the window, 10 s at least, 10 min at most
 * (20 min for steal, like Netdata's lookup).
 */
import type { Series } from "../../snapshot/types";
import { fmtNum, fmtPct, fmtSpan, plural } from "../format";
import { meanOf } from "../stats";
import { stamp } from "../series-index";
import type { Episode } from "../episodes";
import {
  alignedValues,
  derive,
  draft,
  evidence,
  indexRange,
  present,
  processText,
  sustained,
  sustainedWhere,
  topProcesses,
  view,
  viewOf,
  type Draft,
  type Rule,
  type RuleContext,
  type View,
} from "./context";

interface CpuColumns {
  /** 100 − idle − iowait − steal: time the CPU ran something. */
  busy: View;
  user: ArrayLike<number>;
  /** system + irq + softirq. */
  kernel: ArrayLike<number>;
  iowait: ArrayLike<number>;
  steal: ArrayLike<number>;
}

const ZERO: ArrayLike<number> = { length: 0 };

function col(base: View, s: Series | undefined): ArrayLike<number> {
  return alignedValues(base, s) ?? ZERO;
}

function at(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  return v === undefined || v !== v ? 0 : v;
}

/** The CPU columns of one `cpu` label (`all` or a CPU number), aligned on the idle samples. */
export function cpuColumns(ctx: RuleContext, cpu: string): CpuColumns | undefined {
  const labels = { cpu };
  const get = (m: string): Series | undefined => ctx.index.get(`cpu.${m}_pct`, labels);
  const idleV = viewOf(ctx, get("idle"));
  const baseV = idleV ?? viewOf(ctx, get("user"));
  if (baseV === undefined) return undefined;
  const user = col(baseV, get("user"));
  const nice = col(baseV, get("nice"));
  const system = col(baseV, get("system"));
  const irq = col(baseV, get("irq"));
  const softirq = col(baseV, get("softirq"));
  const iowait = col(baseV, get("iowait"));
  const steal = col(baseV, get("steal"));
  const idle = idleV === undefined ? undefined : idleV.values;
  const busy = derive(baseV, (i) =>
    idle !== undefined
      ? Math.max(0, 100 - at(idle, i) - at(iowait, i) - at(steal, i))
      : at(user, i) + at(nice, i) + at(system, i) + at(irq, i) + at(softirq, i),
  );
  const userish = new Float64Array(baseV.end);
  const kernel = new Float64Array(baseV.end);
  for (let i = baseV.start; i < baseV.end; i++) {
    userish[i] = at(user, i) + at(nice, i);
    kernel[i] = at(system, i) + at(irq, i) + at(softirq, i);
  }
  return { busy, user: userish, kernel, iowait, steal };
}

/** CPU labels other than `all`, numerically sorted. */
function cpuIds(ctx: RuleContext): string[] {
  return ctx.index
    .all("cpu.idle_pct")
    .map((s) => s.labels.cpu ?? "")
    .filter((c) => c !== "" && c !== "all")
    .sort((a, b) => Number(a) - Number(b));
}

function cpuProcesses(ctx: RuleContext, e: Episode, busyMean: number): Draft["processes"] {
  // Share of all busy CPU time: pidstat's %CPU is of one CPU, busy is of all of them.
  return topProcesses(ctx, ["proc.cpu_pct"], e.from, e.to, {
    total: busyMean * ctx.nCpu,
    min: 1,
  });
}

function cpuEvidence(ctx: RuleContext, c: CpuColumns, e: Episode, threshold: number) {
  const s = c.busy.series;
  return present([
    evidence(ctx, {
      metric: "cpu.busy_pct",
      labels: { cpu: s.labels.cpu ?? "all" },
      series: s,
      values: c.busy.values,
      from: e.from,
      to: e.to,
      stat: "mean",
      threshold,
      unit: "%",
    }),
    evidence(ctx, {
      metric: "cpu.user_pct",
      labels: { cpu: "all" },
      from: e.from,
      to: e.to,
      stat: "mean",
      threshold,
    }),
    evidence(ctx, {
      metric: "cpu.system_pct",
      labels: { cpu: "all" },
      from: e.from,
      to: e.to,
      stat: "mean",
      threshold,
    }),
    evidence(ctx, {
      metric: "procs.running",
      from: e.from,
      to: e.to,
      stat: "mean",
      threshold: ctx.nCpu,
    }),
  ]);
}

const BUSY = { warn: { enter: 85, stay: 75 }, crit: { enter: 95, stay: 85 } };

/** All CPUs busy, mostly in user space: the application needs more CPU than the host has. */
export const cpuSaturation: Rule = (ctx) => {
  const c = cpuColumns(ctx, "all");
  if (c === undefined) return [];
  const hit = sustained(ctx, c.busy, BUSY);
  if (hit === undefined) return [];
  const e = hit.episode;
  const busy = meanOf(c.busy.values, e.start, e.end + 1);
  const kernel = meanOf(c.kernel, e.start, e.end + 1);
  const user = meanOf(c.user, e.start, e.end + 1);
  // Kernel-dominated saturation is the cpu-system-time finding; this one is the user-bound case.
  if (kernel >= user) return [];
  const threshold = hit.level.enter;
  const processes = cpuProcesses(ctx, e, busy);
  const running = ctx.index.get("procs.running");
  const runq =
    running === undefined ? NaN : meanOf(running.values, ...rangeArgs(running, e.from, e.to));
  const who = processText(processes, (p) => `${fmtPct(p.value)} of a CPU`);
  const summary =
    `All ${plural(ctx.nCpu, "CPU")} were ${fmtPct(busy)} busy on average ` +
    `(mean over ${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; ` +
    `threshold ${fmtPct(threshold)}), ${fmtPct(user)} in user space and ${fmtPct(kernel)} in the kernel.` +
    (Number.isFinite(runq)
      ? ` ${fmtNum(runq)} tasks were runnable on average for ${plural(ctx.nCpu, "CPU")}${runq > ctx.nCpu ? ": work waits for a CPU" : ""}.`
      : "") +
    (who !== "" ? ` Top consumers: ${who}.` : "") +
    " The application is CPU-bound: profile it, or give it more CPU.";
  return [
    draft({
      rule: "cpu-saturation",
      domain: "cpu",
      severity: hit.severity,
      kind: "utilization",
      title: "CPU saturated by user-space work",
      summary,
      evidence: cpuEvidence(ctx, c, e, threshold),
      processes,
      intensity: (busy - BUSY.warn.enter) / (100 - BUSY.warn.enter),
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "cpu.busy_pct",
        labels: { cpu: "all" },
        observed: busy,
        threshold: BUSY.warn.enter,
        direction: "above",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
      explains: ["cpu-run-queue"],
    }),
  ];
};

function rangeArgs(s: Series, from: number, to: number): [number, number] {
  const r = indexRange(s, from, to);
  return [r.start, r.end];
}

/**
 * Kernel time (system + irq + softirq) dominating busy time: syscalls, page faults, interrupts,
 * networking or filesystem work. pmie's cpu.system asks for system > 75% of busy at >= 70% busy;
 * we warn from 30% kernel time when it is at least half of the busy time, critical from 50%.
 */
export const cpuSystemTime: Rule = (ctx) => {
  const c = cpuColumns(ctx, "all");
  if (c === undefined) return [];
  const k = c.kernel;
  const b = c.busy.values;
  const kv: View = { ...c.busy, values: k };
  const dominant = (share: number) => (i: number) => at(k, i) >= share * at(b, i);
  const hit = sustained(
    ctx,
    kv,
    { warn: { enter: 30, stay: 20 }, crit: { enter: 50, stay: 40 } },
    { extra: dominant(0.45) },
  );
  if (hit === undefined) return [];
  const e = hit.episode;
  const kernel = meanOf(k, e.start, e.end + 1);
  const busy = meanOf(b, e.start, e.end + 1);
  const processes = topProcesses(ctx, ["proc.system_pct"], e.from, e.to, {
    total: kernel * ctx.nCpu,
    min: 1,
  });
  const who = processText(processes, (p) => `${fmtPct(p.value)} of a CPU in the kernel`);
  const threshold = hit.level.enter;
  const summary =
    `The CPUs spent ${fmtPct(kernel)} of their time in the kernel (system + irq + softirq, mean over ` +
    `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtPct(threshold)}), ` +
    `${fmtPct(busy > 0 ? (100 * kernel) / busy : 0)} of all busy time.` +
    (who !== "" ? ` Most kernel time was spent on behalf of ${who}.` : "") +
    " Look at what the processes ask the kernel for: system calls, page faults, interrupts, network or filesystem work.";
  return [
    draft({
      rule: "cpu-system-time",
      domain: "cpu",
      severity: hit.severity,
      kind: "utilization",
      title: "CPU time spent in the kernel",
      summary,
      evidence: present([
        evidence(ctx, {
          metric: "cpu.kernel_pct",
          labels: { cpu: "all" },
          series: c.busy.series,
          values: k,
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold,
          unit: "%",
        }),
        ...cpuEvidence(ctx, c, e, threshold).slice(1),
        evidence(ctx, {
          metric: "system.context_switches_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 4000 * ctx.nCpu,
        }),
        evidence(ctx, {
          metric: "system.interrupts_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 20000 * ctx.nCpu,
        }),
      ]),
      processes,
      intensity: (kernel - 30) / 70,
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "cpu.kernel_pct",
        labels: { cpu: "all" },
        observed: kernel,
        threshold: 30,
        direction: "above",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
      explains: ["cpu-run-queue"],
    }),
  ];
};

/** CPUs idle while tasks wait for I/O: the storage (or NFS) is the bottleneck, not the CPU. */
export const cpuIowait: Rule = (ctx) => {
  const c = cpuColumns(ctx, "all");
  if (c === undefined || c.iowait.length === 0) return [];
  const v: View = { ...c.busy, values: c.iowait };
  const hit = sustained(ctx, v, { warn: { enter: 25, stay: 15 }, crit: { enter: 50, stay: 40 } });
  if (hit === undefined) return [];
  const e = hit.episode;
  const iowait = meanOf(c.iowait, e.start, e.end + 1);
  const processes = topProcesses(
    ctx,
    ["proc.read_bytes_per_s", "proc.write_bytes_per_s"],
    e.from,
    e.to,
    { min: 1 },
  );
  const who = processText(processes, (p) => `${fmtNum(p.value / 1024)} KiB/s`);
  return [
    draft({
      rule: "cpu-iowait",
      domain: "cpu",
      severity: hit.severity,
      kind: "saturation",
      title: "CPUs waiting on I/O",
      summary:
        `The CPUs were idle with I/O outstanding ${fmtPct(iowait)} of the time (iowait, mean over ` +
        `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtPct(hit.level.enter)}). ` +
        "iowait is not CPU work: tasks are blocked on disk or network filesystems." +
        (who !== "" ? ` Heaviest I/O: ${who}.` : ""),
      evidence: present([
        evidence(ctx, {
          metric: "cpu.iowait_pct",
          labels: { cpu: "all" },
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
        }),
        evidence(ctx, {
          metric: "procs.blocked",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 1,
        }),
      ]),
      processes,
      intensity: (iowait - 25) / 75,
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "cpu.iowait_pct",
        labels: { cpu: "all" },
        observed: iowait,
        threshold: 25,
        direction: "above",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
    }),
  ];
};

/**
 * Steal: the VM wanted to run but the hypervisor ran someone else (noisy neighbour, overcommitted
 * host). Netdata warns at 10% over 20 min; the reference calls 20–30% a serious case.
 */
export const cpuSteal: Rule = (ctx) => {
  const c = cpuColumns(ctx, "all");
  if (c === undefined || c.steal.length === 0) return [];
  const v: View = { ...c.busy, values: c.steal };
  const hit = sustained(
    ctx,
    v,
    { warn: { enter: 10, stay: 5 }, crit: { enter: 25, stay: 15 } },
    { maxMs: 1_200_000 },
  );
  if (hit === undefined) return [];
  const e = hit.episode;
  const steal = meanOf(c.steal, e.start, e.end + 1);
  const busy = meanOf(c.busy.values, e.start, e.end + 1);
  return [
    draft({
      rule: "cpu-steal",
      domain: "virtualization",
      severity: hit.severity,
      kind: "saturation",
      title: "CPU time stolen by the hypervisor",
      summary:
        `The hypervisor kept this VM's vCPUs off the physical CPUs ${fmtPct(steal)} of the time (steal, mean over ` +
        `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtPct(hit.level.enter)}) ` +
        `while the guest itself was ${fmtPct(busy)} busy. The bottleneck is outside the VM: ` +
        "other VMs on the same host or an overcommitted hypervisor. Check the host's CPU ready time.",
      evidence: present([
        evidence(ctx, {
          metric: "cpu.steal_pct",
          labels: { cpu: "all" },
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
        }),
        cpuEvidence(ctx, c, e, 85)[0],
      ]),
      intensity: (steal - 10) / 40,
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "cpu.steal_pct",
        labels: { cpu: "all" },
        observed: steal,
        threshold: 10,
        direction: "above",
      },
    }),
  ];
};

/**
 * Saturation: more runnable tasks than CPUs (vmstat r, sar runq-sz, both count the running ones
 * too). node-mixin's NodeSystemSaturation fires at a load of 2 per core; we warn from 1.5 and
 * note (info) any sustained queue beyond the CPU count.
 * Without run-queue samples, the 1-minute load average per core is used.
 */
export const cpuRunQueue: Rule = (ctx) => {
  const running = view(ctx, "procs.running");
  const load = view(ctx, "load.1m");
  const v = running ?? load;
  if (v === undefined) return [];
  const n = ctx.nCpu;
  // Information as soon as tasks queue beyond the CPUs (at least one waiting); a warning from
  // 1.5 per CPU; critical from 2 per CPU (node-mixin NodeSystemSaturation).
  const hit = sustained(ctx, v, {
    info: { enter: Math.max(1.25 * n, n + 1), stay: n + 0.5 },
    warn: { enter: 1.5 * n, stay: 1.25 * n },
    crit: { enter: 2 * n, stay: 1.75 * n },
  });
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(v.values, e.start, e.end + 1);
  const metric = v.series.metric;
  const processes = topProcesses(ctx, ["proc.cpu_pct"], e.from, e.to, { min: 1 });
  const who = processText(processes, (p) => `${fmtPct(p.value)} of a CPU`);
  return [
    draft({
      rule: "cpu-run-queue",
      domain: "cpu",
      severity: hit.severity,
      kind: "saturation",
      title: "More runnable tasks than CPUs",
      summary:
        `${fmtNum(mean)} tasks were ready to run on average for ${plural(n, "CPU")} ` +
        `(${metric === "procs.running" ? "run queue" : "1-minute load average"}, mean over ` +
        `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; ` +
        `threshold ${fmtNum(hit.level.enter)} = ${fmtNum(hit.level.enter / n)} per CPU): tasks wait for a CPU, which adds latency.` +
        (who !== "" ? ` Busiest: ${who}.` : ""),
      evidence: present([
        evidence(ctx, { metric, from: e.from, to: e.to, stat: "mean", threshold: hit.level.enter }),
        metric === "procs.running"
          ? evidence(ctx, {
              metric: "load.1m",
              from: e.from,
              to: e.to,
              stat: "max",
              threshold: 2 * n,
            })
          : undefined,
        evidence(ctx, {
          metric: "psi.cpu_some_avg10",
          from: e.from,
          to: e.to + 5000,
          stat: "max",
          threshold: 10,
        }),
      ]),
      processes,
      intensity: (mean / n - 1.5) / 2.5,
      coverage: e.durationMs / ctx.spanMs,
      main: { metric, labels: {}, observed: mean, threshold: 1.5 * n, direction: "above" },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
    }),
  ];
};

/**
 * One CPU pegged while the others idle: a single-threaded process (or one pinned to a CPU) is
 * the bottleneck, and the host average hides it. Per sample, the busiest CPU (whichever it is, so
 * a thread that migrates still counts) against the mean of the others.
 */
export const cpuSingleThread: Rule = (ctx) => {
  const ids = cpuIds(ctx);
  if (ids.length < 2) return [];
  const cols = present(ids.map((id) => cpuColumns(ctx, id)));
  const base = cols[0];
  if (base === undefined || cols.length < 2) return [];
  const busy = cols.map((c, k) =>
    k === 0 || sameTimes(base.busy, c.busy)
      ? c.busy.values
      : (alignedValues(base.busy, derivedSeries(c.busy)) ?? ZERO),
  );
  const hot = new Float64Array(base.busy.end);
  const others = new Float64Array(base.busy.end);
  const which = new Int32Array(base.busy.end);
  for (let i = base.busy.start; i < base.busy.end; i++) {
    let max = -1;
    let arg = 0;
    let sum = 0;
    let n = 0;
    for (let k = 0; k < busy.length; k++) {
      const x = busy[k]?.[i] ?? NaN;
      if (x !== x) continue;
      sum += x;
      n++;
      if (x > max) {
        max = x;
        arg = k;
      }
    }
    hot[i] = n >= 2 ? max : NaN;
    others[i] = n >= 2 ? (sum - max) / (n - 1) : NaN;
    which[i] = arg;
  }
  const hv: View = { ...base.busy, values: hot };
  const cold = (limit: number) => (i: number) => (others[i] ?? NaN) <= limit;
  const hit = sustained(
    ctx,
    hv,
    { warn: { enter: 90, stay: 80 }, crit: { enter: 98, stay: 95 } },
    { extra: cold(50) },
  );
  if (hit === undefined) return [];
  // Re-run with the laxer "others" limit so the reported run is not cut by a short burst elsewhere.
  const e =
    sustainedWhere(
      ctx,
      hv,
      (i) => (hot[i] ?? 0) >= hit.level.enter && (others[i] ?? 1e9) <= 50,
      (i) => (hot[i] ?? 0) >= hit.level.stay && (others[i] ?? 1e9) <= 65,
      {
        accept: (ep) =>
          meanOf(hot, ep.start, ep.end + 1) >= hit.level.enter &&
          meanOf(others, ep.start, ep.end + 1) <= 50,
      },
    ) ?? hit.episode;
  const counts = new Map<number, number>();
  for (let i = e.start; i <= e.end; i++)
    counts.set(which[i] ?? 0, (counts.get(which[i] ?? 0) ?? 0) + 1);
  const [topK, topN] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const samples = e.end - e.start + 1;
  const stable = topN >= 0.8 * samples;
  const cpu = ids[topK] ?? "0";
  const hotMean = meanOf(hot, e.start, e.end + 1);
  const othersMean = meanOf(others, e.start, e.end + 1);
  const all = cpuColumns(ctx, "all");
  const allMean =
    all === undefined ? NaN : meanOf(all.busy.values, ...rangeArgs(all.busy.series, e.from, e.to));
  const processes = topProcesses(ctx, ["proc.cpu_pct"], e.from, e.to, { total: 100, min: 1 });
  const who = processText(processes, (p) => `${fmtPct(p.value)} of a CPU`);
  const hotCol = cols[topK];
  const ev = present([
    stable && hotCol !== undefined
      ? evidence(ctx, {
          metric: "cpu.busy_pct",
          labels: { cpu },
          series: hotCol.busy.series,
          values: hotCol.busy.values,
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
          unit: "%",
        })
      : evidence(ctx, {
          metric: "cpu.busiest_pct",
          series: base.busy.series,
          values: hot,
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter,
          unit: "%",
        }),
    evidence(ctx, {
      metric: "cpu.others_busy_pct",
      labels: stable ? { except: cpu } : {},
      series: base.busy.series,
      values: others,
      from: e.from,
      to: e.to,
      stat: "mean",
      threshold: 50,
      unit: "%",
    }),
    all === undefined
      ? undefined
      : evidence(ctx, {
          metric: "cpu.busy_pct",
          labels: { cpu: "all" },
          series: all.busy.series,
          values: all.busy.values,
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 85,
          unit: "%",
        }),
  ]);
  return [
    draft({
      rule: "cpu-single-thread-bound",
      domain: "cpu",
      severity: hit.severity,
      kind: "saturation",
      title: stable
        ? `CPU ${cpu} saturated while the others idle`
        : "One CPU at a time saturated while the others idle",
      summary:
        `${stable ? `CPU ${cpu}` : "The busiest CPU"} was ${fmtPct(hotMean)} busy (mean over ${plural(samples, "sample")}, ` +
        `${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtPct(hit.level.enter)}) while the other ` +
        `${plural(ids.length - 1, "CPU")} averaged ${fmtPct(othersMean)}` +
        (Number.isFinite(allMean) ? `; the host average of ${fmtPct(allMean)} hides it` : "") +
        ". One thread (or a process pinned to one CPU) is the bottleneck: adding CPUs will not help." +
        (who !== "" ? ` Busiest: ${who}.` : ""),
      evidence: ev,
      processes,
      intensity: (hotMean - 90) / 10,
      coverage: e.durationMs / ctx.spanMs,
      main: stable
        ? {
            metric: "cpu.busy_pct",
            labels: { cpu },
            observed: hotMean,
            threshold: 90,
            direction: "above",
          }
        : undefined,
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
    }),
  ];
};

function sameTimes(a: View, b: View): boolean {
  const at = a.series.times;
  const bt = b.series.times;
  return (
    at === bt ||
    (at.length === bt.length && at[a.start] === bt[a.start] && at[a.end - 1] === bt[a.end - 1])
  );
}

/** A derived view as a series (its times, the derived values), for alignment. */
function derivedSeries(v: View): Series {
  return {
    ...v.series,
    times: v.series.times,
    values: Array.from(v.values),
  };
}

/** Kernel reports of thermal throttling (`CPU0: Core temperature above threshold, cpu clock throttled`). */
export const cpuThermalThrottle: Rule = (ctx) => {
  const evs = ctx.events.filter((e) => e.event.kind === "throttle");
  const first = evs[0];
  const last = evs[evs.length - 1];
  if (first === undefined || last === undefined) return [];
  return [
    draft({
      rule: "cpu-thermal-throttle",
      domain: "cpu",
      severity: "warning",
      kind: "errors",
      title: "CPU clock throttled for temperature",
      summary: `The kernel reported ${plural(evs.length, "thermal throttling event")} (${fmtSpan(first.ms, last.ms, ctx.relative)}): the CPUs ran slower than their rated clock. Check cooling, fans and power limits.`,
      evidence: [
        {
          metric: "kernel.throttle_events",
          labels: {},
          from: stamp(first.ms, ctx.relative),
          to: stamp(last.ms, ctx.relative),
          observed: evs.length,
          threshold: 0,
          stat: "count",
          unit: "count",
          samples: evs.length,
        },
      ],
      intensity: Math.min(1, evs.length / 10),
    }),
  ];
};

export const CPU_RULES: readonly Rule[] = [
  cpuSaturation,
  cpuSystemTime,
  cpuIowait,
  cpuSteal,
  cpuRunQueue,
  cpuSingleThread,
  cpuThermalThrottle,
];
