/**
 * What to run next for a finding, with the exact command, chosen for the environment.
 *
 * The tools are the same everywhere; what changes is how many layers can own the bottleneck
 * (see the reference): bare metal = application → OS → hardware; a VM adds the hypervisor
 * (steal/ready time, ballooning, datastore latency, virtual switch drops); containers and
 * Kubernetes add the cgroup, the pod and the cluster (limits, throttling, OOMKilled, CNI, CSI).
 * So every finding gets the steps on this host first, then the ones for the layers around it.
 */
import type { Environment, HostInfo } from "../snapshot/types";
import type { StepTarget } from "./rules/context";
import type { Domain, NextStep } from "./types";

interface StepContext {
  env: Environment;
  t: StepTarget;
  host: HostInfo;
}

type Steps = (c: StepContext) => (NextStep | false | undefined)[];

const os = (tool: string, command: string, why: string): NextStep => ({
  tool,
  command,
  why,
  layer: "os",
});
const app = (tool: string, command: string, why: string): NextStep => ({
  tool,
  command,
  why,
  layer: "application",
});

const pidOr = (t: StepTarget, withPid: (pid: number) => string, without: string): string =>
  t.pid !== undefined && Number.isFinite(t.pid) ? withPid(t.pid) : without;

const cgroupDir = (t: StepTarget, controller: "cpu" | "memory"): string => {
  const cg = t.cgroup ?? "/";
  // v1 keeps one tree per controller; v2 one unified tree.
  return `/sys/fs/cgroup/${controller}${cg === "/" ? "" : cg}`;
};

const RULE_STEPS: Record<string, Steps> = {
  "cpu-saturation": ({ t }) => [
    os(
      "pidstat",
      "pidstat -u 1 5",
      "Which processes use the CPU, split into user and system time.",
    ),
    app(
      "perf",
      pidOr(t, (p) => `perf top -p ${p}`, "perf top"),
      "Which functions burn the CPU: the hot code path to optimise.",
    ),
    os("mpstat", "mpstat -P ALL 1 5", "Whether all CPUs are busy or a few carry the load."),
  ],
  "cpu-system-time": ({ t }) => [
    os("pidstat", "pidstat -u 1 5", "Which processes run in the kernel (%system)."),
    app(
      "strace",
      pidOr(t, (p) => `strace -c -f -p ${p}`, "strace -c -f -p <pid>"),
      "Which system calls the busiest process makes, and how often (stop with Ctrl-C).",
    ),
    os(
      "perf",
      "perf top -g --sort=sym",
      "Which kernel functions take the time (syscalls, page faults, locks, networking).",
    ),
    os(
      "vmstat",
      "vmstat 1 5",
      "Context switches (cs) and interrupts (in) that may explain the kernel time.",
    ),
  ],
  "cpu-iowait": () => [
    os(
      "iostat",
      "iostat -xz 1 5",
      "Which device is busy and how long its requests take (%util, aqu-sz, await).",
    ),
    os("iotop", "iotop -oPa", "Which processes do the I/O."),
    os("pidstat", "pidstat -d 1 5", "Per-process read and write rates and I/O delay."),
  ],
  "cpu-steal": ({ host }) => [
    os(
      "mpstat",
      "mpstat -P ALL 1 5",
      "Steal per vCPU (%steal): constant across vCPUs points at the host.",
    ),
    {
      tool: "virsh",
      command: `virsh domstats --vcpu --cpu-total ${host.hostname ?? "<domain>"}`,
      why: "On the KVM host: the VM's vCPU wait time; compare with other guests on that host.",
      layer: "hypervisor",
    },
    {
      tool: "esxtop",
      command: "esxtop  (press c; watch %RDY and %CSTP for this VM)",
      why: "On VMware: CPU ready and co-stop time of the VM, the hypervisor's view of steal.",
      layer: "hypervisor",
    },
  ],
  "cpu-run-queue": () => [
    os("vmstat", "vmstat 1 5", "Run queue (r) against the CPU count, and blocked tasks (b)."),
    os(
      "pidstat",
      "pidstat -u -w 1 5",
      "Which processes wait for CPU and how often they are switched out.",
    ),
    os("uptime", "cat /proc/pressure/cpu", "CPU pressure: share of time tasks waited for a CPU."),
  ],
  "cpu-single-thread-bound": ({ t }) => [
    os("mpstat", "mpstat -P ALL 1 5", "Confirm one CPU at ~100% while the others idle."),
    os(
      "pidstat",
      pidOr(t, (p) => `pidstat -t -u -p ${p} 1 5`, "pidstat -t -u 1 5"),
      "Per-thread CPU: find the one thread that is the bottleneck.",
    ),
    os(
      "taskset",
      pidOr(t, (p) => `taskset -cp ${p}`, "taskset -cp <pid>"),
      "Whether the process is pinned to one CPU (affinity) or just single-threaded.",
    ),
    app(
      "perf",
      pidOr(t, (p) => `perf top -p ${p}`, "perf top"),
      "What the hot thread does; the fix is parallelism or less work per request.",
    ),
  ],
  "cpu-thermal-throttle": () => [
    os(
      "dmesg",
      "dmesg -T | grep -i -E 'throttl|temperature'",
      "When and on which CPUs the clock was throttled.",
    ),
    {
      tool: "sensors",
      command: "sensors",
      why: "Current temperatures and fan speeds.",
      layer: "hardware",
    },
  ],
  "memory-low-available": () => [
    os("free", "free -h", "Available memory (not 'free'), buffers/cache and swap."),
    os("ps", "ps aux --sort=-rss | head -15", "The largest resident processes."),
    os(
      "smem",
      "smem -rs pss | head -15",
      "Proportional memory per process (shared pages counted fairly).",
    ),
    os(
      "slabtop",
      "slabtop -o | head -20",
      "Kernel memory (slab caches) when no process explains the usage.",
    ),
  ],
  "memory-swapping": () => [
    os(
      "vmstat",
      "vmstat 1 5",
      "Swap in/out (si, so) per second: sustained non-zero means memory pressure.",
    ),
    os("free", "free -h", "How much swap is used and how much memory is available."),
    os("smem", "smem -rs swap | head -15", "Which processes have pages in swap."),
  ],
  "memory-major-faults": ({ t }) => [
    os("sar", "sar -B 1 5", "Major faults and page-in rate over time."),
    os("pidstat", "pidstat -r 1 5", "Which processes take major faults (majflt/s)."),
    app(
      "pmap",
      pidOr(t, (p) => `pmap -x ${p}`, "pmap -x <pid>"),
      "The process's memory map: what it maps and how much is resident.",
    ),
  ],
  "memory-oom-kill": () => [
    os(
      "dmesg",
      "dmesg -T | grep -i -E 'out of memory|oom-kill|killed process'",
      "Which processes were killed and how big they were.",
    ),
    os(
      "journalctl",
      "journalctl -k --since '-1h' | grep -i oom",
      "The same from the journal, across reboots of the service.",
    ),
    os("ps", "ps aux --sort=-rss | head -15", "What uses the memory now."),
  ],
  "memory-pressure": () => [
    os("cat", "cat /proc/pressure/memory", "Stall shares (some/full) over 10 s, 60 s and 300 s."),
    os("vmstat", "vmstat 1 5", "Swap and reclaim activity behind the stalls."),
    os("sar", "sar -B 1 5", "Page scanning and reclaim efficiency (pgscank/s, pgscand/s, %vmeff)."),
  ],
  "memory-balloon": ({ host }) => [
    os("grep", "grep -E 'MemTotal|MemAvailable' /proc/meminfo", "Memory the guest currently has."),
    {
      tool: "virsh",
      command: `virsh dommemstat ${host.hostname ?? "<domain>"}`,
      why: "On the KVM host: balloon size (actual) against the VM's configured memory.",
      layer: "hypervisor",
    },
    {
      tool: "esxtop",
      command: "esxtop  (press m; watch MCTLSZ for this VM)",
      why: "On VMware: how much memory the balloon driver reclaimed.",
      layer: "hypervisor",
    },
  ],
  "disk-saturation": ({ t }) => [
    os(
      "iostat",
      `iostat -xz ${t.device ?? ""} 1 5`.replace("  ", " "),
      "Utilization, queue depth (aqu-sz) and await per request.",
    ),
    os("iotop", "iotop -oPa", "Which processes issue the I/O."),
    os(
      "pidstat",
      pidOr(t, (p) => `pidstat -d -p ${p} 1 5`, "pidstat -d 1 5"),
      "Per-process read/write rates and I/O delay.",
    ),
    os(
      "biolatency",
      "biolatency-bpfcc -D 5 1",
      "Latency distribution per disk (BCC): a long tail or a bimodal shape shows where time goes.",
    ),
  ],
  "disk-latency": ({ t }) => [
    os(
      "iostat",
      `iostat -xz ${t.device ?? ""} 1 5`.replace("  ", " "),
      "r_await/w_await against %util: slow but not busy means the delay is below the device queue.",
    ),
    os("biolatency", "biolatency-bpfcc -D 5 1", "Latency distribution per disk."),
    os(
      "dmesg",
      "dmesg -T | grep -i -E 'error|timeout|reset'",
      "Timeouts or resets from the storage driver.",
    ),
  ],
  "filesystem-full": ({ t }) => [
    os("df", `df -h ${t.mount ?? ""}`.trimEnd(), "Size, use and space left."),
    os(
      "du",
      `du -xh --max-depth=2 ${t.mount ?? "/"} 2>/dev/null | sort -rh | head -20`,
      "Which directories hold the data.",
    ),
    os(
      "lsof",
      `lsof +L1 ${t.mount ?? ""}`.trimEnd(),
      "Deleted files still held open (space not freed until the process closes them).",
    ),
    os(
      "df",
      `df -i ${t.mount ?? ""}`.trimEnd(),
      "Inodes: a filesystem can be full of small files with space left.",
    ),
  ],
  "disk-io-errors": ({ t }) => [
    os(
      "dmesg",
      `dmesg -T | grep -i ${t.device ?? "error"}`,
      "The failing requests, sectors and driver messages.",
    ),
    {
      tool: "smartctl",
      command: `smartctl -a /dev/${t.device ?? "sda"}`,
      why: "The drive's own error log and health (reallocated/pending sectors, media errors).",
      layer: "hardware",
    },
  ],
  "interface-drops": ({ t }) => [
    os(
      "ip",
      `ip -s -s link show dev ${t.iface ?? "eth0"}`,
      "RX/TX dropped, missed and overrun counters, and the MTU.",
    ),
    os(
      "ethtool",
      `ethtool -S ${t.iface ?? "eth0"} | grep -i -E 'drop|miss|fifo|discard'`,
      "Driver counters: ring overflows (raise with ethtool -G) versus other drops.",
    ),
    os(
      "nstat",
      "nstat -az | grep -i -E 'drop|prune|overflow'",
      "Drops higher in the stack (socket buffers, backlog, listen queue).",
    ),
    os(
      "cat",
      "cat /proc/net/softnet_stat",
      "Per-CPU backlog drops (2nd column) and time squeezes (3rd).",
    ),
    os(
      "tc",
      `tc -s qdisc show dev ${t.iface ?? "eth0"}`,
      "Queueing-discipline drops on the way out.",
    ),
  ],
  "interface-errors": ({ t }) => [
    os(
      "ip",
      `ip -s -s link show dev ${t.iface ?? "eth0"}`,
      "Error counters by kind (CRC, frame, fifo, carrier).",
    ),
    os(
      "ethtool",
      `ethtool ${t.iface ?? "eth0"}`,
      "Negotiated speed and duplex: a duplex mismatch causes errors.",
    ),
    {
      tool: "ethtool",
      command: `ethtool -S ${t.iface ?? "eth0"} | grep -i err`,
      why: "The NIC's own error counters.",
      layer: "hardware",
    },
  ],
  "tcp-retransmits": () => [
    os(
      "ss",
      "ss -tin state established",
      "Per-connection retransmits (retrans:), RTT and congestion window: which peers lose packets.",
    ),
    os(
      "nstat",
      "nstat -az | grep -i -E 'retrans|timeout|lost'",
      "Kinds of retransmission (fast, timeout, SACK).",
    ),
    os("sar", "sar -n ETCP,EDEV 1 5", "Retransmit rate next to interface errors and drops."),
    os(
      "tcpretrans",
      "tcpretrans-bpfcc",
      "Each retransmitted segment with its addresses (BCC), to find the lossy path.",
    ),
  ],
  "link-saturation": ({ t }) => [
    os("sar", `sar -n DEV 1 5`, "Throughput and %ifutil per interface."),
    os("iftop", `iftop -i ${t.iface ?? "eth0"} -P`, "Which connections use the bandwidth."),
    os(
      "ethtool",
      `ethtool ${t.iface ?? "eth0"}`,
      "The negotiated link speed the utilisation is measured against.",
    ),
  ],
  "link-down": ({ t }) => [
    os("ip", `ip -s link show dev ${t.iface ?? "eth0"}`, "Current state and carrier changes."),
    os(
      "dmesg",
      `dmesg -T | grep -i ${t.iface ?? "link"}`,
      "When the link went down and came back.",
    ),
  ],
  "context-switch-storm": ({ t }) => [
    os(
      "pidstat",
      "pidstat -w 1 5",
      "Voluntary (cswch/s) and involuntary (nvcswch/s) switches per process.",
    ),
    os(
      "pidstat",
      pidOr(t, (p) => `pidstat -wt -p ${p} 1 5`, "pidstat -wt 1 5"),
      "Per-thread switching: many threads handing work back and forth.",
    ),
    os(
      "perf",
      "perf sched record -- sleep 5 && perf sched latency --sort max",
      "Scheduler latency and who wakes whom.",
    ),
  ],
  "interrupt-storm": () => [
    os(
      "watch",
      "watch -d -n1 cat /proc/interrupts",
      "Which IRQ line's count grows fastest, and on which CPUs.",
    ),
    os("mpstat", "mpstat -I SUM -P ALL 1 5", "Interrupt rate per CPU."),
    os("cat", "cat /proc/softirqs", "Softirq work (NET_RX, BLOCK, TIMER) behind the interrupts."),
  ],
  "hung-tasks": () => [
    os(
      "dmesg",
      "dmesg -T | grep -A 20 'blocked for more than'",
      "The hung tasks' stacks: what they wait on.",
    ),
    os(
      "ps",
      "ps -eo pid,stat,wchan:32,cmd | awk '$2 ~ /D/'",
      "Tasks in uninterruptible sleep right now and where.",
    ),
  ],
  "soft-lockup": () => [
    os("dmesg", "dmesg -T | grep -A 30 'soft lockup'", "The stuck CPU's stack."),
  ],
  "machine-check": () => [
    {
      tool: "rasdaemon",
      command: "ras-mc-ctl --errors",
      why: "Decoded hardware errors (memory DIMM, cache, bus).",
      layer: "hardware",
    },
    os(
      "dmesg",
      "dmesg -T | grep -i -E 'mce|machine check|hardware error'",
      "The raw machine-check reports.",
    ),
  ],
  segfaults: () => [
    os("dmesg", "dmesg -T | grep -i segfault", "Which binaries crashed and at which addresses."),
    os("coredumpctl", "coredumpctl list", "Core dumps to debug, if systemd-coredump is enabled."),
  ],
  "cgroup-cpu-throttling": ({ t, env }) => [
    {
      tool: "cat",
      command: `cat ${cgroupDir(t, "cpu")}/cpu.stat`,
      why: "nr_throttled / nr_periods and throttled time (v1: cpu.cfs_quota_us; v2: cpu.max holds the limit).",
      layer: "container",
    },
    env === "bare-metal" || env === "vm"
      ? os(
          "systemd-cgtop",
          "systemd-cgtop -c",
          "CPU per cgroup against its quota (systemd slices and services).",
        )
      : undefined,
  ],
  "cgroup-memory-oom": ({ t }) => [
    os(
      "dmesg",
      "dmesg -T | grep -i -E 'memory cgroup out of memory|oom-kill|killed process'",
      "Which processes the cgroup's OOM killer chose and their size.",
    ),
    {
      tool: "cat",
      command: `cat ${cgroupDir(t, "memory")}/memory.events 2>/dev/null || cat ${cgroupDir(t, "memory")}/memory.oom_control`,
      why: "OOM kill counter and how often the limit was hit (v2 memory.events, v1 memory.oom_control and memory.failcnt).",
      layer: "container",
    },
    {
      tool: "cat",
      command: `cat ${cgroupDir(t, "memory")}/memory.max 2>/dev/null || cat ${cgroupDir(t, "memory")}/memory.limit_in_bytes`,
      why: "The limit the workload ran into.",
      layer: "container",
    },
  ],
  "cgroup-memory-near-limit": ({ t }) => [
    {
      tool: "cat",
      command: `cat ${cgroupDir(t, "memory")}/memory.stat`,
      why: "What the cgroup's memory is (anon versus page cache that can be reclaimed).",
      layer: "container",
    },
    os("systemd-cgtop", "systemd-cgtop -m", "Memory per cgroup."),
  ],
};

/** Steps for the layers around the host, per environment and domain. */
function layerSteps(
  env: Environment,
  ruleDomain: Domain,
  rule: string,
  c: StepContext,
): NextStep[] {
  const host = c.host.hostname ?? "<node>";
  // A cgroup's memory limit is a memory question in every layer around it.
  const domain: Domain = rule.startsWith("cgroup-memory") ? "memory" : ruleDomain;
  if (env === "vm") {
    const hv = (tool: string, command: string, why: string): NextStep => ({
      tool,
      command,
      why,
      layer: "hypervisor",
    });
    switch (domain) {
      case "cpu":
        return [
          hv(
            "hypervisor metrics",
            "virsh domstats --vcpu " +
              (c.host.hostname ?? "<domain>") +
              "  (KVM) / esxtop %RDY (VMware)",
            "Is the VM waiting for physical CPUs (steal, ready time)? Then the fix is on the host, not in the guest.",
          ),
        ];
      case "memory":
        return [
          hv(
            "hypervisor metrics",
            "virsh dommemstat " + (c.host.hostname ?? "<domain>"),
            "Is the balloon driver holding memory back from this guest?",
          ),
        ];
      case "disk":
        return [
          hv(
            "hypervisor metrics",
            "virsh domblkstat " +
              (c.host.hostname ?? "<domain>") +
              " --human  (KVM) / esxtop d: DAVG, KAVG (VMware)",
            "Datastore latency: the virtual disk may be slow because the storage behind it is.",
          ),
        ];
      case "network":
        return [
          hv(
            "hypervisor metrics",
            "virsh domifstat " +
              (c.host.hostname ?? "<domain>") +
              " <vnet>  (KVM) / esxtop n: %DRPTX, %DRPRX (VMware)",
            "Drops in the virtual switch or host NIC, outside the guest's view.",
          ),
        ];
      default:
        return [];
    }
  }
  if (env === "kubernetes") {
    const k = (tool: string, command: string, why: string): NextStep => ({
      tool,
      command,
      why,
      layer: "kubernetes",
    });
    switch (domain) {
      case "cpu":
      case "container":
        return [
          k(
            "kubectl",
            "kubectl top pod -A --containers --sort-by=cpu",
            "CPU per container against its requests and limits.",
          ),
          k(
            "kubectl",
            "kubectl describe pod <pod> -n <namespace>",
            "The container's CPU/memory limits, restarts and last state (OOMKilled).",
          ),
          k(
            "promql",
            "sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total[5m])) / sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total[5m]))",
            "Throttling ratio per container over time (also rate(container_cpu_cfs_throttled_seconds_total[5m])).",
          ),
          k(
            "kubectl",
            `kubectl describe node ${host}`,
            "Requests and limits of everything on this node: is the node overcommitted?",
          ),
        ];
      case "memory":
        return [
          k(
            "kubectl",
            "kubectl get pods -A -o wide --field-selector spec.nodeName=" + host,
            "Pods on this node; then kubectl describe pod for OOMKilled and restarts.",
          ),
          k(
            "kubectl",
            "kubectl top pod -A --containers --sort-by=memory",
            "Memory per container against its limit.",
          ),
          k(
            "kubectl",
            "kubectl describe pod <pod> -n <namespace>",
            "Last State: Terminated, Reason: OOMKilled, the restart count and the memory limit.",
          ),
          k(
            "kubectl",
            `kubectl describe node ${host} | grep -A 8 -i conditions`,
            "MemoryPressure condition and evictions on the node.",
          ),
          k(
            "promql",
            "container_memory_working_set_bytes / container_spec_memory_limit_bytes",
            "How close each container runs to its limit over time (the kubelet evicts and OOM-kills on the working set).",
          ),
        ];
      case "disk":
        return [
          k(
            "kubectl",
            "kubectl get pv,pvc -A",
            "Which volumes (and CSI driver) back the busy devices.",
          ),
          k(
            "kubectl",
            "kubectl get events -A --field-selector type=Warning",
            "Volume attach/mount errors and evictions for disk pressure.",
          ),
        ];
      case "network":
        return [
          k(
            "hubble",
            "hubble observe --verdict DROPPED --last 100",
            "Drops in the CNI (Cilium) with the reason and the pods involved.",
          ),
          k(
            "kubectl",
            "kubectl get events -A --field-selector type=Warning",
            "Network-related pod and node events.",
          ),
        ];
      default:
        return [
          k(
            "kubectl",
            "kubectl get events -A --field-selector type=Warning",
            "Cluster events around the incident.",
          ),
        ];
    }
  }
  if (env === "container") {
    const ct = (tool: string, command: string, why: string): NextStep => ({
      tool,
      command,
      why,
      layer: "container",
    });
    switch (domain) {
      case "cpu":
      case "container":
        return [
          ct(
            "docker",
            "docker stats --no-stream",
            "CPU and memory per container against its limits.",
          ),
          ct(
            "cat",
            "cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/cpu.stat",
            "This container's CPU limit and throttling (cgroup v2; v1: cpu/cpu.cfs_quota_us).",
          ),
        ];
      case "memory":
        return [
          ct("docker", "docker stats --no-stream", "Memory per container against its limit."),
          ct(
            "docker",
            "docker inspect --format '{{.State.OOMKilled}} {{.HostConfig.Memory}}' <container>",
            "Whether the runtime saw an OOM kill and what the limit is.",
          ),
        ];
      default:
        return [
          ct(
            "docker",
            "docker stats --no-stream",
            "Which container is behind the load; the host's own tools see all containers.",
          ),
        ];
    }
  }
  return [];
}

export function nextStepsFor(
  rule: string,
  domain: Domain,
  env: Environment,
  target: StepTarget,
  host: HostInfo,
): NextStep[] {
  const c: StepContext = { env, t: target, host };
  const own = (RULE_STEPS[rule]?.(c) ?? []).filter(
    (s): s is NextStep => s !== undefined && s !== false,
  );
  const layers = layerSteps(env, domain, rule, c);
  const seen = new Set<string>();
  const out: NextStep[] = [];
  for (const s of [...own, ...layers]) {
    if (seen.has(s.command)) continue;
    seen.add(s.command);
    out.push(s);
  }
  return out;
}

export const RULES_WITH_STEPS: readonly string[] = Object.keys(RULE_STEPS);
