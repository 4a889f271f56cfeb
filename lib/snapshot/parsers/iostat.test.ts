import { describe, expect, it } from "vitest";
import type { ParseContext } from "../types";
import { ParseError, pointsOf } from "../types";
import { iostatParser } from "./iostat";
import {
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
const MB = 1024 * 1024;

const parse = (name: string, ctx: ParseContext = {}) => {
  const r = iostatParser.parse(fixture("iostat", name), ctx);
  checkInvariants(r);
  return r;
};

describe("iostat: real outputs", () => {
  it.each(fixtureNames("iostat"))(
    "%s: detected as iostat and parsed without warnings about lines",
    (name) => {
      const text = fixture("iostat", name);
      expect(iostatParser.detect(text, name)).toBeGreaterThanOrEqual(0.9);
      const r = iostatParser.parse(text, {});
      checkInvariants(r);
      expect(r.warnings.filter((w) => !w.includes("no timestamps"))).toEqual([]);
      expect(r.series.length).toBeGreaterThan(0);
    },
  );

  it("12.6 -x -t, ISO timestamps: first report is since boot, then interval points", () => {
    const r = parse("x_t_iso.txt");
    expect(r.host).toEqual({ hostname: "vm", kernel: "6.18.44-fc-v1252", nCpu: 2 });
    const util = series(r, "disk.util_pct", { device: "vda" });
    expect(util.sinceBoot).toBe(3.34);
    expect(pointsOf(util)).toEqual([
      ["2026-12-04T16:41:03Z", 14.4],
      ["2026-12-04T16:41:04Z", 14.4],
    ]);
    expect(values(series(r, "disk.r_await_ms", { device: "vda" }))).toEqual([0.09, 0.09]);
    expect(values(series(r, "disk.w_await_ms", { device: "vda" }))).toEqual([0.09, 0.1]);
    expect(series(r, "disk.read_bytes_per_s", { device: "vda" }).sinceBoot).toBe(2348.75 * KB);
    expect(values(series(r, "disk.read_bytes_per_s", { device: "loop0" }))).toEqual([
      38400 * KB,
      38400 * KB,
    ]);
    expect(series(r, "disk.read_request_bytes", { device: "vda" }).sinceBoot).toBe(19.19 * KB);
    expect(values(series(r, "disk.queue_depth", { device: "vda" }))).toEqual([0.05, 0.06]);
    expect(values(series(r, "disk.flushes_per_s", { device: "vda" }))).toEqual([0, 0]);
    const user = series(r, "cpu.user_pct", { cpu: "all" });
    expect(user.sinceBoot).toBe(8.97);
    expect(values(user)).toEqual([48.56, 49.76]);
    expect(values(series(r, "cpu.iowait_pct", { cpu: "all" }))).toEqual([1.92, 2.44]);
    // 12.x prints no combined await: it is r/w/d_await weighted by r/w/d per second.
    const aw = series(r, "disk.await_ms", { device: "vda" });
    expect(aw.sinceBoot).toBeCloseTo(
      (122.42 * 0.77 + 59.77 * 0.95 + 17.94 * 0.09) / (122.42 + 59.77 + 17.94),
      9,
    );
    expect(values(aw)[1]).toBeCloseTo((300 * 0.09 + 300 * 0.1) / 600, 9);
  });

  it("de_DE -xm: decimal commas, MB/s, DD.MM.YYYY local times in Europe/Berlin", () => {
    const r = parse("xm_t_de.txt", { tz: "Europe/Berlin" });
    const rd = series(r, "disk.read_bytes_per_s", { device: "vda" });
    expect(rd.sinceBoot).toBe(2.26 * MB);
    expect(pointsOf(rd)).toEqual([
      ["2026-12-04T16:41:16Z", 1.17 * MB],
      ["2026-12-04T16:41:17Z", 1.18 * MB],
    ]);
    expect(values(series(r, "disk.util_pct", { device: "vda" }))).toEqual([18.8, 19.2]);
    expect(values(series(r, "cpu.user_pct", { cpu: "all" }))).toEqual([50.51, 49.49]);
  });

  it("en_US -xz: 12-hour times with MM/DD/YYYY", () => {
    const r = parse("xz_t_en_us.txt");
    const util = series(r, "disk.util_pct", { device: "vda" });
    expect(times(util)).toEqual(["2026-12-04T16:41:10Z", "2026-12-04T16:41:11Z"]);
    expect(values(util)).toEqual([2.38, 7.6]);
  });

  it("-p ALL without -t: partitions; report k at k × interval after the capture start", () => {
    const bare = parse("x_p_all_c.txt");
    expect(bare.warnings.some((w) => w.includes("no timestamps"))).toBe(true);
    expect(times(series(bare, "disk.write_bytes_per_s", { device: "loop0p1" }))).toEqual([1, 2]);
    const r = parse("x_p_all_c.txt", { interval: 1, captureStart: "2026-12-04T16:41:20Z" });
    const p1 = series(r, "disk.write_bytes_per_s", { device: "loop0p1" });
    expect(p1.sinceBoot).toBe(1533.01 * KB);
    expect(pointsOf(p1)[0]).toEqual(["2026-12-04T16:41:21Z", 41216 * KB]);
    expect(values(series(r, "disk.reads_per_s", { device: "loop0p2" }))[0]).toBe(800);
    expect(r.warnings).toEqual([]);
  });

  it("-y (known from argv): no since-boot report", () => {
    const r = parse("xy_d.txt", { argv: ["iostat", "-xy", "-d", "1", "3"] });
    const util = series(r, "disk.util_pct", { device: "vda" });
    expect(util.sinceBoot).toBeUndefined();
    expect(times(util)).toEqual([1, 2, 3]);
    expect(r.series.some((s) => s.metric.startsWith("cpu."))).toBe(false);
  });

  it("plain report (tps kB_read/s) and -s short report", () => {
    const plain = parse("plain_t.txt");
    expect(pointsOf(series(plain, "disk.transfers_per_s", { device: "vda" }))).toEqual([
      ["2026-12-04T16:41:36Z", 3450.98],
    ]);
    expect(values(series(plain, "disk.write_bytes_per_s", { device: "vda" }))).toEqual([
      284200 * KB,
    ]);
    const short = parse("xs.txt");
    expect(values(series(short, "disk.await_ms", { device: "vda" }))).toEqual([0.35]);
    expect(values(series(short, "disk.io_bytes_per_s", { device: "vda" }))).toEqual([
      742788.12 * KB,
    ]);
    expect(series(short, "disk.util_pct", { device: "vda" }).sinceBoot).toBe(5.97);
  });

  it("-c: CPU only", () => {
    const r = parse("c_only.txt");
    expect(r.series.every((s) => s.metric.startsWith("cpu."))).toBe(true);
    expect(series(r, "cpu.system_pct", { cpu: "all" }).sinceBoot).toBe(6.18);
    expect(values(series(r, "cpu.system_pct", { cpu: "all" }))).toEqual([47.24]);
  });

  it("sysstat 10 (CentOS 7): avgrq-sz in sectors, await and svctm, dm devices", () => {
    const r = parse("jc_centos77_sysstat10_x.txt");
    expect(r.host).toEqual({
      hostname: "localhost.localdomain",
      kernel: "3.10.0-1062.1.2.el7.x86_64",
      nCpu: 1,
    });
    const dm0 = (m: string) => series(r, m, { device: "dm-0" });
    expect(dm0("disk.await_ms").sinceBoot).toBe(0.92);
    expect(dm0("disk.svctm_ms").sinceBoot).toBe(0.5);
    expect(dm0("disk.avg_request_bytes").sinceBoot).toBe(44.3 * 512);
    expect(dm0("disk.read_bytes_per_s").sinceBoot).toBe(4.41 * KB);
    expect(dm0("disk.util_pct").sinceBoot).toBe(0.01);
    expect(r.series.every((s) => pointsOf(s).length === 0)).toBe(true);
    const mx = parse("jc_centos77_sysstat10_mx.txt");
    expect(series(mx, "disk.read_bytes_per_s", { device: "sda" }).sinceBoot).toBe(0.01 * MB);
  });

  it("sysstat 11.6 (Ubuntu 18.04): r_await/w_await, aqu-sz, rareq-sz, svctm", () => {
    const r = parse("jc_ubuntu1804_sysstat11_x.txt");
    const sda = (m: string) => series(r, m, { device: "sda" }).sinceBoot;
    expect(sda("disk.r_await_ms")).toBe(2.57);
    expect(sda("disk.w_await_ms")).toBe(6.93);
    expect(sda("disk.queue_depth")).toBe(0.79);
    expect(sda("disk.write_request_bytes")).toBe(185.52 * KB);
    expect(sda("disk.svctm_ms")).toBe(0.78);
    expect(sda("disk.util_pct")).toBe(15.14);
    expect(sda("disk.await_ms")).toBeCloseTo((127.92 * 2.57 + 67.15 * 6.93) / (127.92 + 67.15), 9);
  });
});

describe("iostat: negative cases", () => {
  it("empty input gives an empty result", () => {
    expect(iostatParser.parse("", {})).toEqual({
      tool: "iostat",
      series: [],
      events: [],
      host: {},
      warnings: [],
    });
    expect(iostatParser.parse(" \n\n", {}).series).toEqual([]);
  });

  it.each([
    ["mpstat", "P_ALL.txt"],
    ["pidstat", "udrw.txt"],
    ["sar", "u_ALL_P_ALL.txt"],
    ["sar", "A.txt"],
  ])("%s/%s is not iostat: detect ≈ 0 and parse throws ParseError", (tool, name) => {
    const text = fixture(tool, name);
    expect(iostatParser.detect(text, name)).toBeLessThanOrEqual(0.05);
    expect(() => iostatParser.parse(text, {})).toThrow(ParseError);
  });

  it("text that is no tool output throws ParseError; detect is 0", () => {
    expect(() => iostatParser.parse("hello world\nfoo bar\n", {})).toThrow(ParseError);
    expect(iostatParser.detect("hello world\n")).toBe(0);
  });

  it("a capture cut mid-line keeps what was complete and warns", () => {
    const text = fixture("iostat", "x_t_iso.txt");
    const cut = text.slice(0, text.indexOf("vda            300.00") + 40);
    const r = iostatParser.parse(cut, {});
    checkInvariants(r);
    expect(r.warnings.some((w) => /line \d+: device row/.test(w))).toBe(true);
    expect(values(series(r, "disk.util_pct", { device: "loop0" }))).toEqual([2]);
  });

  it("mutated real outputs: only ParseError, never NaN or unordered points", () => {
    const texts = fixtureTexts("iostat");
    mutationProperty(iostatParser, texts, 400);
  });
});
