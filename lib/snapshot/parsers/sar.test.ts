import { describe, expect, it } from "vitest";
import type { ParseContext } from "../types";
import { ParseError, pointsOf } from "../types";
import { sarParser } from "./sar";
import {
  bytesProperty,
  checkInvariants,
  fixture,
  fixtureNames,
  fixtureTexts,
  mutationProperty,
  series,
  times,
  values,
} from "./sysstat/test-helpers";

const KB = 1024;

const parse = (name: string, ctx: ParseContext = {}) => {
  const r = sarParser.parse(fixture("sar", name), ctx);
  checkInvariants(r);
  return r;
};

describe("sar: real outputs", () => {
  it.each(fixtureNames("sar"))("%s: detected as sar, parsed without warnings", (name) => {
    const text = fixture("sar", name);
    expect(sarParser.detect(text, name)).toBeGreaterThanOrEqual(0.9);
    const r = sarParser.parse(text, { tz: /_de|berlin/.test(name) ? "Europe/Berlin" : "UTC" });
    checkInvariants(r);
    expect(r.warnings).toEqual([]);
    expect(r.series.length).toBeGreaterThan(0);
    expect(r.host.hostname).toBe("vm");
  });

  it("-u ALL -P ALL: cpu.* per CPU and all", () => {
    const r = parse("u_ALL_P_ALL.txt");
    expect(pointsOf(series(r, "cpu.user_pct", { cpu: "1" }))).toEqual([
      ["2026-12-04T16:43:11Z", 97.98],
      ["2026-12-04T16:43:12Z", 98],
      ["2026-12-04T16:43:13Z", 99],
    ]);
    expect(values(series(r, "cpu.softirq_pct", { cpu: "all" }))).toEqual([1.01, 1.49, 0.5]);
    expect(values(series(r, "cpu.iowait_pct", { cpu: "0" }))).toEqual([3.03, 3.92, 3]);
  });

  it("-r ALL -S -W -B: memory in bytes, swap total derived, pages × 4096, major faults", () => {
    const r = parse("r_ALL_S_W_B.txt");
    expect(values(series(r, "mem.free_bytes"))).toEqual([
      23830320 * KB,
      23831040 * KB,
      23831292 * KB,
    ]);
    expect(values(series(r, "mem.available_bytes"))[0]).toBe(24261744 * KB);
    expect(values(series(r, "mem.dirty_bytes"))[0]).toBe(13100 * KB);
    expect(values(series(r, "mem.commit_pct"))[0]).toBe(2.29);
    expect(values(series(r, "mem.swap_total_bytes"))).toEqual([
      262140 * KB,
      262140 * KB,
      262140 * KB,
    ]);
    expect(values(series(r, "mem.swap_used_bytes"))).toEqual([0, 0, 0]);
    expect(values(series(r, "swap.in_bytes_per_s"))).toEqual([0, 0, 0]);
    expect(values(series(r, "mem.major_faults_per_s"))).toEqual([0, 1, 0]);
    expect(values(series(r, "system.block_in_bytes_per_s"))[0]).toBe(39600 * KB);
  });

  it("-b -d -p: system I/O in 512-byte blocks and per-device rows with DEV last", () => {
    const r = parse("b_d_p.txt");
    expect(values(series(r, "io.read_bytes_per_s"))).toEqual([2400 * 512, 2400 * 512, 2400 * 512]);
    expect(values(series(r, "io.writes_per_s"))).toEqual([301, 300, 300]);
    expect(values(series(r, "disk.util_pct", { device: "loop0" }))).toEqual([1.6, 2.4, 2.4]);
    expect(values(series(r, "disk.await_ms", { device: "vda" }))).toEqual([0.09, 0.09, 0.08]);
    expect(values(series(r, "disk.avg_request_bytes", { device: "vda" }))).toEqual([
      4 * KB,
      4 * KB,
      4 * KB,
    ]);
    const nop = parse("d_nop.txt");
    expect(values(series(nop, "disk.write_bytes_per_s", { device: "loop0" }))[0]).toBe(51200 * KB);
  });

  it("-q ALL -w -I SUM: load, run queue, PSI, forks, context switches, interrupts", () => {
    const r = parse("q_ALL_w_I_SUM.txt");
    expect(pointsOf(series(r, "load.1m"))[0]).toEqual(["2026-12-04T16:43:27Z", 1.77]);
    expect(values(series(r, "procs.running"))[0]).toBe(1);
    expect(values(series(r, "procs.total"))[0]).toBe(101);
    expect(values(series(r, "system.context_switches_per_s"))).toEqual([6577, 6530, 6553]);
    expect(values(series(r, "system.forks_per_s"))[0]).toBe(9);
    expect(values(series(r, "system.interrupts_per_s"))[0]).toBe(1389);
    expect(values(series(r, "psi.cpu_some_avg10"))[0]).toBe(1.05);
    expect(values(series(r, "psi.io_full_avg10"))[0]).toBe(0.01);
    expect(values(series(r, "psi.memory_some_avg60"))[0]).toBe(1.7);
  });

  it("-n DEV,EDEV,TCP,ETCP: bytes per iface, errors, TCP segments and retransmits", () => {
    const r = parse("n_DEV_EDEV_TCP_ETCP.txt");
    expect(values(series(r, "net.rx_bytes_per_s", { iface: "lo" }))[0]).toBe(24486.8 * KB);
    expect(values(series(r, "net.rx_packets_per_s", { iface: "lo" }))[0]).toBe(764);
    expect(values(series(r, "net.rx_drops_per_s", { iface: "eth0" }))).toEqual([0, 0, 0]);
    expect(values(series(r, "tcp.in_segs_per_s"))).toEqual([
      764,
      760,
      expect.any(Number) as number,
    ]);
    expect(values(series(r, "tcp.retrans_segs_per_s"))[0]).toBe(0);
  });

  it("12-hour en_US, de_DE decimal commas with Durchschn.:, ISO and C-locale header dates", () => {
    const us = parse("u_q_en_us.txt");
    expect(pointsOf(series(us, "cpu.user_pct", { cpu: "all" }))[0]).toEqual([
      "2026-12-04T16:43:38Z",
      51.27,
    ]);
    expect(values(series(us, "procs.blocked"))[0]).toBe(1);
    const de = parse("u_r_n_DEV_de.txt", { tz: "Europe/Berlin" });
    expect(pointsOf(series(de, "cpu.user_pct", { cpu: "all" }))).toEqual([
      ["2026-12-04T16:43:44Z", 52.28],
      ["2026-12-04T16:43:45Z", 50.75],
    ]);
    expect(values(series(de, "net.rx_bytes_per_s", { iface: "lo" }))).toEqual([
      24244.3 * KB,
      24486.85 * KB,
    ]);
    expect(values(series(de, "mem.used_pct"))).toEqual([0.33, 0.33]);
    const iso = parse("u_iso.txt");
    expect(pointsOf(series(iso, "mem.free_bytes"))[0]).toEqual([
      "2026-12-04T16:43:49Z",
      23719348 * KB,
    ]);
    const c = parse("u_c_locale.txt");
    expect(times(series(c, "cpu.idle_pct", { cpu: "all" }))).toEqual([
      "2026-12-04T16:43:52Z",
      "2026-12-04T16:43:53Z",
    ]);
    const berlin = parse("n_DEV_en_us_berlin.txt", { tz: "Europe/Berlin" });
    expect(times(series(berlin, "net.rx_packets_per_s", { iface: "lo" }))[0]).toBe(
      "2026-12-04T16:44:46Z",
    );
  });

  it("--date overrides the header date; the zone shifts local times", () => {
    const r = parse("u_c_locale.txt", { date: "2027-03-01", tz: "America/New_York" });
    expect(times(series(r, "cpu.idle_pct", { cpu: "all" }))).toEqual([
      "2027-03-01T21:43:52Z",
      "2027-03-01T21:43:53Z",
    ]);
  });

  it("a capture across midnight rolls over to the next day (24-hour and AM/PM, live and -f)", () => {
    const r = parse("rollover.txt");
    expect(times(series(r, "load.1m"))).toEqual([
      "2026-12-04T23:59:58Z",
      "2026-12-04T23:59:59Z",
      "2026-12-05T00:00:00Z",
      "2026-12-05T00:00:01Z",
      "2026-12-05T00:00:02Z",
      "2026-12-05T00:00:03Z",
    ]);
    const us = parse("rollover_en_us.txt");
    expect(times(series(us, "cpu.idle_pct", { cpu: "all" }))).toEqual([
      "2026-12-04T23:59:59Z",
      "2026-12-05T00:00:00Z",
      "2026-12-05T00:00:01Z",
      "2026-12-05T00:00:02Z",
    ]);
    const f = parse("rollover_f_en_us.txt");
    expect(values(series(f, "cpu.steal_pct", { cpu: "all" }))).toEqual([0.5, 0, 0, 0, 0]);
    expect(times(series(f, "cpu.steal_pct", { cpu: "all" }))[2]).toBe("2026-12-05T00:00:00Z");
  });

  it("sar -f with a restart and a comment: events; each activity's times restart without a false rollover", () => {
    const r = parse("restart_comment_f.txt");
    expect(r.events).toEqual([
      {
        at: "2026-12-04T16:44:35Z",
        kind: "restart",
        message: "LINUX RESTART (2 CPU)",
        attrs: { nCpu: 2 },
      },
      {
        at: "2026-12-04T16:44:35Z",
        kind: "other",
        message: "sar comment: warroom fixture comment",
        attrs: { comment: "warroom fixture comment" },
      },
    ]);
    expect(pointsOf(series(r, "load.1m"))).toEqual([
      ["2026-12-04T16:44:30Z", 0.92],
      ["2026-12-04T16:44:31Z", 0.92],
      ["2026-12-04T16:44:32Z", 0.92],
      ["2026-12-04T16:44:36Z", 0.84],
    ]);
    expect(values(series(r, "cpu.user_pct", { cpu: "all" }))).toEqual([52.88, 52.63, 52.88, 0]);
  });

  it("-A: every mapped activity, unmapped ones (TTY, NFS, power, filesystems, IPv6) skipped quietly", () => {
    const r = parse("A.txt");
    const metrics = new Set(r.series.map((s) => s.metric));
    for (const m of [
      "cpu.user_pct",
      "system.forks_per_s",
      "system.interrupts_per_s",
      "swap.in_bytes_per_s",
      "mem.major_faults_per_s",
      "io.transfers_per_s",
      "mem.free_bytes",
      "mem.swap_total_bytes",
      "kernel.file_handles",
      "load.15m",
      "psi.memory_full_avg300",
      "disk.util_pct",
      "net.rx_bytes_per_s",
      "net.rx_errors_per_s",
      "tcp.active_opens_per_s",
      "tcp.retrans_segs_per_s",
      "tcp.timewait",
      "udp.in_datagrams_per_s",
    ])
      expect(metrics).toContain(m);
    expect(values(series(r, "mem.dirty_bytes"))).toEqual([13560 * KB]);
  });

  it("without a header or --date, times are seconds since the first sample", () => {
    const text = fixture("sar", "rollover.txt");
    const r = sarParser.parse(text.slice(text.indexOf("\n") + 1), {});
    checkInvariants(r);
    expect(times(series(r, "load.1m"))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.warnings.some((w) => w.includes("without a date"))).toBe(true);
  });
});

describe("sar: negative cases", () => {
  it("empty input gives an empty result", () => {
    expect(sarParser.parse("", {})).toEqual({
      tool: "sar",
      series: [],
      events: [],
      host: {},
      warnings: [],
    });
  });

  it.each([
    ["iostat", "x_t_iso.txt"],
    ["iostat", "plain_t.txt"],
    ["pidstat", "udrw_h.txt"],
    ["mpstat", "P_ALL.txt"],
    ["mpstat", "A.txt"],
  ])("%s/%s: detect ≈ 0", (tool, name) => {
    expect(sarParser.detect(fixture(tool, name), name)).toBeLessThanOrEqual(0.05);
  });

  it.each([
    ["iostat", "x_t_iso.txt"],
    ["pidstat", "udrw_h.txt"],
  ])("%s/%s: parse throws ParseError", (tool, name) => {
    expect(() => sarParser.parse(fixture(tool, name), {})).toThrow(ParseError);
  });

  it("garbage throws ParseError; a header alone is an empty result with a warning", () => {
    expect(() => sarParser.parse("GET / HTTP/1.1\nHost: x\n", {})).toThrow(ParseError);
    const only = sarParser.parse(
      "Linux 6.18.44-fc-v1252 (vm) \t12/04/26 \t_x86_64_\t(2 CPU)\n\n",
      {},
    );
    expect(only.series).toEqual([]);
    expect(only.host.nCpu).toBe(2);
    expect(only.warnings.length).toBe(1);
  });

  it("cut in the middle of a row: warning names the line, complete rows kept", () => {
    const text = fixture("sar", "n_DEV_EDEV_TCP_ETCP.txt");
    const r = sarParser.parse(text.slice(0, text.indexOf("16:43:32         eth0") + 30), {});
    checkInvariants(r);
    expect(r.warnings.some((w) => w.startsWith("sar: line 7:"))).toBe(true);
    expect(values(series(r, "net.rx_packets_per_s", { iface: "lo" }))).toEqual([764]);
  });

  it("mutated real outputs: only ParseError, never NaN or unordered points", () => {
    mutationProperty(sarParser, fixtureTexts("sar"), 400);
  });

  it("read as bytes: what the decoded text gives, whole or a chunk at a time (mutated, raw bytes, BOM)", () => {
    bytesProperty(sarParser, fixtureTexts("sar"), 100);
  });
});
