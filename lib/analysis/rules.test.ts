/**
 * One positive and at least one negative case per rule, on synthetic snapshots (40 one-second
 * samples unless said otherwise). The thresholds and durations under test are documented in the
 * rules' files.
 */
import { describe, expect, it } from "vitest";
import type { HostEvent, Series } from "../snapshot/types";
import { analyze } from "./analyze";
import { HOST2, T0, cpu, mk, oomEvent, rep } from "./testing/synthetic";
import type { Finding } from "./types";

const N = 40;

function run(series: Series[], events: HostEvent[] = [], host = HOST2) {
  return analyze({ series, events, host });
}

function find(series: Series[], rule: string, events: HostEvent[] = []): Finding | undefined {
  return run(series, events).findings.find((f) => f.rule === rule);
}

/** Two CPUs plus the `all` row, each with the given user time. */
function cpus(user0: number[], user1: number[], opts: { system?: number } = {}): Series[] {
  const all = user0.map((u, i) => (u + (user1[i] ?? 0)) / 2);
  const sys = opts.system === undefined ? undefined : rep(opts.system, all.length);
  return [
    ...cpu("all", all, sys === undefined ? {} : { system: sys }),
    ...cpu("0", user0, sys === undefined ? {} : { system: sys }),
    ...cpu("1", user1, sys === undefined ? {} : { system: sys }),
  ];
}

describe("cpu-saturation", () => {
  it("fires critical when all CPUs are ~99% busy in user space for the whole window", () => {
    const f = find(cpus(rep(99, N), rep(99, N)), "cpu-saturation");
    expect(f).toMatchObject({ domain: "cpu", severity: "critical" });
    const busy = f?.evidence.find((e) => e.metric === "cpu.busy_pct");
    expect(busy).toMatchObject({ observed: 99, stat: "mean", threshold: 95, samples: N });
  });

  it("is a warning between 85% and 95%", () => {
    expect(find(cpus(rep(88, N), rep(88, N)), "cpu-saturation")?.severity).toBe("warning");
  });

  it("ignores a short spike and a moderately busy host", () => {
    const spike = rep(10, N).map((v, i) => (i >= 10 && i < 14 ? 100 : v));
    expect(find(cpus(spike, spike), "cpu-saturation")).toBeUndefined();
    expect(find(cpus(rep(60, N), rep(60, N)), "cpu-saturation")).toBeUndefined();
  });

  it("names the processes behind it", () => {
    const procs = [
      mk("proc.cpu_pct", { pid: "42", command: "java" }, rep(150, N), { unit: "%" }),
      mk("proc.cpu_pct", { pid: "7", command: "sshd" }, rep(2, N), { unit: "%" }),
    ];
    const f = find([...cpus(rep(99, N), rep(99, N)), ...procs], "cpu-saturation");
    expect(f?.processes[0]).toMatchObject({ pid: 42, command: "java", value: 150 });
    expect(f?.processes[0]?.share).toBeCloseTo(150 / 198, 2);
    expect(f?.nextSteps.some((s) => s.command === "perf top -p 42")).toBe(true);
  });
});

describe("cpu-system-time", () => {
  it("fires when kernel time dominates and saturation is not reported as user-bound", () => {
    const s = [...cpu("all", rep(20, N), { system: rep(78, N) })];
    const r = run(s);
    expect(r.findings[0]).toMatchObject({ rule: "cpu-system-time", severity: "critical" });
    expect(r.findings.find((f) => f.rule === "cpu-saturation")).toBeUndefined();
  });

  it("does not fire for user-dominated work with some system time", () => {
    expect(find(cpu("all", rep(60, N), { system: rep(25, N) }), "cpu-system-time")).toBeUndefined();
  });
});

describe("cpu-iowait", () => {
  it("fires on sustained iowait", () => {
    const f = find(cpu("all", rep(5, N), { iowait: rep(45, N) }), "cpu-iowait");
    expect(f).toMatchObject({ severity: "warning", domain: "cpu" });
  });
  it("does not fire on a little iowait", () => {
    expect(find(cpu("all", rep(5, N), { iowait: rep(8, N) }), "cpu-iowait")).toBeUndefined();
  });
});

describe("cpu-steal", () => {
  it("is a virtualization finding with hypervisor next steps", () => {
    const r = analyze({
      series: cpu("all", rep(40, N), { steal: rep(30, N) }),
      host: { ...HOST2, environment: "vm" },
    });
    const f = r.findings.find((x) => x.rule === "cpu-steal");
    expect(f).toMatchObject({ domain: "virtualization", severity: "critical" });
    expect(f?.nextSteps.some((s) => s.layer === "hypervisor")).toBe(true);
  });
  it("does not fire on 2% steal", () => {
    expect(find(cpu("all", rep(40, N), { steal: rep(2, N) }), "cpu-steal")).toBeUndefined();
  });
});

describe("cpu-run-queue", () => {
  it("fires when runnable tasks exceed twice the CPUs", () => {
    const f = find([mk("procs.running", {}, rep(6, N))], "cpu-run-queue");
    expect(f).toMatchObject({ severity: "critical" });
    expect(f?.evidence[0]).toMatchObject({ metric: "procs.running", observed: 6, threshold: 4 });
  });
  it("does not fire at one task per CPU", () => {
    expect(find([mk("procs.running", {}, rep(2, N))], "cpu-run-queue")).toBeUndefined();
  });
  it("notes a queue beyond the CPU count on a larger host", () => {
    const host = { ...HOST2, nCpu: 16 };
    const r = analyze({ series: [mk("procs.running", {}, rep(20, N))], host });
    expect(r.findings[0]).toMatchObject({ rule: "cpu-run-queue", severity: "info" });
  });
});

describe("cpu-single-thread-bound", () => {
  it("fires when one CPU is pegged and the other idles", () => {
    const f = find(cpus(rep(2, N), rep(99.5, N)), "cpu-single-thread-bound");
    expect(f).toMatchObject({
      severity: "critical",
      title: "CPU 1 saturated while the others idle",
    });
    expect(f?.evidence[0]).toMatchObject({
      metric: "cpu.busy_pct",
      labels: { cpu: "1" },
      observed: 99.5,
    });
  });
  it("follows a thread that migrates between CPUs", () => {
    const a = rep(0, N).map((_, i) => (i % 10 < 5 ? 99 : 1));
    const b = a.map((v) => (v > 50 ? 1 : 99));
    const f = find(cpus(a, b), "cpu-single-thread-bound");
    expect(f?.evidence[0]?.metric).toBe("cpu.busiest_pct");
  });
  it("does not fire when both CPUs are busy", () => {
    expect(find(cpus(rep(99, N), rep(99, N)), "cpu-single-thread-bound")).toBeUndefined();
  });
});

describe("memory rules", () => {
  const total = mk("mem.total_bytes", {}, [16 * 2 ** 30, 16 * 2 ** 30], {
    stepMs: 39_000,
    unit: "B",
  });

  it("memory-low-available: critical below 5% available", () => {
    const f = find(
      [total, mk("mem.available_bytes", {}, rep(0.03 * 16 * 2 ** 30, N), { unit: "B" })],
      "memory-low-available",
    );
    expect(f).toMatchObject({ severity: "critical", domain: "memory" });
    expect(f?.evidence[0]).toMatchObject({ metric: "mem.available_pct", observed: 3 });
  });
  it("memory-low-available: nothing at 40% available", () => {
    expect(
      find(
        [total, mk("mem.available_bytes", {}, rep(0.4 * 16 * 2 ** 30, N))],
        "memory-low-available",
      ),
    ).toBeUndefined();
  });

  it("memory-swapping: sustained swap-out", () => {
    const f = find(
      [
        mk("swap.out_bytes_per_s", {}, rep(8 * 2 ** 20, N)),
        mk("swap.in_bytes_per_s", {}, rep(2 ** 20, N)),
      ],
      "memory-swapping",
    );
    expect(f?.severity).toBe("critical");
  });
  it("memory-swapping: one burst is not swapping", () => {
    const burst = rep(0, N).map((_, i) => (i === 3 ? 2 ** 20 : 0));
    expect(
      find(
        [mk("swap.out_bytes_per_s", {}, burst), mk("swap.in_bytes_per_s", {}, rep(0, N))],
        "memory-swapping",
      ),
    ).toBeUndefined();
  });

  it("memory-major-faults: above 500/s (node-mixin)", () => {
    expect(
      find([mk("mem.major_faults_per_s", {}, rep(900, N))], "memory-major-faults")?.severity,
    ).toBe("warning");
    expect(
      find([mk("mem.major_faults_per_s", {}, rep(50, N))], "memory-major-faults"),
    ).toBeUndefined();
  });

  it("memory-oom-kill: host OOM kills in the window are critical errors; old ones are ignored", () => {
    const s = [mk("procs.running", {}, rep(1, N))];
    const inWindow = [oomEvent(T0 + 10_000, 999, "java"), oomEvent(T0 + 12_000, 1000, "java")];
    const f = find(s, "memory-oom-kill", inWindow);
    expect(f).toMatchObject({ severity: "critical", kind: "errors" });
    expect(f?.evidence[0]).toMatchObject({
      metric: "kernel.oom_kills",
      observed: 2,
      stat: "count",
    });
    expect(f?.processes[0]).toMatchObject({ pid: 999, command: "java", value: 195200 * 1024 });
    expect(find(s, "memory-oom-kill", [oomEvent(T0 - 3_600_000, 5, "old")])).toBeUndefined();
    // A memory-cgroup kill is the container rule's, not this one.
    expect(find(s, "memory-oom-kill", [oomEvent(T0 + 10_000, 7, "x", "/app")])).toBeUndefined();
  });

  it("memory-pressure: PSI memory stall share over the window", () => {
    const some = mk("psi.memory_some_stall_seconds_total", {}, [100, 112], {
      stepMs: 40_000,
      unit: "s",
    });
    const f = find([some, mk("procs.running", {}, rep(1, N))], "memory-pressure");
    expect(f?.evidence[0]).toMatchObject({ metric: "psi.memory_some_stall_pct", observed: 30 });
    expect(f?.severity).toBe("critical");
    const calm = mk("psi.memory_some_stall_seconds_total", {}, [100, 100.2], { stepMs: 40_000 });
    expect(find([calm, mk("procs.running", {}, rep(1, N))], "memory-pressure")).toBeUndefined();
  });

  it("memory-balloon: MemTotal shrinking is a virtualization finding", () => {
    const f = find([mk("mem.total_bytes", {}, [16e9, 15e9], { stepMs: 39_000 })], "memory-balloon");
    expect(f?.domain).toBe("virtualization");
    expect(
      find([mk("mem.total_bytes", {}, [16e9, 16e9], { stepMs: 39_000 })], "memory-balloon"),
    ).toBeUndefined();
  });
});

describe("disk rules", () => {
  const dev = { device: "sda" };
  const disk = (util: number, queue: number, wait: number): Series[] => [
    mk("disk.util_pct", dev, rep(util, N)),
    mk("disk.queue_depth", dev, rep(queue, N)),
    mk("disk.await_ms", dev, rep(wait, N)),
    mk("disk.reads_per_s", dev, rep(300, N)),
    mk("disk.writes_per_s", dev, rep(100, N)),
  ];

  it("disk-saturation: busy with a deep queue is critical (node-mixin aqu-sz > 10)", () => {
    const f = find(disk(97, 24, 8), "disk-saturation");
    expect(f).toMatchObject({ severity: "critical", domain: "disk", kind: "saturation" });
    expect(f?.evidence.map((e) => [e.metric, e.observed])).toEqual(
      expect.arrayContaining([
        ["disk.util_pct", 97],
        ["disk.queue_depth", 24],
        ["disk.await_ms", 8],
      ]),
    );
    expect(f?.nextSteps[0]?.command).toBe("iostat -xz sda 1 5");
  });
  it("disk-saturation: busy without queueing is only information (utilization, not saturation)", () => {
    expect(find(disk(95, 0.9, 1), "disk-saturation")).toMatchObject({
      severity: "info",
      kind: "utilization",
    });
  });
  it("disk-saturation: a quiet disk and loop devices give nothing", () => {
    expect(find(disk(20, 0.2, 1), "disk-saturation")).toBeUndefined();
    expect(
      find(
        [
          mk("disk.util_pct", { device: "loop0" }, rep(100, N)),
          mk("disk.queue_depth", { device: "loop0" }, rep(50, N)),
        ],
        "disk-saturation",
      ),
    ).toBeUndefined();
  });
  it("disk-latency: slow requests on a device that is not busy", () => {
    expect(find(disk(30, 1, 250), "disk-latency")?.severity).toBe("critical");
    expect(find(disk(30, 1, 5), "disk-latency")).toBeUndefined();
  });
  it("filesystem-full: a level that holds over the capture", () => {
    const fs = (a: number, b: number, mount = "/var") => [
      mk("fs.used_pct", { mount }, [a, b], { stepMs: 39_000 }),
    ];
    expect(find(fs(98, 99), "filesystem-full")?.severity).toBe("critical");
    expect(find(fs(91, 92), "filesystem-full")?.severity).toBe("warning");
    expect(find(fs(50, 52), "filesystem-full")).toBeUndefined();
    expect(find(fs(100, 100, "/snap/core/1"), "filesystem-full")).toBeUndefined();
  });
  it("disk-io-errors: kernel I/O errors in the window", () => {
    const ev: HostEvent = {
      at: new Date(T0 + 5000).toISOString(),
      kind: "io-error",
      message: "blk_update_request: I/O error, dev sdb, sector 1234",
      attrs: { device: "sdb" },
    };
    expect(find([mk("procs.running", {}, rep(1, N))], "disk-io-errors", [ev])).toMatchObject({
      severity: "critical",
      title: "I/O errors on sdb",
    });
    expect(find([mk("procs.running", {}, rep(1, N))], "disk-io-errors", [])).toBeUndefined();
  });
});

describe("network rules", () => {
  const ifc = { iface: "eth0" };
  it("interface-drops: drops past 10% of packets are critical", () => {
    const f = find(
      [mk("net.rx_drops_per_s", ifc, rep(200, N)), mk("net.rx_packets_per_s", ifc, rep(800, N))],
      "interface-drops",
    );
    expect(f).toMatchObject({ severity: "critical", kind: "errors" });
    expect(f?.evidence.find((e) => e.metric === "net.drop_ratio_pct")?.observed).toBe(20);
  });
  it("interface-drops: a trickle of drops on a busy link is at most information", () => {
    const f = find(
      [mk("net.rx_drops_per_s", ifc, rep(2, N)), mk("net.rx_packets_per_s", ifc, rep(50_000, N))],
      "interface-drops",
    );
    expect(f?.severity).toBe("info");
    expect(
      find(
        [mk("net.rx_drops_per_s", ifc, rep(0, N)), mk("net.rx_packets_per_s", ifc, rep(50_000, N))],
        "interface-drops",
      ),
    ).toBeUndefined();
  });
  it("interface-errors: errors past 1% of packets", () => {
    expect(
      find(
        [mk("net.rx_errors_per_s", ifc, rep(30, N)), mk("net.rx_packets_per_s", ifc, rep(1000, N))],
        "interface-errors",
      )?.severity,
    ).toBe("warning");
    expect(
      find(
        [mk("net.rx_errors_per_s", ifc, rep(0, N)), mk("net.rx_packets_per_s", ifc, rep(1000, N))],
        "interface-errors",
      ),
    ).toBeUndefined();
  });
  it("tcp-retransmits: ratio to sent segments, from rates", () => {
    const f = find(
      [mk("tcp.retrans_segs_per_s", {}, rep(50, N)), mk("tcp.out_segs_per_s", {}, rep(1000, N))],
      "tcp-retransmits",
    );
    expect(f?.severity).toBe("critical");
    expect(f?.evidence[0]).toMatchObject({
      metric: "tcp.retrans_ratio_pct",
      observed: 5,
      stat: "ratio",
    });
    expect(
      find(
        [mk("tcp.retrans_segs_per_s", {}, rep(1, N)), mk("tcp.out_segs_per_s", {}, rep(1000, N))],
        "tcp-retransmits",
      ),
    ).toBeUndefined();
  });
  it("tcp-retransmits: from start/end counters when there are no rates", () => {
    const r = mk("tcp.retrans_segs_total", {}, [1000, 1000 + 40 * 20], { stepMs: 40_000 });
    const o = mk("tcp.out_segs_total", {}, [5000, 5000 + 40 * 1000], { stepMs: 40_000 });
    expect(find([r, o], "tcp-retransmits")).toMatchObject({ severity: "warning" });
  });
  it("link-saturation: throughput near the link speed", () => {
    expect(find([mk("net.util_pct", ifc, rep(97, N))], "link-saturation")?.severity).toBe(
      "critical",
    );
    expect(find([mk("net.util_pct", ifc, rep(40, N))], "link-saturation")).toBeUndefined();
  });
  it("link-down: link-down events", () => {
    const ev: HostEvent = {
      at: new Date(T0 + 5000).toISOString(),
      kind: "link-down",
      message: "e1000e: eth0 NIC Link is Down",
      attrs: { iface: "eth0" },
    };
    expect(find([mk("procs.running", {}, rep(1, N))], "link-down", [ev])?.title).toBe(
      "Link down on eth0",
    );
  });
});

describe("system rules", () => {
  it("context-switch-storm: tiers per CPU (pmie 4000/CPU is information)", () => {
    expect(
      find([mk("system.context_switches_per_s", {}, rep(300_000, N))], "context-switch-storm")
        ?.severity,
    ).toBe("critical");
    expect(
      find([mk("system.context_switches_per_s", {}, rep(10_000, N))], "context-switch-storm")
        ?.severity,
    ).toBe("info");
    expect(
      find([mk("system.context_switches_per_s", {}, rep(2_000, N))], "context-switch-storm"),
    ).toBeUndefined();
  });
  it("context-switch-storm explains the kernel time it causes", () => {
    const r = run([
      ...cpu("all", rep(10, N), { system: rep(85, N) }),
      mk("system.context_switches_per_s", {}, rep(500_000, N)),
    ]);
    expect(r.findings[0]?.rule).toBe("context-switch-storm");
    expect(r.findings.find((f) => f.rule === "cpu-system-time")?.explainedBy).toBe(
      "context-switch-storm",
    );
  });
  it("interrupt-storm", () => {
    expect(
      find([mk("system.interrupts_per_s", {}, rep(60_000, N))], "interrupt-storm")?.severity,
    ).toBe("warning");
    expect(
      find([mk("system.interrupts_per_s", {}, rep(3_000, N))], "interrupt-storm"),
    ).toBeUndefined();
  });
  it("kernel distress events", () => {
    const at = new Date(T0 + 5000).toISOString();
    const s = [mk("procs.running", {}, rep(1, N))];
    expect(
      find(s, "hung-tasks", [
        {
          at,
          kind: "hung-task",
          message: "INFO: task jbd2/sda1-8:300 blocked for more than 120 seconds.",
          attrs: { process: "jbd2/sda1-8", pid: 300 },
        },
      ])?.severity,
    ).toBe("critical");
    expect(
      find(s, "soft-lockup", [
        {
          at,
          kind: "soft-lockup",
          message: "watchdog: BUG: soft lockup - CPU#1 stuck for 22s!",
          attrs: { cpu: 1 },
        },
      ])?.severity,
    ).toBe("critical");
    expect(
      find(s, "machine-check", [
        {
          at,
          kind: "mce",
          message: "mce: [Hardware Error]: Machine check events logged",
          attrs: {},
        },
      ])?.severity,
    ).toBe("critical");
    expect(
      find(s, "segfaults", [
        {
          at,
          kind: "segfault",
          message: "app[123]: segfault at 0",
          attrs: { process: "app", pid: 123 },
        },
      ])?.severity,
    ).toBe("info");
    expect(
      find(s, "cpu-thermal-throttle", [
        {
          at,
          kind: "throttle",
          message: "CPU0: Core temperature above threshold, cpu clock throttled",
          attrs: { cpu: 0 },
        },
      ])?.severity,
    ).toBe("warning");
  });
});

describe("container rules", () => {
  const cg = { cgroup: "/kubepods/pod1/app" };
  const two = { stepMs: 40_000 };
  it("cgroup-cpu-throttling: throttled in most periods, with the limit explained", () => {
    const s = [
      mk("cgroup.cpu_periods_total", cg, [1000, 1400], two),
      mk("cgroup.cpu_throttled_periods_total", cg, [100, 480], two),
      mk("cgroup.cpu_throttled_seconds_total", cg, [5, 25], two),
      mk("cgroup.cpu_usage_seconds_total", cg, [100, 120], two),
      mk("cgroup.cpu_limit_cores", cg, [0.5, 0.5], two),
    ];
    const r = analyze({ series: s, host: { ...HOST2, environment: "kubernetes" } });
    const f = r.findings[0];
    expect(f).toMatchObject({
      rule: "cgroup-cpu-throttling",
      domain: "container",
      severity: "critical",
    });
    expect(f?.evidence[0]).toMatchObject({
      metric: "cgroup.cpu_throttled_ratio_pct",
      observed: 95,
    });
    expect(f?.summary).toContain("100% of the quota");
    expect(f?.nextSteps.map((n) => n.command)).toEqual(
      expect.arrayContaining(["kubectl top pod -A --containers --sort-by=cpu"]),
    );
    expect(f?.nextSteps.some((n) => n.command.includes("container_cpu_cfs_throttled"))).toBe(true);
  });
  it("cgroup-cpu-throttling: 5% throttled periods is fine", () => {
    const s = [
      mk("cgroup.cpu_periods_total", cg, [1000, 1400], two),
      mk("cgroup.cpu_throttled_periods_total", cg, [0, 20], two),
    ];
    expect(find(s, "cgroup-cpu-throttling")).toBeUndefined();
  });
  it("cgroup-memory-oom: memory-cgroup kills are critical container errors", () => {
    const s = [
      mk("cgroup.memory_max_bytes", cg, [2 ** 28, 2 ** 28], two),
      mk("cgroup.memory_current_bytes", cg, [2 ** 27, 2 ** 27], two),
    ];
    const f = find(s, "cgroup-memory-oom", [oomEvent(T0 + 5000, 11, "worker", cg.cgroup)]);
    expect(f).toMatchObject({ severity: "critical", domain: "container", kind: "errors" });
    expect(find(s, "cgroup-memory-oom", [])).toBeUndefined();
  });
  it("cgroup-memory-oom: the counter alone is enough", () => {
    const s = [mk("cgroup.memory_oom_kills_total", cg, [3, 5], two)];
    expect(find(s, "cgroup-memory-oom")?.evidence[0]).toMatchObject({
      metric: "cgroup.memory_oom_kills_total",
      observed: 2,
    });
  });
  it("cgroup-memory-near-limit: Netdata's 90/98% of the limit", () => {
    const lim = mk("cgroup.memory_max_bytes", cg, [1000e6, 1000e6], two);
    expect(
      find(
        [lim, mk("cgroup.memory_current_bytes", cg, [950e6, 990e6], two)],
        "cgroup-memory-near-limit",
      )?.severity,
    ).toBe("critical");
    expect(
      find(
        [lim, mk("cgroup.memory_current_bytes", cg, [850e6, 920e6], two)],
        "cgroup-memory-near-limit",
      )?.severity,
    ).toBe("warning");
    expect(
      find(
        [lim, mk("cgroup.memory_current_bytes", cg, [300e6, 310e6], two)],
        "cgroup-memory-near-limit",
      ),
    ).toBeUndefined();
    // "No limit" (v1's 2^63) is not a limit.
    const none = mk("cgroup.memory_max_bytes", cg, [9223372036854771712, 9223372036854771712], two);
    expect(
      find(
        [none, mk("cgroup.memory_current_bytes", cg, [950e6, 990e6], two)],
        "cgroup-memory-near-limit",
      ),
    ).toBeUndefined();
  });
});

describe("ranking", () => {
  it("puts errors before saturation before utilization, critical before warning", () => {
    const s = [
      ...cpus(rep(99, N), rep(99, N)),
      mk("net.rx_drops_per_s", { iface: "eth0" }, rep(500, N)),
      mk("net.rx_packets_per_s", { iface: "eth0" }, rep(1000, N)),
      mk("procs.running", {}, rep(3.2, N)),
    ];
    const r = run(s);
    expect(r.findings.map((f) => f.rule)).toEqual([
      "interface-drops",
      "cpu-saturation",
      "cpu-run-queue",
    ]);
    for (let i = 1; i < r.findings.length; i++)
      expect(r.findings[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(r.findings[i]?.score ?? 0);
  });
  it("an idle host has no findings", () => {
    const r = run([
      ...cpus(rep(1, N), rep(2, N)),
      mk("procs.running", {}, rep(0, N)),
      mk("system.context_switches_per_s", {}, rep(150, N)),
    ]);
    expect(r.findings).toEqual([]);
  });
});
