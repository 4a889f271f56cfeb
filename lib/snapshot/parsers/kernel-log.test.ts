/** dmesg and journalctl -k on real kernel logs: OOM kills, segfaults, bridge link changes, public samples. */
import { describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures";
import { ParseError, type HostEvent } from "../types";
import { classifyKernelMessage, dmesgParser, journalctlParser } from "./kernel-log";

function kinds(events: HostEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return out;
}

describe("dmesg", () => {
  it("raw: seconds since boot, one event per OOM kill (165 = cgroup counters 164 + 1)", () => {
    const r = dmesgParser.parse(fixture("dmesg/dmesg_raw.txt"), {});
    expect(kinds(r.events)).toEqual({ "oom-kill": 165, segfault: 1 });
    const first = r.events[0];
    expect(first).toEqual({
      at: 511.450645,
      kind: "oom-kill",
      message:
        "Memory cgroup out of memory: Killed process 7600 (stress-ng-vm) total-vm:241152kB, anon-rss:97280kB, file-rss:768kB, shmem-rss:0kB, UID:0 pgtables:396kB oom_score_adj:1000",
      attrs: { pid: 7600, process: "stress-ng-vm", cgroup: "/wr-swap" },
    });
    const segv = r.events.find((e) => e.kind === "segfault");
    expect(segv?.attrs).toEqual({ pid: 8309, process: "wr-segv" });
    expect(segv?.at).toBe(540.337851);
  });

  it("-T: wall clock in ctx.tz", () => {
    const r = dmesgParser.parse(fixture("dmesg/dmesg_T.txt"), {});
    const segv = r.events.find((e) => e.kind === "segfault");
    expect(segv?.at).toBe("2026-12-04T16:42:19Z");
    const berlin = dmesgParser.parse(fixture("dmesg/dmesg_T.txt"), { tz: "Europe/Berlin" });
    expect(berlin.events.find((e) => e.kind === "segfault")?.at).toBe("2026-12-04T15:42:19Z");
  });

  it("bridge ports going down and up", () => {
    const r = dmesgParser.parse(fixture("dmesg/dmesg_bridge_raw.txt"), {});
    expect(r.events.map((e) => [e.kind, e.attrs.iface, e.at])).toEqual([
      ["link-down", "wrv2", 554.03142],
      ["link-up", "wrv2", 554.04352],
      ["link-down", "wrv2", 556.048008],
      ["link-up", "wrv2", 557.053294],
      ["link-down", "wrv2", 558.058107],
    ]);
  });

  it("public samples without timestamps (node-problem-detector)", () => {
    const hung = dmesgParser.parse(fixture("dmesg/public_npd_aufs_umount_hung.txt"), {
      captureStart: "2026-12-04T10:00:00Z",
    });
    expect(hung.events.filter((e) => e.kind === "hung-task").map((e) => e.attrs)).toEqual([
      { process: "umount.aufs", pid: 21568, seconds: 120 },
    ]);
    expect(hung.events[0]?.at).toBe("2026-12-04T10:00:00Z");
    const oom = dmesgParser.parse(fixture("dmesg/public_npd_oom_kill.txt"), {});
    expect(oom.events).toHaveLength(1);
    expect(oom.events[0]?.attrs).toEqual({ pid: 1012, process: "heapster" });
    const mce = dmesgParser.parse(fixture("dmesg/public_npd_hardware_error.txt"), {});
    expect(kinds(mce.events)).toEqual({ mce: 3 });
  });

  it("empty → nothing; not a kernel log → ParseError", () => {
    expect(dmesgParser.parse("", {}).events).toEqual([]);
    expect(() => dmesgParser.parse(fixture("df/df.txt"), {})).toThrow(ParseError);
  });
});

describe("journalctl -k", () => {
  it.each([
    ["journalctl/journalctl_k_short-iso.txt", {}],
    ["journalctl/journalctl_k_short-precise.txt", { date: "2026-12-04" }],
    ["journalctl/journalctl_k_short.txt", { date: "2026-12-04" }],
    ["journalctl/journalctl_k_short-monotonic.txt", {}],
  ])("%s: same events in every format", (file, ctx) => {
    const r = journalctlParser.parse(fixture(file), ctx);
    expect(kinds(r.events)).toEqual({ "oom-kill": 65, "link-down": 2, "link-up": 2, segfault: 1 });
    expect(r.host.hostname).toBe("vm");
  });

  it("short-iso timestamps and merged OOM attributes", () => {
    const r = journalctlParser.parse(fixture("journalctl/journalctl_k_short-iso.txt"), {});
    const kill = r.events.find((e) => e.kind === "oom-kill" && e.attrs.pid === 9538);
    expect(kill?.at).toBe("2026-12-04T16:43:48Z");
    expect(kill?.attrs).toEqual({ pid: 9538, process: "stress-ng-vm", cgroup: "/wr-jtest" });
    expect(kill?.message.startsWith("Memory cgroup out of memory: Killed process 9538")).toBe(true);
  });

  it("short-precise keeps microseconds; events come out in time order", () => {
    const r = journalctlParser.parse(fixture("journalctl/journalctl_k_short-precise.txt"), {
      date: "2026-12-04",
    });
    const kill = r.events.find((e) => e.kind === "oom-kill" && e.attrs.pid === 9538);
    expect(kill?.at).toBe("2026-12-04T16:43:48.949Z");
    const t = r.events.map((e) => Date.parse(String(e.at)));
    expect([...t].sort((a, b) => a - b)).toEqual(t);
  });

  it("short without a date: warns, places events at the capture start", () => {
    const r = journalctlParser.parse(fixture("journalctl/journalctl_k_short.txt"), {});
    expect(r.warnings.some((w) => w.includes("--date"))).toBe(true);
    expect(r.events.every((e) => e.at === 0)).toBe(true);
  });
});

describe("classification", () => {
  it.each([
    // Message strings as printed by real kernels (mailing-list and blog reports), not fixtures.
    ["blk_update_request: I/O error, dev fd0, sector 0", "io-error", { device: "fd0" }],
    [
      "e1000: eth0: e1000_watchdog: NIC Link is Up 1000 Mbps Full Duplex",
      "link-up",
      { iface: "eth0", speed: "1000Mbps" },
    ],
    [
      "INFO: task kworker/u:8:65 blocked for more than 120 seconds.",
      "hung-task",
      { process: "kworker/u:8", pid: 65, seconds: 120 },
    ],
    [
      "Out of memory: Killed process 1234 (stress-ng) total-vm:1kB",
      "oom-kill",
      { pid: 1234, process: "stress-ng" },
    ],
    [
      "blk_update_request: I/O error, dev sda, sector 12345 op 0x0:(READ)",
      "io-error",
      { device: "sda" },
    ],
    [
      "Buffer I/O error on dev sda1, logical block 0, async page read",
      "io-error",
      { device: "sda1" },
    ],
    [
      "EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0",
      "io-error",
      { device: "sda1" },
    ],
    [
      "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
      "link-up",
      { iface: "eth0", speed: "1000Mbps" },
    ],
    ["igb 0000:01:00.0 eno1: igb: eno1 NIC Link is Down", "link-down", { iface: "eno1" }],
    [
      "mlx5_core 0000:3b:00.0 ens1f0: Link is Up - 25Gbps/Full - flow control off",
      "link-up",
      { iface: "ens1f0", speed: "25Gbps" },
    ],
    [
      "INFO: task kworker/u16:9:7088 blocked for more than 120 seconds.",
      "hung-task",
      { process: "kworker/u16:9", pid: 7088, seconds: 120 },
    ],
    [
      "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [stress-ng:4242]",
      "soft-lockup",
      { cpu: 1, process: "stress-ng", pid: 4242 },
    ],
    ["mce: [Hardware Error]: Machine check events logged", "mce", {}],
    [
      "CPU0: Core temperature above threshold, cpu clock throttled (total events = 1)",
      "throttle",
      { cpu: 0 },
    ],
    ["Linux version 6.18.44-fc-v1252 (gcc) #1 SMP", "restart", {}],
    ["nvme nvme0: I/O 12 QID 3 timeout, aborting", "io-error", { device: "nvme0" }],
  ])("%s", (msg, kind, attrs) => {
    expect(classifyKernelMessage(msg)).toEqual({ kind, attrs });
  });

  it.each([
    ["memory: usage 65536kB, limit 65536kB, failcnt 0"],
    ["EXT4-fs (vda): mounted filesystem 00000000 r/w without journal. Quota mode: none."],
    ["wrbr0: port 1(wrv2) entered blocking state"],
    ["mce: CPU supports 9 MCE banks"],
  ])("not notable: %s", (msg) => {
    expect(classifyKernelMessage(msg)).toBeUndefined();
  });
});
