/**
 * The analysis engine's shapes: findings (docs/design.md §3, "analyze"), baseline deviations and
 * correlations. Pure types: the CLI, the API and the pages all print these as they are.
 */
import type {
  Environment,
  HostEvent,
  HostInfo,
  Labels,
  Series,
  Timestamp,
} from "../snapshot/types";

export type Severity = "critical" | "warning" | "info";

export const DOMAINS = [
  "cpu",
  "memory",
  "disk",
  "network",
  "system",
  "container",
  "virtualization",
] as const;
export type Domain = (typeof DOMAINS)[number];

/** How an evidence value was reduced from the samples between `from` and `to`. */
export type EvidenceStat =
  | "mean"
  | "p95"
  | "max"
  | "min"
  | "last"
  /** Increase of a counter between the first and the last sample. */
  | "delta"
  /** Number of events. */
  | "count"
  /** Ratio of two sums over the window (e.g. retransmitted / sent segments), in %. */
  | "ratio";

export interface Evidence {
  metric: string;
  labels: Labels;
  /** Time of the first sample used (ISO UTC, or seconds since the capture start for relative series). */
  from: Timestamp;
  /** Time of the last sample used. */
  to: Timestamp;
  observed: number;
  /** The value the rule compares `observed` with (the level that was crossed, or a reference such as the CPU count). */
  threshold: number;
  /** The same statistic over the baseline, when one was given and holds this series. */
  baseline?: number;
  stat: EvidenceStat;
  unit: string;
  /** Number of samples (or events) behind `observed`. */
  samples: number;
}

export interface NextStep {
  tool: string;
  /** The exact command to run (with the pid, device, interface or cgroup filled in when known). */
  command: string;
  why: string;
  /** Where to run it: the host itself, the hypervisor, the Kubernetes control plane, ... */
  layer: "application" | "os" | "container" | "kubernetes" | "hypervisor" | "hardware";
}

/** A process that drives a finding, from pidstat/top (`proc.*` series). */
export interface DrivingProcess {
  pid: number;
  command: string;
  metric: string;
  /** Mean of `metric` over the finding's window (e.g. %CPU of one CPU, bytes/s). */
  value: number;
  unit: string;
  /** Its part of the resource the finding is about, 0..1 (e.g. of all busy CPU time). */
  share: number;
}

export interface Finding {
  rule: string;
  domain: Domain;
  severity: Severity;
  /** 0..1; findings are sorted by it, highest first. */
  score: number;
  title: string;
  /** Plain language: what was seen, over which window, which statistic, against which threshold. */
  summary: string;
  evidence: Evidence[];
  processes: DrivingProcess[];
  nextSteps: NextStep[];
  /** USE class of the signal: errors outrank saturation, which outranks utilization. */
  kind: "errors" | "saturation" | "utilization";
  /** The baseline shows the same condition: normal for this host, kept as information only. */
  normalForHost?: boolean;
  /** Rules whose findings this one explains (their scores are kept below this one's). */
  explains?: string[];
  /** The rule of a finding that explains this one (e.g. a context-switch storm for kernel time). */
  explainedBy?: string;
}

export interface Deviation {
  metric: string;
  labels: Labels;
  unit: string;
  incident: { median: number; p95: number; mean: number; samples: number };
  baseline: { median: number; p95: number; mad: number; samples: number };
  /** incident median − baseline median. */
  change: number;
  /** change / |baseline median| (null when the baseline median is 0). */
  relativeChange: number | null;
  /** (incident median − baseline median) / (1.4826 · MAD), with a floor on the spread. */
  robustZ: number;
}

export interface TimeWindow {
  /** Epoch ms (or ms since the capture start for relative series). */
  from: number;
  to: number;
}

export interface AnalysisInput {
  series: readonly Series[];
  events?: readonly HostEvent[];
  host?: HostInfo;
  /** Overrides `host.environment`. */
  environment?: Environment;
}

export interface AnalysisOptions {
  /**
   * Another snapshot of the same host when it was healthy, or the sysstat history (`sadf -j` of
   * the days before, in a bundle) — `source` says which, for the result.
   */
  baseline?: { series: readonly Series[]; source?: "snapshot" | "history" };
  /**
   * The incident window. Default: the whole input. Samples of the input before `from` form the
   * baseline when no other baseline is given ("an earlier window").
   */
  window?: TimeWindow;
  /** How many deviations to return (default 25). */
  maxDeviations?: number;
}

export interface AnalysisResult {
  environment: Environment;
  window: { from: Timestamp; to: Timestamp } | null;
  /** Where the baseline came from, if any. */
  baseline: "snapshot" | "history" | "earlier-window" | null;
  findings: Finding[];
  deviations: Deviation[];
  /** Rules that could not run (a bug, not a finding). */
  warnings: string[];
}

export interface CorrelationResult {
  metric: string;
  labels: Labels;
  /** Pearson correlation at the best lag, −1..1. */
  r: number;
  /** Candidate shifted by this many ms gives `r`: positive = the candidate moves after the target. */
  lagMs: number;
  /** Aligned pairs behind `r`. */
  pairs: number;
}
