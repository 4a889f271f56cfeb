/**
 * What a metric's numbers mean for a person comparing two captures: which way is better, how big a
 * change has to be before it matters, what to call it and how to print its value.
 *
 * Shared by the Baseline table (which metrics are far off), the Verify verdicts and the postmortem.
 * Pure: no Next, Prisma or DOM.
 */
import { fmtBytes, fmtNum } from "@/lib/analysis/format";

/**
 * - `lower-better`: utilisation, latency, queues, errors, retransmits, swapping, steal.
 * - `higher-better`: headroom (available memory, idle CPU, free space).
 * - `closer-better`: throughput and activity (bytes/s, requests/s, packets/s): neither more nor
 *   less is good in itself; only the distance from the host's normal says something.
 */
export type Direction = "lower-better" | "higher-better" | "closer-better";

const HIGHER_BETTER = [
  /^mem\.(available|free)_/,
  /^cpu\.idle_pct$/,
  /^fs\.avail_bytes$/,
  /^cgroup\.cpu_limit_cores$/,
  /^cgroup\.memory_max_bytes$/,
];

const CLOSER_BETTER = [
  /_bytes_per_s$/,
  /_packets_per_s$/,
  /^disk\.(reads|writes)_per_s$/,
  /^tcp\.(in|out)_segs_per_s$/,
  /^tcp\.(active|passive)_opens_per_s$/,
  /^tcp\.established$/,
  /^mem\.(total|cached|buffers|used)_bytes$/,
  /^system\.forks_per_s$/,
];

/** Lower-better is the default: most signals the rules raise are "too much of something". */
export function metricDirection(metric: string): Direction {
  // Swap traffic is bytes/s but any of it is a symptom: lower is better.
  if (metric.startsWith("swap.")) return "lower-better";
  if (HIGHER_BETTER.some((r) => r.test(metric))) return "higher-better";
  if (CLOSER_BETTER.some((r) => r.test(metric))) return "closer-better";
  return "lower-better";
}

const MiB = 1024 * 1024;

/**
 * The smallest absolute change of a metric that a responder would call real, whatever the
 * statistics say. A robust z-score alone is not enough: a CPU flat at 0.0% softirq in the baseline
 * makes 1% look like a thousand-sigma event. These floors are deliberately coarse.
 */
export function noiseFloor(metric: string, unit: string): number {
  if (metric.startsWith("swap.")) return 64 * 1024;
  if (/(errors|drops)_per_s$/.test(metric)) return 1;
  if (metric === "tcp.retrans_segs_per_s") return 1;
  if (/^system\.(context_switches|interrupts)_per_s$/.test(metric)) return 2000;
  if (metric === "mem.major_faults_per_s") return 10;
  if (/^disk\.(reads|writes)_per_s$/.test(metric)) return 50;
  if (/_packets_per_s$/.test(metric)) return 200;
  switch (unit) {
    case "%":
      return 5;
    case "ms":
      return 2;
    case "B":
      return 64 * MiB;
    case "B/s":
      return MiB;
    case "/s":
      return 1;
    case "s":
      return 0.5;
    default:
      // Queue lengths, load averages, process counts, cores.
      return 1;
  }
}

/**
 * Spiky error-like signals (retransmits, drops, faults, swapping) are often 0 at the median even
 * while they hurt: they are compared on the mean. Levels (utilisation, latency, memory) are
 * compared on the median, which one outlier sample cannot move.
 */
export function comparisonStat(metric: string): "median" | "mean" {
  return /(errors|drops|retrans|faults|oom|throttled)/.test(metric) || metric.startsWith("swap.")
    ? "mean"
    : "median";
}

const NAMES: Record<string, string> = {
  "cpu.user_pct": "CPU user",
  "cpu.system_pct": "CPU system",
  "cpu.iowait_pct": "CPU iowait",
  "cpu.steal_pct": "CPU steal",
  "cpu.idle_pct": "CPU idle",
  "cpu.busy_pct": "CPU busy",
  "cpu.kernel_pct": "CPU kernel (sys+irq+softirq)",
  "cpu.softirq_pct": "CPU softirq",
  "cpu.irq_pct": "CPU irq",
  "mem.available_bytes": "Memory available",
  "mem.available_pct": "Memory available",
  "mem.swap_used_bytes": "Swap used",
  "swap.in_bytes_per_s": "Swap in",
  "swap.out_bytes_per_s": "Swap out",
  "mem.major_faults_per_s": "Major page faults",
  "disk.util_pct": "Disk utilisation",
  "disk.await_ms": "Disk await",
  "disk.r_await_ms": "Disk read await",
  "disk.w_await_ms": "Disk write await",
  "disk.queue_depth": "Disk queue depth",
  "disk.reads_per_s": "Disk reads",
  "disk.writes_per_s": "Disk writes",
  "disk.read_bytes_per_s": "Disk read throughput",
  "disk.write_bytes_per_s": "Disk write throughput",
  "net.rx_bytes_per_s": "Network received",
  "net.tx_bytes_per_s": "Network sent",
  "net.rx_drops_per_s": "Received packets dropped",
  "net.tx_drops_per_s": "Sent packets dropped",
  "net.rx_errors_per_s": "Receive errors",
  "net.tx_errors_per_s": "Send errors",
  "tcp.retrans_segs_per_s": "TCP retransmits",
  "tcp.retrans_ratio_pct": "TCP retransmit ratio",
  "load.1m": "Load average (1 min)",
  "procs.running": "Run queue",
  "procs.blocked": "Blocked processes",
  "system.context_switches_per_s": "Context switches",
  "system.interrupts_per_s": "Interrupts",
  "fs.used_pct": "Filesystem used",
};

/** `Disk utilisation (vda)`, `CPU user`, `tcp.foo_per_s` for unknown metrics. */
export function metricLabel(metric: string, labels: Record<string, string> = {}): string {
  const name = NAMES[metric] ?? metric;
  const parts = Object.entries(labels)
    .filter(([k, v]) => !(k === "cpu" && v === "all"))
    .map(([k, v]) => (k === "cpu" ? `cpu ${v}` : v));
  return parts.length > 0 ? `${name} (${parts.join(", ")})` : name;
}

/** `disk.util_pct{device=vda}`: how a series is written in alerts and queries. */
export function selectorText(metric: string, labels: Record<string, string> = {}): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return metric;
  return `${metric}{${keys.map((k) => `${k}=${labels[k] ?? ""}`).join(",")}}`;
}

/** A value with its unit, for tables and prose: `89.1%`, `1.5 GiB`, `210 MiB/s`, `0.3 ms`. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "%":
      return `${fmtNum(value)}%`;
    case "B":
      return fmtBytes(value);
    case "B/s":
      return `${fmtBytes(value)}/s`;
    case "":
    case "count":
      return fmtNum(value);
    default:
      return `${fmtNum(value)} ${unit}`;
  }
}

/** A signed change with its unit: `+88.9%` (points for percentages), `−1.2 GiB`. */
export function formatChange(change: number | null | undefined, unit: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "–";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const body = formatValue(Math.abs(change), unit);
  return unit === "%" ? `${sign}${body.replace(/%$/, "")} pt` : `${sign}${body}`;
}
