/**
 * vmstat, free, top and uptime on real outputs (lib/snapshot/fixtures/<tool>/, see COMMANDS.md).
 * Every expected number is read off the fixture text.
 */
import { describe, expect, it } from "vitest";
import { find, fixture, GiB, has, KiB, MiB, times, values } from "../testing/fixtures";
import { ParseError, pointsOf, type ParseContext } from "../types";
import { freeParser } from "./free";
import { topParser } from "./top";
import { uptimeParser } from "./uptime";
import { vmstatParser } from "./vmstat";

const DAY: ParseContext = { date: "2026-12-04", tz: "UTC" };

describe("vmstat", () => {
  it("-t: timestamps, since-boot first line, KiB memory, blocks of 1 KiB", () => {
    const r = vmstatParser.parse(fixture("vmstat/vmstat_t.txt"), {});
    // first line "16  1 141232 23784876  13932 671000  181  202  2271  5279 ... 11  6 82  1  0 2026-12-04 16:41:27"
    const us = find(r, "cpu.user_pct", { cpu: "all" });
    expect(us.sinceBoot).toBeTypeOf("number");
    expect(pointsOf(us)[0]?.[0]).toBe("2026-12-04T16:41:28Z");
    expect(pointsOf(us)).toHaveLength(5);
    expect(pointsOf(find(r, "procs.running"))[0]?.[0]).toBe("2026-12-04T16:41:27Z");
    expect(values(r, "mem.free_bytes")[0]).toBe(23784876 * KiB);
    expect(find(r, "system.block_in_bytes_per_s").sinceBoot).toBe(2271 * 1024);
    expect(us.sinceBoot).toBe(11);
    expect(r.warnings.some((w) => w.includes("procps 4.0.2"))).toBe(true);
  });

  it("plain output: seconds since start, interval from argv", () => {
    const text = fixture("vmstat/vmstat_plain.txt");
    const r = vmstatParser.parse(text, { argv: ["vmstat", "1", "6"] });
    // line 2 of data: "10  0 141104 23784076  13932 671000 56020 5516 69640 580020 6548 15647 76 23  0  1  0"
    expect(times(r, "swap.in_bytes_per_s")).toEqual([1, 2, 3, 4, 5]);
    expect(values(r, "swap.in_bytes_per_s")[0]).toBe(56020 * KiB);
    expect(values(r, "swap.out_bytes_per_s")[0]).toBe(5516 * KiB);
    expect(values(r, "system.block_out_bytes_per_s")[0]).toBe(580020 * 1024);
    expect(values(r, "system.context_switches_per_s")[0]).toBe(15647);
    expect(values(r, "system.interrupts_per_s")[0]).toBe(6548);
    expect(find(r, "swap.in_bytes_per_s").sinceBoot).toBe(181 * KiB);
    expect(values(r, "procs.running")).toEqual([16, 10, 7, 7, 8, 10]);
    expect(r.warnings.some((w) => w.includes("assuming 1 s"))).toBe(false);
  });

  it("without an interval: 1 s per line and a warning; with a capture start: ISO", () => {
    const text = fixture("vmstat/vmstat_plain.txt");
    const r = vmstatParser.parse(text, {});
    expect(r.warnings.some((w) => w.includes("assuming 1 s"))).toBe(true);
    const anchored = vmstatParser.parse(text, {
      captureStart: "2026-12-04T16:41:26Z",
      interval: 2,
    });
    expect(times(anchored, "cpu.idle_pct", { cpu: "all" })[0]).toBe("2026-12-04T16:41:28Z");
  });

  it.each([
    ["vmstat/vmstat_SM.txt", ["vmstat", "-S", "M", "1", "4"], "mem.swap_used_bytes", 137 * MiB],
    ["vmstat/vmstat_Sk.txt", ["vmstat", "-S", "k", "1", "4"], "mem.swap_used_bytes", Number.NaN],
    [
      "vmstat/vmstat_wta_Sm.txt",
      ["vmstat", "-w", "-t", "-a", "-S", "m", "1", "4"],
      "mem.inactive_bytes",
      393e6,
    ],
  ])("%s: -S units", (file, argv, metric, want) => {
    const r = vmstatParser.parse(fixture(file), { argv });
    const v = values(r, metric)[0];
    if (Number.isNaN(want)) {
      const first = fixture(file).split("\n")[2]?.trim().split(/\s+/)[2];
      expect(v).toBe(Number(first) * 1000);
    } else expect(v).toBe(want);
  });

  it("-w -t -a: wide columns, gu, active/inactive", () => {
    const r = vmstatParser.parse(fixture("vmstat/vmstat_wta_Sm.txt"), {
      argv: ["vmstat", "-w", "-t", "-a", "-S", "m", "1", "4"],
    });
    expect(has(r, "cpu.guest_pct", { cpu: "all" })).toBe(true);
    expect(values(r, "mem.active_bytes")[0]).toBe(258e6);
    expect(values(r, "swap.in_bytes_per_s")[0]).toBe(57e6);
    expect(times(r, "swap.in_bytes_per_s")[0]).toBe("2026-12-04T16:41:28Z");
  });

  it("repeated headers are skipped; -n has one header", () => {
    const r = vmstatParser.parse(fixture("vmstat/vmstat_repeat_header.txt"), { interval: 1 });
    expect(pointsOf(find(r, "procs.running"))).toHaveLength(25);
    const n = vmstatParser.parse(fixture("vmstat/vmstat_n.txt"), { interval: 1 });
    expect(pointsOf(find(n, "procs.running"))).toHaveLength(4);
  });

  it("one-shot vmstat: rates only since boot, gauges as one sample", () => {
    const r = vmstatParser.parse(fixture("vmstat/vmstat_oneshot.txt"), {});
    expect(pointsOf(find(r, "cpu.idle_pct", { cpu: "all" }))).toEqual([]);
    expect(find(r, "cpu.idle_pct", { cpu: "all" }).sinceBoot).toBeGreaterThan(50);
    expect(pointsOf(find(r, "mem.free_bytes"))).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });

  it("de_DE column names (frei, Cache, Zeitstempel)", () => {
    const r = vmstatParser.parse(fixture("vmstat/vmstat_t_de.txt"), {});
    expect(values(r, "mem.free_bytes")[0]).toBe(23783848 * KiB);
    expect(times(r, "cpu.user_pct", { cpu: "all" })[0]).toBe("2026-12-04T16:41:31Z");
  });

  it.each([
    ["free output", fixture("free/free_m.txt")],
    [
      "vmstat -d",
      "disk- ------------reads------------ ------------writes----------- -----IO------\n",
    ],
    [
      "data before header",
      " 1  0      0 24013056 167744 232484    0    0  1160  2918  626 1702  9  5 84  1  0\n",
    ],
  ])("rejects %s", (_name, text) => {
    expect(vmstatParser.detect(text)).toBe(0);
    expect(() => vmstatParser.parse(text, {})).toThrow(ParseError);
  });

  it("empty input → empty result", () => {
    expect(vmstatParser.parse("", {}).series).toEqual([]);
  });
});

describe("free", () => {
  it.each([
    // file, argv, metric, value from the text
    ["free/free_m.txt", ["free", "-m"], "mem.available_bytes", 23702 * MiB],
    ["free/free_m.txt", ["free", "-m"], "mem.buff_cache_bytes", 601 * MiB],
    ["free/free_m.txt", ["free", "-m"], "mem.swap_total_bytes", 255 * MiB],
    ["free/free_w.txt", ["free", "-w"], "mem.buffers_bytes", 13592 * KiB],
    ["free/free_w.txt", ["free", "-w"], "mem.cached_bytes", 601888 * KiB],
    ["free/free_h.txt", ["free", "-h"], "mem.used_bytes", 403 * MiB],
    ["free/free_h.txt", ["free", "-h"], "mem.total_bytes", 23 * GiB],
    ["free/free_si_h.txt", ["free", "--si", "-h"], "mem.used_bytes", 422e6],
    ["free/free_si_h.txt", ["free", "--si", "-h"], "mem.swap_total_bytes", 268e6],
    ["free/free_wh_de.txt", ["free", "-w", "-h"], "mem.swap_used_bytes", 128 * MiB],
    ["free/free_wh_de.txt", ["free", "-w", "-h"], "mem.buffers_bytes", 13 * MiB],
    ["free/free_wh_de.txt", ["free", "-w", "-h"], "mem.available_bytes", 23 * GiB],
    ["free/public_centos77_free.txt", undefined, "mem.available_bytes", 3389588 * KiB],
    ["free/public_procps32_free_m.txt", ["free", "-m"], "mem.used_bytes", 5923 * MiB],
    ["free/public_procps32_free_m.txt", ["free", "-m"], "mem.available_bytes", 1859 * MiB],
    ["free/public_procps32_free_m.txt", ["free", "-m"], "mem.cached_bytes", 1593 * MiB],
  ])("%s %j: %s", (file, argv, metric, want) => {
    const r = freeParser.parse(fixture(file), argv === undefined ? {} : { argv });
    expect(values(r, metric)).toEqual([want]);
  });

  it("free -b / -k / -g give the same memory in bytes (within the printed precision)", () => {
    const b =
      values(
        freeParser.parse(fixture("free/free_b.txt"), { argv: ["free", "-b"] }),
        "mem.total_bytes",
      )[0] ?? 0;
    const k =
      values(
        freeParser.parse(fixture("free/free_k.txt"), { argv: ["free", "-k"] }),
        "mem.total_bytes",
      )[0] ?? 0;
    const g =
      values(
        freeParser.parse(fixture("free/free_g.txt"), { argv: ["free", "-g"] }),
        "mem.total_bytes",
      )[0] ?? 0;
    expect(k).toBe(b);
    expect(Math.abs(g - b)).toBeLessThan(GiB);
  });

  it("-s 1 -c 3: three samples one second apart", () => {
    const r = freeParser.parse(fixture("free/free_m_s1_c3.txt"), {
      argv: ["free", "-m", "-s", "1", "-c", "3"],
    });
    expect(pointsOf(find(r, "mem.free_bytes"))).toEqual([
      [0, 23262 * MiB],
      [1, 23277 * MiB],
      [2, 23254 * MiB],
    ]);
  });

  it("-t total row and -l low/high rows are not swap", () => {
    const t = freeParser.parse(fixture("free/free_t_m.txt"), { argv: ["free", "-t", "-m"] });
    expect(pointsOf(find(t, "mem.swap_total_bytes"))).toHaveLength(1);
    const l = freeParser.parse(fixture("free/free_lohi.txt"), {});
    expect(values(l, "mem.swap_total_bytes")).toEqual([262140 * KiB]);
  });

  it("rejects what is not free", () => {
    expect(() => freeParser.parse(fixture("uptime/uptime_load.txt"), {})).toThrow(ParseError);
    expect(freeParser.detect(fixture("vmstat/vmstat_t.txt"))).toBe(0);
  });
});

describe("top -b", () => {
  it("procps 4 summary, MiB units, process table, date from ctx", () => {
    const r = topParser.parse(fixture("top/top_b_n1.txt"), DAY);
    const t = times(r, "load.1m")[0];
    expect(typeof t).toBe("string");
    expect(String(t)).toMatch(/^2026-12-04T16:41:\d\dZ$/);
    expect(has(r, "cpu.user_pct", { cpu: "all" })).toBe(true);
    expect(values(r, "mem.total_bytes")[0]).toBeCloseTo(24105.3 * MiB, 0);
    expect(
      r.series.some((s) => s.metric === "proc.cpu_pct" && s.labels.command === "stress-ng+"),
    ).toBe(true);
  });

  it("de_DE: decimal commas, %CPU(s), MiB Spch, avail Spch", () => {
    const r = topParser.parse(fixture("top/top_b_n1_de.txt"), DAY);
    expect(values(r, "load.1m")).toEqual([1.24]);
    expect(values(r, "cpu.user_pct", { cpu: "all" })).toEqual([100]);
    expect(values(r, "mem.available_bytes")).toEqual([23587.8 * MiB]);
    expect(values(r, "mem.swap_used_bytes")).toEqual([128.1 * MiB]);
    expect(values(r, "proc.cpu_pct", { pid: "7354", command: "stress-ng+" })).toEqual([87.5]);
    expect(values(r, "proc.mem_rss_bytes", { pid: "7354", command: "stress-ng+" })).toEqual([
      6548 * KiB,
    ]);
  });

  it("-e m -E g: GiB summary and suffixed RES", () => {
    const r = topParser.parse(fixture("top/top_b_n1_em_Eg.txt"), DAY);
    expect(values(r, "mem.total_bytes")).toEqual([23.5 * GiB]);
    expect(values(r, "proc.mem_rss_bytes", { pid: "7356", command: "stress-ng+" })).toEqual([
      2.7 * MiB,
    ]);
    expect(values(r, "cpu.system_pct", { cpu: "all" })).toEqual([50]);
  });

  it("-n 2: one sample per frame, in order", () => {
    const r = topParser.parse(fixture("top/top_b_n2_d1.txt"), DAY);
    expect(pointsOf(find(r, "procs.total"))).toHaveLength(2);
    const [a, b] = times(r, "procs.total");
    expect(Date.parse(String(b))).toBeGreaterThan(Date.parse(String(a)));
  });

  it("without a date: seconds since the first frame, with a warning", () => {
    const r = topParser.parse(fixture("top/top_b_n2_d1.txt"), {});
    const ts = times(r, "procs.total");
    expect(ts[0]).toBe(0);
    expect(r.warnings.some((w) => w.includes("--date"))).toBe(true);
  });

  it("rejects other text", () => {
    expect(() => topParser.parse(fixture("free/free_m.txt"), {})).toThrow(ParseError);
    expect(topParser.detect(fixture("uptime/uptime_load.txt"))).toBe(0);
  });
});

describe("uptime", () => {
  it.each([
    ["uptime/uptime_load.txt", [1.24, 0.52, 0.26], 8 * 60, "2026-12-04T16:41:30Z"],
    ["uptime/uptime_de.txt", [1.24, 0.52, 0.26], 8 * 60, "2026-12-04T16:41:30Z"],
    [
      "uptime/public_centos77_uptime.txt",
      [0, 0.01, 0.05],
      16 * 3600 + 3 * 60,
      "2026-12-04T10:25:20Z",
    ],
    [
      "uptime/public_insights_up_days_hhmm.txt",
      [0.49, 0.12, 0.04],
      40 * 86400 + 21 * 3600 + 17 * 60,
      "2026-12-04T10:55:22Z",
    ],
    [
      "uptime/public_insights_up_days_min.txt",
      [0.49, 0.12, 0.04],
      40 * 86400 + 3 * 60,
      "2026-12-04T10:55:22Z",
    ],
    [
      "uptime/public_insights_up_days_users.txt",
      [9.32, 8.96, 8.87],
      2 * 86400,
      "2026-12-04T16:33:40Z",
    ],
  ])("%s", (file, loads, up, at) => {
    const r = uptimeParser.parse(fixture(file), DAY);
    expect([values(r, "load.1m")[0], values(r, "load.5m")[0], values(r, "load.15m")[0]]).toEqual(
      loads,
    );
    expect(values(r, "system.uptime_seconds")).toEqual([up]);
    expect(times(r, "load.1m")).toEqual([at]);
  });

  it("12 users is a user count, not uptime", () => {
    const r = uptimeParser.parse(fixture("uptime/public_insights_up_days_users.txt"), DAY);
    expect(values(r, "system.users")).toEqual([12]);
  });

  it("uptime -p: uptime only, at the capture's instant", () => {
    const r = uptimeParser.parse(fixture("uptime/uptime_pretty.txt"), {
      captureStart: "2026-12-04T16:41:30Z",
    });
    expect(pointsOf(find(r, "system.uptime_seconds"))).toEqual([["2026-12-04T16:41:30Z", 8 * 60]]);
  });

  it("a time zone moves the instant", () => {
    const r = uptimeParser.parse(fixture("uptime/uptime_load.txt"), {
      date: "2026-12-04",
      tz: "Europe/Berlin",
    });
    expect(times(r, "load.1m")).toEqual(["2026-12-04T15:41:30Z"]);
  });

  it("rejects other text", () => {
    expect(() => uptimeParser.parse(fixture("free/free_m.txt"), {})).toThrow(ParseError);
    expect(uptimeParser.detect(fixture("top/top_b_n1.txt"))).toBe(0);
  });
});
