/**
 * "What alert would have caught it": derived from the incident's top finding, so the postmortem
 * ends with something a team can paste into its monitoring, not a vague "add monitoring".
 *
 * The signal is the finding's main evidence (the first one the rule compared with a level), the
 * level is the rule's threshold, and the duration follows the USE class: errors (drops, OOM kills,
 * retransmits) should page after a minute; utilisation and saturation only when they last five
 * minutes, because short busy spells are normal and an alert that flaps gets muted.
 */
import type { Evidence } from "@/lib/analysis/types";
import { formatValue, selectorText } from "@/lib/workflow/verify-metrics";
import type { DossierFinding } from "./dossier";

export interface AlertSuggestion {
  rule: string;
  findingTitle: string;
  hostname: string | null;
  metric: string;
  labels: Record<string, string>;
  /** `disk.util_pct{device=vda}` */
  selector: string;
  operator: ">" | "<";
  threshold: number;
  unit: string;
  forMinutes: number;
  /** What the incident showed, and what is normal, for the postmortem's prose. */
  observed: number;
  baseline: number | undefined;
  /** `alert when disk.util_pct{device=vda} > 80% for 5 min` */
  sentence: string;
  /** The same as a node_exporter PromQL expression, when Warroom knows the mapping. */
  promql: string | null;
}

const ERROR_RULES = /(oom|errors|drops|retransmit|segfault|lockup|hung|machine-check|link-down)/;

function mainEvidence(f: DossierFinding): Evidence | undefined {
  return f.evidence.find((e) => e.threshold > 0) ?? f.evidence[0];
}

function quoteLabels(labels: Record<string, string>, rename: Record<string, string> = {}): string {
  const parts = Object.entries(labels)
    .filter(([k, v]) => !(k === "cpu" && v === "all"))
    .map(([k, v]) => `${rename[k] ?? k}="${v.replace(/["\\]/g, "\\$&")}"`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

/** node_exporter equivalents of the metrics alerts are most often written on. */
function promqlOf(metric: string, labels: Record<string, string>): string | null {
  const dev = quoteLabels(labels, { iface: "device", mount: "mountpoint" });
  const cpuMode = (mode: string) =>
    `avg by (instance) (rate(node_cpu_seconds_total{mode="${mode}"}[1m])) * 100`;
  switch (metric) {
    case "disk.util_pct":
      return `rate(node_disk_io_time_seconds_total${dev}[1m]) * 100`;
    case "disk.await_ms":
      return `(rate(node_disk_read_time_seconds_total${dev}[1m]) + rate(node_disk_write_time_seconds_total${dev}[1m])) / (rate(node_disk_reads_completed_total${dev}[1m]) + rate(node_disk_writes_completed_total${dev}[1m])) * 1000`;
    case "disk.queue_depth":
      return `rate(node_disk_io_time_weighted_seconds_total${dev}[1m])`;
    case "cpu.iowait_pct":
      return cpuMode("iowait");
    case "cpu.steal_pct":
      return cpuMode("steal");
    case "cpu.system_pct":
      return cpuMode("system");
    case "cpu.user_pct":
      return cpuMode("user");
    case "cpu.busy_pct":
      return `(1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[1m]))) * 100`;
    case "mem.available_pct":
      return "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100";
    case "mem.available_bytes":
      return "node_memory_MemAvailable_bytes";
    case "swap.out_bytes_per_s":
      return "rate(node_vmstat_pswpout[1m]) * 4096";
    case "mem.major_faults_per_s":
      return "rate(node_vmstat_pgmajfault[1m])";
    case "tcp.retrans_segs_per_s":
      return "rate(node_netstat_Tcp_RetransSegs[1m])";
    case "tcp.retrans_ratio_pct":
      return "rate(node_netstat_Tcp_RetransSegs[5m]) / rate(node_netstat_Tcp_OutSegs[5m]) * 100";
    case "net.rx_drops_per_s":
      return `rate(node_network_receive_drop_total${dev}[1m])`;
    case "net.tx_drops_per_s":
      return `rate(node_network_transmit_drop_total${dev}[1m])`;
    case "net.rx_errors_per_s":
      return `rate(node_network_receive_errs_total${dev}[1m])`;
    case "net.tx_errors_per_s":
      return `rate(node_network_transmit_errs_total${dev}[1m])`;
    case "system.context_switches_per_s":
      return "rate(node_context_switches_total[1m])";
    case "system.interrupts_per_s":
      return "rate(node_intr_total[1m])";
    case "procs.running":
      return "node_procs_running";
    case "procs.blocked":
      return "node_procs_blocked";
    case "load.1m":
      return "node_load1";
    case "fs.used_pct":
      return `(1 - node_filesystem_avail_bytes${dev} / node_filesystem_size_bytes${dev}) * 100`;
    case "cgroup.memory_oom_kills_total":
    case "kernel.oom_kill_events":
      return "increase(node_vmstat_oom_kill[5m])";
    default:
      return null;
  }
}

/** The alert for the most important finding that is not normal for its host; null without one. */
export function suggestAlert(findings: readonly DossierFinding[]): AlertSuggestion | null {
  const top =
    findings.find((f) => !f.normalForHost && f.severity !== "info" && mainEvidence(f)) ??
    findings.find((f) => !f.normalForHost && mainEvidence(f));
  if (!top) return null;
  const ev = mainEvidence(top);
  if (!ev) return null;
  const events = ev.stat === "count" || ev.stat === "delta";
  const operator: ">" | "<" = ev.observed >= ev.threshold ? ">" : "<";
  const forMinutes = events || ERROR_RULES.test(top.rule) ? 1 : 5;
  const selector = selectorText(ev.metric, ev.labels);
  const level = formatValue(ev.threshold, ev.unit);
  const sentence = events
    ? `alert when ${selector} increases by more than ${level} within ${forMinutes === 1 ? "5 min" : `${forMinutes} min`}`
    : `alert when ${selector} ${operator} ${level} for ${forMinutes} min`;
  const base = promqlOf(ev.metric, ev.labels);
  return {
    rule: top.rule,
    findingTitle: top.title,
    hostname: top.hostname,
    metric: ev.metric,
    labels: ev.labels,
    selector,
    operator,
    threshold: ev.threshold,
    unit: ev.unit,
    forMinutes,
    observed: ev.observed,
    baseline: ev.baseline,
    sentence,
    promql: base === null ? null : `${base} ${events ? ">" : operator} ${ev.threshold}`,
  };
}
