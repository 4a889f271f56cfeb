/**
 * /proc, cgroup, ss, ip and df parsers on real files (lib/snapshot/fixtures/{proc,cgroup,ss,ip,df}).
 * Expected numbers are copied from the fixture text.
 */
import { describe, expect, it } from "vitest";
import { find, fixture, has, KiB, values } from "../testing/fixtures";
import { ParseError, pointsOf } from "../types";
import { cgroupFromPath, cgroupParser } from "./cgroup";
import { dfParser } from "./df";
import { ipLinkParser } from "./ip-link";
import { meminfoParser } from "./meminfo";
import { netDevParser } from "./net-dev";
import { netSnmpParser } from "./net-snmp";
import { pressureParser } from "./pressure";
import { procStatParser } from "./proc-stat";
import { ssParser } from "./ss";

const AT = { captureStart: "2026-12-04T16:41:20Z" };

describe("/proc/meminfo", () => {
  it("bytes, cached = Cached + SReclaimable, used = total - available, swap used", () => {
    const r = meminfoParser.parse(fixture("proc/meminfo_load.txt"), AT);
    expect(pointsOf(find(r, "mem.total_bytes"))).toEqual([
      ["2026-12-04T16:41:20Z", 24683792 * KiB],
    ]);
    expect(values(r, "mem.free_bytes")).toEqual([23834864 * KiB]);
    expect(values(r, "mem.available_bytes")).toEqual([24153632 * KiB]);
    expect(values(r, "mem.cached_bytes")).toEqual([(454304 + 160924) * KiB]);
    expect(values(r, "mem.used_bytes")).toEqual([(24683792 - 24153632) * KiB]);
    expect(values(r, "mem.swap_used_bytes")).toEqual([(262140 - 110880) * KiB]);
  });
  it("without a capture start the instant is 0", () => {
    const s = find(meminfoParser.parse(fixture("proc/meminfo_idle.txt"), {}), "mem.total_bytes");
    expect(s.relative).toBe(true);
    expect(pointsOf(s)[0]?.[0]).toBe(0);
  });
  it("rejects other text", () => {
    expect(meminfoParser.detect(fixture("proc/stat_start.txt"))).toBe(0);
    expect(() => meminfoParser.parse(fixture("proc/net_dev_start.txt"), {})).toThrow(ParseError);
  });
});

describe("/proc/stat", () => {
  it("counters in seconds and since-boot shares", () => {
    const r = procStatParser.parse(fixture("proc/stat_start.txt"), AT);
    // "cpu  10341 0 5041 79382 1169 0 145 198 0 0"
    expect(values(r, "cpu.user_seconds_total", { cpu: "all" })).toEqual([103.41]);
    const total = 10341 + 0 + 5041 + 79382 + 1169 + 0 + 145 + 198;
    expect(find(r, "cpu.user_pct", { cpu: "all" }).sinceBoot).toBeCloseTo(
      (10341 / total) * 100,
      10,
    );
    expect(pointsOf(find(r, "cpu.idle_pct", { cpu: "1" }))).toEqual([]);
    expect(values(r, "system.context_switches_total")).toEqual([1663010]);
    expect(values(r, "system.forks_total")).toEqual([7339]);
    expect(values(r, "procs.running")).toEqual([2]);
  });
  it("rejects other text", () => {
    expect(() => procStatParser.parse(fixture("proc/meminfo_idle.txt"), {})).toThrow(ParseError);
  });
});

describe("/proc/net/dev and /proc/net/snmp", () => {
  it("per-interface counters", () => {
    const r = netDevParser.parse(fixture("proc/net_dev_end.txt"), AT);
    expect(values(r, "net.rx_bytes_total", { iface: "eth0" })).toEqual([758713882]);
    expect(values(r, "net.tx_packets_total", { iface: "eth0" })).toEqual([11334]);
    expect(values(r, "net.tx_bytes_total", { iface: "wrv0" })).toEqual([726]);
    expect(values(r, "net.rx_drops_total", { iface: "lo" })).toEqual([0]);
  });
  it("TCP and UDP counters, CurrEstab as a gauge", () => {
    const r = netSnmpParser.parse(fixture("proc/net_snmp_end.txt"), AT);
    // "Tcp: 1 200 120000 -1 50 5 1 0 0 34962 27355 12 0 69 0"
    expect(values(r, "tcp.retrans_segs_total")).toEqual([12]);
    expect(values(r, "tcp.out_segs_total")).toEqual([27355]);
    expect(values(r, "tcp.in_segs_total")).toEqual([34962]);
    expect(values(r, "tcp.active_opens_total")).toEqual([50]);
    expect(values(r, "tcp.established")).toEqual([0]);
    expect(values(r, "udp.in_datagrams_total")).toEqual([48]);
  });
  it("reject each other's text", () => {
    expect(() => netDevParser.parse(fixture("proc/net_snmp_end.txt"), {})).toThrow(ParseError);
    expect(() => netSnmpParser.parse(fixture("proc/net_dev_end.txt"), {})).toThrow(ParseError);
  });
});

describe("pressure", () => {
  it("grep -H form names each resource", () => {
    const r = pressureParser.parse(fixture("proc/pressure_grep.txt"), AT);
    // "/proc/pressure/cpu:some avg10=39.60 avg60=9.17 avg300=3.66 total=24856588"
    expect(values(r, "psi.cpu_some_avg10")).toEqual([39.6]);
    expect(values(r, "psi.cpu_some_stall_seconds_total")).toEqual([24.856588]);
    expect(values(r, "psi.io_some_avg10")).toEqual([18]);
    expect(has(r, "psi.memory_full_avg10")).toBe(true);
  });
  it("a raw file takes its resource from its path", () => {
    const r = pressureParser.parse(fixture("proc/pressure_cpu.txt"), {
      sourcePath: "/proc/pressure/cpu",
    });
    expect(values(r, "psi.cpu_some_avg10")).toEqual([1.24]);
    const byName = pressureParser.parse(fixture("proc/pressure_memory.txt"), {
      fileName: "pressure_memory.txt",
    });
    expect(has(byName, "psi.memory_some_avg60")).toBe(true);
  });
  it("a raw file without a path cannot be placed", () => {
    expect(() => pressureParser.parse(fixture("proc/pressure_io.txt"), {})).toThrow(ParseError);
  });
});

describe("cgroup v1 and v2", () => {
  it("path → cgroup label", () => {
    expect(cgroupFromPath("/sys/fs/cgroup/cpu/wr-cpu/cpu.stat")).toBe("/wr-cpu");
    expect(cgroupFromPath("/sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes")).toBe(
      "/docker/abc",
    );
    expect(cgroupFromPath("/sys/fs/cgroup/system.slice/nginx.service/memory.max")).toBe(
      "/system.slice/nginx.service",
    );
    expect(cgroupFromPath("/sys/fs/cgroup/unified/wr-v2/cpu.stat")).toBe("/wr-v2");
  });
  it("v1 cpu.stat: throttled_time in ns", () => {
    const r = cgroupParser.parse(fixture("cgroup/v1/cpu_stat_throttle_end.txt"), {
      sourcePath: "/sys/fs/cgroup/cpu/wr-cpu/cpu.stat",
    });
    const l = { cgroup: "/wr-cpu" };
    expect(values(r, "cgroup.cpu_periods_total", l)).toEqual([51]);
    expect(values(r, "cgroup.cpu_throttled_periods_total", l)).toEqual([51]);
    expect(values(r, "cgroup.cpu_throttled_seconds_total", l)).toEqual([3.949505939]);
  });
  it("v2 cpu.stat: *_usec", () => {
    const r = cgroupParser.parse(fixture("cgroup/v2/cpu_stat_child.txt"), {
      sourcePath: "/sys/fs/cgroup/unified/wr-v2/cpu.stat",
    });
    expect(values(r, "cgroup.cpu_usage_seconds_total", { cgroup: "/wr-v2" })).toEqual([1.89404]);
    expect(has(r, "cgroup.cpu_throttled_periods_total", { cgroup: "/wr-v2" })).toBe(false);
  });
  it("v1 memory.oom_control counts OOM kills", () => {
    const r = cgroupParser.parse(fixture("cgroup/v1/memory_oom_control_oom.txt"), {
      sourcePath: "/sys/fs/cgroup/memory/wr-test/memory.oom_control",
    });
    expect(values(r, "cgroup.memory_oom_kills_total", { cgroup: "/wr-test" })).toEqual([164]);
  });
  it.each([
    [
      "cgroup/v1/memory_limit_in_bytes_oom.txt",
      "/sys/fs/cgroup/memory/wr-test/memory.limit_in_bytes",
      "cgroup.memory_max_bytes",
      67108864,
    ],
    [
      "cgroup/v1/memory_usage_in_bytes_swap.txt",
      "/sys/fs/cgroup/memory/wr-swap/memory.usage_in_bytes",
      "cgroup.memory_current_bytes",
      100433920,
    ],
    [
      "cgroup/v1/memory_failcnt_swap.txt",
      "/sys/fs/cgroup/memory/wr-swap/memory.failcnt",
      "cgroup.memory_failcnt_total",
      109478,
    ],
  ])("%s", (file, sourcePath, metric, want) => {
    const r = cgroupParser.parse(fixture(file), { sourcePath });
    expect(values(r, metric, { cgroup: cgroupFromPath(sourcePath) })).toEqual([want]);
    expect(cgroupParser.detect(fixture(file), sourcePath)).toBeGreaterThan(0.5);
  });
  it("v1 'unlimited' (9223372036854771712) is no limit, not a number", () => {
    const r = cgroupParser.parse(fixture("cgroup/v1/memory_limit_in_bytes_root.txt"), {
      sourcePath: "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    });
    expect(r.series).toEqual([]);
    expect(r.warnings[0]).toContain("no memory limit");
  });
  it("a bare number without a telling name is not claimed", () => {
    expect(cgroupParser.detect(fixture("cgroup/v1/memory_failcnt_swap.txt"))).toBe(0);
    expect(() => cgroupParser.parse(fixture("cgroup/v1/memory_failcnt_swap.txt"), {})).toThrow(
      ParseError,
    );
  });
});

describe("ss -s, ip -s link, df", () => {
  it("ss -s", () => {
    const r = ssParser.parse(fixture("ss/ss_s_load.txt"), AT);
    // "Total: 17" / "TCP:   6 (estab 4, closed 0, orphaned 0, timewait 0)"
    expect(values(r, "net.sockets")).toEqual([17]);
    expect(values(r, "tcp.established")).toEqual([4]);
    expect(values(r, "tcp.sockets")).toEqual([6]);
    expect(values(r, "tcp.timewait")).toEqual([0]);
  });
  it("ip -s link and ip -s -s link", () => {
    const r = ipLinkParser.parse(fixture("ip/ip_s_link_start.txt"), AT);
    expect(values(r, "net.rx_bytes_total", { iface: "eth0" })).toEqual([758713882]);
    expect(values(r, "net.tx_packets_total", { iface: "eth0" })).toEqual([11334]);
    expect(values(r, "net.link_up", { iface: "eth0" })).toEqual([1]);
    expect(values(r, "net.mtu_bytes", { iface: "eth0" })).toEqual([1400]);
    expect(values(r, "net.link_up", { iface: "ifb0" })).toEqual([0]);
    const ns = ipLinkParser.parse(fixture("ip/ip_s_link_ns.txt"), AT);
    expect(values(ns, "net.rx_packets_total", { iface: "wrv1" })).toEqual([9]);
    const ss = ipLinkParser.parse(fixture("ip/ip_s_s_link.txt"), AT);
    expect(values(ss, "net.rx_bytes_total", { iface: "lo" })).toEqual([500881811]);
  });
  it.each([
    ["df/df.txt", undefined, "/", 24, 81235248 * KiB],
    ["df/df_P.txt", undefined, "/", 24, 81235236 * KiB],
    ["df/df_T.txt", undefined, "/dev/shm", 0, 24683792 * KiB],
    ["df/df_h_de.txt", undefined, "/", 24, 78 * 1024 ** 3],
  ])("%s", (file, argv, mount, pct, avail) => {
    const r = dfParser.parse(fixture(file), argv === undefined ? {} : { argv });
    expect(values(r, "fs.used_pct", { mount })).toEqual([pct]);
    expect(values(r, "fs.avail_bytes", { mount })).toEqual([avail]);
  });
  it("reject each other", () => {
    expect(() => ssParser.parse(fixture("df/df.txt"), {})).toThrow(ParseError);
    expect(() => ipLinkParser.parse(fixture("ss/ss_s_idle.txt"), {})).toThrow(ParseError);
    expect(() => dfParser.parse(fixture("ip/ip_s_link_end.txt"), {})).toThrow(ParseError);
  });
});
