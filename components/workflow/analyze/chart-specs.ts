/**
 * What each of the five Analyze charts draws: which metrics (by the names the parsers produce,
 * see lib/snapshot/combine.ts), on which axis, under which name and colour.
 */
import type { AxisId, AxisSpec } from "@/components/charts/time-series-chart";
import type { Domain } from "@/lib/analysis/types";
import { seriesKey, type Labels } from "@/lib/snapshot/types";

export type ChartDomain = "cpu" | "memory" | "disk" | "network" | "system";

export interface SeriesRule {
  metric: string;
  /** Exact label values the series must have (e.g. `cpu=all`). */
  labels?: Labels;
  axis: AxisId;
  name: (labels: Labels) => string;
  /** Colour, or the slot in {@link PALETTE} for series fanned out per device / interface. */
  color: string | ((index: number) => string);
  /** The label that fans the rule out into one series per value (device, iface). */
  per?: "device" | "iface";
}

export interface ChartSpec {
  domain: ChartDomain;
  title: "CPU" | "Memory" | "Disk I/O" | "Network" | "System";
  subtitle: string;
  axes: AxisSpec[];
  rules: SeriesRule[];
  /** Fan-out values never worth a line (loop devices, the loopback interface). */
  skip?: RegExp;
}

/** Distinct on the dark surface and on white. */
export const PALETTE = [
  "#5b8cff",
  "#4ade80",
  "#fbbf24",
  "#f472b6",
  "#22d3ee",
  "#fb923c",
  "#a78bfa",
  "#a3e635",
];

function slot(i: number): string {
  return PALETTE[i % PALETTE.length] ?? "#5b8cff";
}

export const CHART_SPECS: readonly ChartSpec[] = [
  {
    domain: "cpu",
    title: "CPU",
    subtitle: "% of all CPUs",
    axes: [{ id: "left", unit: "%", placement: "left", minMax: 100 }],
    rules: [
      {
        metric: "cpu.user_pct",
        labels: { cpu: "all" },
        axis: "left",
        name: () => "user",
        color: "#5b8cff",
      },
      {
        metric: "cpu.system_pct",
        labels: { cpu: "all" },
        axis: "left",
        name: () => "system",
        color: "#f87171",
      },
      {
        metric: "cpu.iowait_pct",
        labels: { cpu: "all" },
        axis: "left",
        name: () => "iowait",
        color: "#fbbf24",
      },
      {
        metric: "cpu.steal_pct",
        labels: { cpu: "all" },
        axis: "left",
        name: () => "steal",
        color: "#a78bfa",
      },
    ],
  },
  {
    domain: "memory",
    title: "Memory",
    subtitle: "bytes · swap in/out per second on the right · PSI on a 0–100 % scale (legend)",
    axes: [
      { id: "left", unit: "B", placement: "left" },
      { id: "right", unit: "B/s", placement: "right" },
      { id: "extra", unit: "%", placement: "hidden", minMax: 100 },
    ],
    rules: [
      { metric: "mem.used_bytes", axis: "left", name: () => "used", color: "#5b8cff" },
      { metric: "mem.available_bytes", axis: "left", name: () => "available", color: "#4ade80" },
      { metric: "swap.in_bytes_per_s", axis: "right", name: () => "swap in", color: "#fbbf24" },
      { metric: "swap.out_bytes_per_s", axis: "right", name: () => "swap out", color: "#fb923c" },
      {
        metric: "psi.memory_some_avg10",
        axis: "extra",
        name: () => "PSI some avg10",
        color: "#f472b6",
      },
    ],
  },
  {
    domain: "disk",
    title: "Disk I/O",
    subtitle: "utilisation % per device · await (ms) on the right",
    axes: [
      { id: "left", unit: "%", placement: "left", minMax: 100 },
      { id: "right", unit: "ms", placement: "right" },
    ],
    skip: /^(loop|ram|zram|sr|fd)\d*$/,
    rules: [
      {
        metric: "disk.util_pct",
        axis: "left",
        per: "device",
        name: (l) => `${l.device ?? "?"} util`,
        color: (i) => slot(2 * i),
      },
      {
        metric: "disk.await_ms",
        axis: "right",
        per: "device",
        name: (l) => `${l.device ?? "?"} await`,
        color: (i) => slot(2 * i + 1),
      },
    ],
  },
  {
    domain: "network",
    title: "Network",
    subtitle: "bytes/s per interface · TCP retransmits/s on the right",
    axes: [
      { id: "left", unit: "B/s", placement: "left" },
      { id: "right", unit: "/s", placement: "right" },
    ],
    skip: /^lo$/,
    rules: [
      {
        metric: "net.rx_bytes_per_s",
        axis: "left",
        per: "iface",
        name: (l) => `${l.iface ?? "?"} rx`,
        color: (i) => slot(2 * i),
      },
      {
        metric: "net.tx_bytes_per_s",
        axis: "left",
        per: "iface",
        name: (l) => `${l.iface ?? "?"} tx`,
        color: (i) => slot(2 * i + 1),
      },
      {
        metric: "tcp.retrans_segs_per_s",
        axis: "right",
        name: () => "TCP retransmits",
        color: "#f87171",
      },
    ],
  },
  {
    domain: "system",
    title: "System",
    subtitle: "load and runnable tasks · context switches and interrupts per second on the right",
    axes: [
      { id: "left", unit: "count", placement: "left" },
      { id: "right", unit: "/s", placement: "right" },
    ],
    rules: [
      { metric: "load.1m", axis: "left", name: () => "load 1m", color: "#5b8cff" },
      { metric: "procs.running", axis: "left", name: () => "run queue", color: "#4ade80" },
      {
        metric: "system.context_switches_per_s",
        axis: "right",
        name: () => "context switches",
        color: "#fbbf24",
      },
      {
        metric: "system.interrupts_per_s",
        axis: "right",
        name: () => "interrupts",
        color: "#a78bfa",
      },
    ],
  },
];

function selectorText(metric: string, labels?: Labels): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `${metric}{${entries.map(([k, v]) => `${k}=${v}`).join(",")}}` : metric;
}

/** The `metrics=` of the series request: every chart's selectors, one request per host and role. */
export const CHART_SELECTORS: string = CHART_SPECS.flatMap((c) =>
  c.rules.map((r) => selectorText(r.metric, r.labels)),
).join(",");

/** The rule a series belongs to, with its chart. */
export function ruleFor(
  metric: string,
  labels: Labels,
): { spec: ChartSpec; rule: SeriesRule } | null {
  for (const spec of CHART_SPECS) {
    for (const rule of spec.rules) {
      if (rule.metric !== metric) continue;
      if (!Object.entries(rule.labels ?? {}).every(([k, v]) => labels[k] === v)) continue;
      if (rule.per && spec.skip?.test(labels[rule.per] ?? "")) return null;
      return { spec, rule };
    }
  }
  return null;
}

/** Derived evidence metrics of the findings → the charted series they are computed from. */
const EVIDENCE_SOURCE: Record<string, { metric: string; labels?: Labels }[]> = {
  "cpu.busy_pct": [
    { metric: "cpu.user_pct", labels: { cpu: "all" } },
    { metric: "cpu.system_pct", labels: { cpu: "all" } },
  ],
  "cpu.busiest_pct": [
    { metric: "cpu.user_pct", labels: { cpu: "all" } },
    { metric: "cpu.system_pct", labels: { cpu: "all" } },
  ],
  "cpu.kernel_pct": [{ metric: "cpu.system_pct", labels: { cpu: "all" } }],
  "mem.available_pct": [{ metric: "mem.available_bytes" }],
  "mem.used_pct": [{ metric: "mem.used_bytes" }],
  "tcp.retrans_ratio_pct": [{ metric: "tcp.retrans_segs_per_s" }],
  "load.5m": [{ metric: "load.1m" }],
  "load.15m": [{ metric: "load.1m" }],
};

/** The ids (`metric{labels}`) of the charted series an evidence item is about. */
export function evidenceSeriesIds(e: { metric: string; labels: Labels }): string[] {
  const sources = EVIDENCE_SOURCE[e.metric];
  if (sources) return sources.map((s) => seriesKey(s.metric, s.labels ?? {}));
  if (e.metric.startsWith("net.") && e.labels.iface) {
    if (e.metric.endsWith("_ratio_pct")) {
      return ["net.rx_bytes_per_s", "net.tx_bytes_per_s"].map((m) =>
        seriesKey(m, { iface: e.labels.iface ?? "" }),
      );
    }
  }
  // Per-CPU evidence is drawn as the all-CPU series.
  if (e.metric.startsWith("cpu.") && e.labels.cpu !== undefined && e.labels.cpu !== "all") {
    return [seriesKey(e.metric, { ...e.labels, cpu: "all" })];
  }
  return [seriesKey(e.metric, e.labels)];
}

/** The chart a finding's domain points at (container and VM findings are about CPU or memory). */
export function chartOfDomain(domain: Domain, metrics: readonly string[]): ChartDomain {
  switch (domain) {
    case "cpu":
    case "memory":
    case "disk":
    case "network":
    case "system":
      return domain;
    default:
      return metrics.some((m) => m.includes("memory") || m.startsWith("mem.")) ? "memory" : "cpu";
  }
}
