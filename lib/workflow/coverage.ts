import type { EnvironmentName } from "@/lib/validation/incident";

/**
 * Evidence coverage for the Collect step: which resource domains each host's snapshots cover, and
 * what to run to fill the gaps.
 */
export const COVERAGE_DOMAINS = [
  "cpu",
  "memory",
  "disk",
  "network",
  "system",
  "container",
] as const;
export type CoverageDomain = (typeof COVERAGE_DOMAINS)[number];

export const DOMAIN_LABEL: Record<CoverageDomain, string> = {
  cpu: "CPU",
  memory: "Memory",
  disk: "Disk I/O",
  network: "Network",
  system: "System",
  container: "Container",
};

/** The domain a metric is evidence for (null for metrics that belong to none, e.g. proc.*). */
export function domainOfMetric(metric: string): CoverageDomain | null {
  const head = metric.slice(0, metric.indexOf(".") + 1);
  switch (head) {
    case "cpu.":
      return "cpu";
    case "mem.":
    case "swap.":
      return "memory";
    case "disk.":
    case "fs.":
    case "io.":
      return "disk";
    case "net.":
    case "tcp.":
    case "udp.":
      return "network";
    case "load.":
    case "procs.":
    case "system.":
    case "kernel.":
      return "system";
    case "cgroup.":
      return "container";
    case "psi.":
      return metric.startsWith("psi.cpu") ? "cpu" : metric.startsWith("psi.io") ? "disk" : "memory";
    default:
      return null;
  }
}

export interface CommandSuggestion {
  command: string;
  why: string;
}

/**
 * What to run when a domain has no evidence, per environment (the layers differ: a VM adds the
 * hypervisor, Kubernetes adds the pod's limits and the node).
 */
export function commandsFor(domain: CoverageDomain, env: EnvironmentName): CommandSuggestion[] {
  const base: Record<CoverageDomain, CommandSuggestion[]> = {
    cpu: [
      {
        command: "mpstat -P ALL 1 60",
        why: "per-CPU %usr/%sys/%iowait/%steal: one CPU saturated while others idle",
      },
      { command: "pidstat -u 1 60", why: "which processes use the CPU" },
    ],
    memory: [
      { command: "free -b; cat /proc/meminfo", why: "available memory (not 'free') and swap" },
      { command: "vmstat -t 1 60", why: "si/so: swapping now" },
      { command: "dmesg -T | grep -iE 'out of memory|oom-kill'", why: "OOM kills" },
    ],
    disk: [
      { command: "iostat -xz -t 1 60", why: "%util, await and queue depth per device" },
      { command: "pidstat -d 1 60", why: "which processes read and write" },
      { command: "df -P -k", why: "full filesystems" },
    ],
    network: [
      { command: "sar -n DEV,EDEV 1 60", why: "throughput, errors and drops per interface" },
      { command: "sar -n TCP,ETCP 1 60", why: "TCP retransmits" },
      { command: "ip -s link; ss -s", why: "interface counters and socket summary" },
    ],
    system: [
      { command: "vmstat -t 1 60", why: "run queue, context switches, interrupts" },
      { command: "sar -q -w 1 60", why: "load averages, run queue and context switches over time" },
    ],
    container: [
      {
        command:
          "cat /sys/fs/cgroup/cpu.stat /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory.max",
        why: "cgroup v2: CPU throttling, OOM kills, the memory limit",
      },
      {
        command:
          "cat /sys/fs/cgroup/cpu/cpu.stat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.oom_control",
        why: "cgroup v1: the same figures",
      },
    ],
  };
  const extra: CommandSuggestion[] = [];
  if (env === "vm" && domain === "cpu")
    extra.push({
      command: "mpstat 1 60  # watch %steal",
      why: "steal time: the hypervisor gave the CPU to another VM; compare with the host's own metrics",
    });
  if (env === "vm" && domain === "memory")
    extra.push({
      command: "grep -i balloon /proc/meminfo; lsmod | grep -i balloon",
      why: "signs of ballooning: the hypervisor reclaiming guest memory",
    });
  if (env === "kubernetes" && domain === "container") {
    extra.push({
      command: "kubectl top pod -n <namespace>",
      why: "CPU and memory of the pod against its limits",
    });
    extra.push({
      command: "kubectl describe pod <pod> -n <namespace>",
      why: "OOMKilled restarts, limits and requests",
    });
  }
  if (env === "kubernetes" && domain === "cpu")
    extra.push({
      command: "kubectl top node",
      why: "is the node itself saturated, not only the pod?",
    });
  return [...base[domain], ...extra];
}

/** Domains that matter for an environment: containers only where there are cgroups to read. */
export function relevantDomains(env: EnvironmentName): CoverageDomain[] {
  return env === "container" || env === "kubernetes"
    ? [...COVERAGE_DOMAINS]
    : COVERAGE_DOMAINS.filter((d) => d !== "container");
}
