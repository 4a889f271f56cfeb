/**
 * System-wide rules: context-switch and interrupt storms, and the kernel's own distress signals
 * (hung tasks, soft lockups, machine checks, segfaults).
 *
 * Yardsticks:
 * - PCP pmieconf cpu/context_switch: more than 4000 context switches per second per CPU
 *   ("High aggregate context switch rate") — our info level. Busy servers run several thousand
 *   per CPU without harm, so warning starts at 15 000 and critical at 50 000 per CPU, where the
 *   switching itself eats a visible share of the CPU.
 * - Interrupts: a few thousand per CPU per second are normal (timer, NIC with NAPI coalescing);
 *   from 20 000 per CPU the handlers take real CPU time (warning), from 50 000 critical — the
 *   reference's "interrupt storm" (vmstat `in`, /proc/interrupts).
 */
import { fmtNum, fmtPct, fmtSpan, plural } from "../format";
import { meanOf } from "../stats";
import {
  derive,
  draft,
  evidence,
  indexRange,
  present,
  processText,
  sustained,
  topProcesses,
  view,
  type Draft,
  type Rule,
  type RuleContext,
} from "./context";
import { cpuColumns } from "./cpu";
import { eventEvidence } from "./memory";

export const contextSwitchStorm: Rule = (ctx) => {
  const v = view(ctx, "system.context_switches_per_s");
  if (v === undefined) return [];
  const n = ctx.nCpu;
  const perCpu = derive(v, (i) => (v.values[i] ?? NaN) / n);
  const hit = sustained(ctx, perCpu, {
    crit: { enter: 50_000, stay: 37_500 },
    warn: { enter: 15_000, stay: 11_250 },
    info: { enter: 4000, stay: 3000 },
  });
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(v.values, e.start, e.end + 1);
  const cpu = cpuColumns(ctx, "all");
  const kr = cpu === undefined ? undefined : indexRange(cpu.busy.series, e.from, e.to);
  const kernel = cpu === undefined || kr === undefined ? NaN : meanOf(cpu.kernel, kr.start, kr.end);
  const processes = topProcesses(ctx, ["proc.context_switches_per_s"], e.from, e.to, {
    total: mean,
    min: 10,
  });
  const who = processText(processes, (p) => `${fmtNum(p.value)} switches/s`);
  return [
    draft({
      rule: "context-switch-storm",
      domain: "system",
      severity: hit.severity,
      kind: "saturation",
      title: "Context-switch storm",
      summary:
        `The CPUs switched tasks ${fmtNum(mean)} times per second, ${fmtNum(mean / n)} per CPU ` +
        `(mean over ${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtNum(hit.level.enter)} per CPU)` +
        (Number.isFinite(kernel) ? `, with ${fmtPct(kernel)} of CPU time in the kernel` : "") +
        ". Tasks hand the CPU back and forth (lock contention, tiny pipe or socket messages, too many threads), and the switching itself costs CPU and cache." +
        (who !== "" ? ` Switching most: ${who}.` : ""),
      evidence: present([
        evidence(ctx, {
          metric: "system.context_switches_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter * n,
        }),
        cpu === undefined
          ? undefined
          : evidence(ctx, {
              metric: "cpu.kernel_pct",
              labels: { cpu: "all" },
              series: cpu.busy.series,
              values: cpu.kernel,
              from: e.from,
              to: e.to,
              stat: "mean",
              threshold: 30,
              unit: "%",
            }),
        evidence(ctx, {
          metric: "procs.running",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: n,
        }),
      ]),
      processes,
      intensity: Math.min(1, Math.log10(Math.max(1, mean / n / 4000)) / 2),
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "system.context_switches_per_s",
        labels: {},
        observed: mean,
        threshold: 4000 * n,
        direction: "above",
      },
      target:
        processes[0] === undefined ? {} : { pid: processes[0].pid, command: processes[0].command },
      explains: ["cpu-system-time", "cpu-run-queue"],
    }),
  ];
};

export const interruptStorm: Rule = (ctx) => {
  const v = view(ctx, "system.interrupts_per_s");
  if (v === undefined) return [];
  const n = ctx.nCpu;
  const perCpu = derive(v, (i) => (v.values[i] ?? NaN) / n);
  const hit = sustained(ctx, perCpu, {
    crit: { enter: 50_000, stay: 37_500 },
    warn: { enter: 20_000, stay: 15_000 },
  });
  if (hit === undefined) return [];
  const e = hit.episode;
  const mean = meanOf(v.values, e.start, e.end + 1);
  return [
    draft({
      rule: "interrupt-storm",
      domain: "system",
      severity: hit.severity,
      kind: "saturation",
      title: "Interrupt storm",
      summary:
        `The CPUs handled ${fmtNum(mean)} interrupts per second, ${fmtNum(mean / n)} per CPU ` +
        `(mean over ${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${fmtNum(hit.level.enter)} per CPU). ` +
        "A device (usually a NIC or storage controller) interrupts too often: check which IRQ line grows fastest in /proc/interrupts and its coalescing settings.",
      evidence: present([
        evidence(ctx, {
          metric: "system.interrupts_per_s",
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: hit.level.enter * n,
        }),
        evidence(ctx, {
          metric: "cpu.irq_pct",
          labels: { cpu: "all" },
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 10,
        }),
        evidence(ctx, {
          metric: "cpu.softirq_pct",
          labels: { cpu: "all" },
          from: e.from,
          to: e.to,
          stat: "mean",
          threshold: 10,
        }),
      ]),
      intensity: Math.min(1, (mean / n - 20_000) / 80_000),
      coverage: e.durationMs / ctx.spanMs,
      main: {
        metric: "system.interrupts_per_s",
        labels: {},
        observed: mean,
        threshold: 20_000 * n,
        direction: "above",
      },
      explains: ["cpu-system-time"],
    }),
  ];
};

function eventRule(
  kind: "hung-task" | "soft-lockup" | "mce" | "segfault",
  spec: {
    rule: string;
    severity: "critical" | "warning" | "info";
    title: string;
    text: (n: number, names: string) => string;
    metric: string;
  },
): Rule {
  return (ctx: RuleContext): Draft[] => {
    const evs = ctx.events.filter((e) => e.event.kind === kind);
    const first = evs[0];
    const last = evs[evs.length - 1];
    if (first === undefined || last === undefined) return [];
    const names = [
      ...new Set(evs.map((e) => String(e.event.attrs.process ?? "")).filter((x) => x !== "")),
    ]
      .slice(0, 3)
      .join(", ");
    const processes = evs
      .filter((e) => e.event.attrs.pid !== undefined)
      .slice(0, 5)
      .map((e) => ({
        pid: Number(e.event.attrs.pid),
        command: String(e.event.attrs.process ?? "?"),
        metric: kind,
        value: 1,
        unit: "count",
        share: 1 / evs.length,
      }));
    return [
      draft({
        rule: spec.rule,
        domain: "system",
        severity: spec.severity,
        kind: "errors",
        title: spec.title,
        summary: `${spec.text(evs.length, names)} (${fmtSpan(first.ms, last.ms, ctx.relative)}, kernel log).`,
        evidence: present([eventEvidence(ctx, spec.metric, evs)]),
        processes,
        intensity: Math.min(1, evs.length / 5),
        coverage: 1,
        target:
          processes[0] === undefined
            ? {}
            : { pid: processes[0].pid, command: processes[0].command },
      }),
    ];
  };
}

export const hungTasks = eventRule("hung-task", {
  rule: "hung-tasks",
  severity: "critical",
  title: "Tasks hung in uninterruptible sleep",
  metric: "kernel.hung_task_events",
  text: (n, names) =>
    `The kernel reported ${plural(n, "task")} blocked for more than its hung-task timeout${names !== "" ? ` (${names})` : ""}: ` +
    "they wait on I/O or a lock that does not come back — often storage or NFS",
});

export const softLockups = eventRule("soft-lockup", {
  rule: "soft-lockup",
  severity: "critical",
  title: "CPU soft lockup",
  metric: "kernel.soft_lockup_events",
  text: (n) =>
    `The kernel reported ${plural(n, "soft lockup")}: a CPU ran kernel code without scheduling for seconds. ` +
    "On a VM this often means the hypervisor did not run the vCPU; on bare metal, a driver or kernel bug",
});

export const machineChecks = eventRule("mce", {
  rule: "machine-check",
  severity: "critical",
  title: "Hardware errors (machine check)",
  metric: "kernel.mce_events",
  text: (n) =>
    `The CPU reported ${plural(n, "machine-check event")}: memory, cache or bus errors detected by the hardware`,
});

export const segfaults = eventRule("segfault", {
  rule: "segfaults",
  severity: "info",
  title: "Processes crashed (segfault)",
  metric: "kernel.segfault_events",
  text: (n, names) =>
    `${plural(n, "process", "processes")} crashed with a segmentation fault${names !== "" ? ` (${names})` : ""}`,
});

export const SYSTEM_RULES: readonly Rule[] = [
  contextSwitchStorm,
  interruptStorm,
  hungTasks,
  softLockups,
  machineChecks,
  segfaults,
];
