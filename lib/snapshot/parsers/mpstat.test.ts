import { describe, expect, it } from "vitest";
import type { ParseContext } from "../types";
import { ParseError, pointsOf } from "../types";
import { mpstatParser } from "./mpstat";
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

const parse = (name: string, ctx: ParseContext = {}) => {
  const r = mpstatParser.parse(fixture("mpstat", name), ctx);
  checkInvariants(r);
  return r;
};

describe("mpstat: real outputs", () => {
  it.each(fixtureNames("mpstat"))("%s: detected as mpstat, parsed without warnings", (name) => {
    const text = fixture("mpstat", name);
    expect(mpstatParser.detect(text, name)).toBeGreaterThanOrEqual(0.9);
    const r = mpstatParser.parse(text, { tz: name.includes("_de") ? "Europe/Berlin" : "UTC" });
    checkInvariants(r);
    expect(r.warnings).toEqual([]);
    expect(r.series.length).toBeGreaterThan(0);
  });

  it("-P ALL: one series per CPU and all; Average lines are not samples", () => {
    const r = parse("P_ALL.txt");
    const cpu1 = series(r, "cpu.user_pct", { cpu: "1" });
    expect(pointsOf(cpu1)).toEqual([
      ["2026-12-04T16:41:49Z", 71],
      ["2026-12-04T16:41:50Z", 49.5],
      ["2026-12-04T16:41:51Z", 53.54],
    ]);
    expect(cpu1.sinceBoot).toBeUndefined();
    expect(values(series(r, "cpu.softirq_pct", { cpu: "all" }))).toEqual([2.5, 4.46, 3.55]);
    expect(values(series(r, "cpu.system_pct", { cpu: "0" }))).toEqual([24, 12.87, 19.39]);
    expect(values(series(r, "cpu.iowait_pct", { cpu: "1" }))).toEqual([0, 1.98, 1.01]);
    expect(values(series(r, "cpu.guest_nice_pct", { cpu: "all" }))).toEqual([0, 0, 0]);
  });

  it("en_US: 12-hour clock, MM/DD/YYYY header", () => {
    const r = parse("P_ALL_en_us.txt");
    const s = series(r, "cpu.system_pct", { cpu: "0" });
    expect(times(s)).toEqual([
      "2026-12-04T16:41:54Z",
      "2026-12-04T16:41:55Z",
      "2026-12-04T16:41:56Z",
    ]);
    expect(values(s)).toEqual([18.81, 28.28, 20]);
    expect(values(series(r, "cpu.steal_pct", { cpu: "all" }))).toEqual([0.5, 0, 0]);
  });

  it("de_DE: decimal commas, DD.MM.YYYY, Durchschn.: ignored, Europe/Berlin → UTC", () => {
    const r = parse("P_ALL_de.txt", { tz: "Europe/Berlin" });
    const s = series(r, "cpu.user_pct", { cpu: "all" });
    expect(pointsOf(s)).toEqual([
      ["2026-12-04T16:42:00Z", 82.41],
      ["2026-12-04T16:42:01Z", 82.67],
    ]);
  });

  it("S_TIME_FORMAT=ISO header date; --date overrides the header", () => {
    const r = parse("iso.txt");
    expect(pointsOf(series(r, "cpu.idle_pct", { cpu: "all" }))).toEqual([
      ["2026-12-04T16:42:05Z", 30.3],
      ["2026-12-04T16:42:06Z", 32.49],
    ]);
    const d = parse("iso.txt", { date: "2027-01-15", tz: "+05:30" });
    expect(times(series(d, "cpu.idle_pct", { cpu: "all" }))).toEqual([
      "2027-01-15T11:12:05Z",
      "2027-01-15T11:12:06Z",
    ]);
  });

  it("-I SUM -P ALL: per-CPU interrupt rates, and the all row as system.interrupts_per_s", () => {
    const r = parse("I_SUM_P_ALL.txt");
    expect(values(series(r, "cpu.interrupts_per_s", { cpu: "0" }))).toEqual([483, 488]);
    expect(values(series(r, "cpu.interrupts_per_s", { cpu: "all" }))).toEqual([1911, 1955]);
    expect(pointsOf(series(r, "system.interrupts_per_s"))).toEqual([
      ["2026-12-04T16:42:09Z", 1911],
      ["2026-12-04T16:42:10Z", 1955],
    ]);
  });

  it("-A: CPU and interrupt tables read; NODE, per-IRQ and softirq tables skipped", () => {
    const r = parse("A.txt");
    expect(pointsOf(series(r, "cpu.system_pct", { cpu: "0" }))).toEqual([
      ["2026-12-04T16:42:14Z", 99],
    ]);
    expect(values(series(r, "system.interrupts_per_s"))).toEqual([2177]);
    expect(r.series.some((s) => "node" in s.labels)).toBe(false);
    expect(new Set(r.series.map((s) => s.metric)).size).toBe(12);
  });

  it("no interval: one report of averages since boot → sinceBoot, no points", () => {
    const r = parse("oneshot.txt");
    const s = series(r, "cpu.user_pct", { cpu: "all" });
    expect(s.sinceBoot).toBe(16.19);
    expect(pointsOf(s)).toEqual([]);
    expect(series(r, "cpu.idle_pct", { cpu: "1" }).sinceBoot).toBe(70.21);
  });

  it("sysstat 10 and 11.6 one-shot reports (CentOS 7, Ubuntu 18.04 -A)", () => {
    const old = parse("jc_centos77_sysstat10_oneshot.txt");
    expect(old.host).toEqual({
      hostname: "localhost",
      kernel: "3.10.0-1062.1.2.el7.x86_64",
      nCpu: 1,
    });
    expect(series(old, "cpu.idle_pct", { cpu: "all" }).sinceBoot).toBe(99.39);
    const a = parse("jc_ubuntu1804_sysstat11_A.txt");
    expect(series(a, "cpu.nice_pct", { cpu: "0" }).sinceBoot).toBe(8.92);
    expect(series(a, "system.interrupts_per_s").sinceBoot).toBe(1301.92);
    expect(series(a, "cpu.interrupts_per_s", { cpu: "0" }).sinceBoot).toBe(1973);
    expect(a.series.every((s) => pointsOf(s).length === 0)).toBe(true);
  });
});

describe("mpstat: negative cases", () => {
  it("empty input gives an empty result", () => {
    expect(mpstatParser.parse("", {}).series).toEqual([]);
  });

  it.each([
    ["iostat", "x_t_iso.txt"],
    ["pidstat", "udrw.txt"],
    ["sar", "u_ALL_P_ALL.txt"],
    ["sar", "r_ALL_S_W_B.txt"],
  ])("%s/%s: detect ≈ 0", (tool, name) => {
    expect(mpstatParser.detect(fixture(tool, name), name)).toBeLessThanOrEqual(0.05);
  });

  it.each([
    ["iostat", "x_t_iso.txt"],
    ["pidstat", "udrw.txt"],
  ])("%s/%s: parse throws ParseError", (tool, name) => {
    expect(() => mpstatParser.parse(fixture(tool, name), {})).toThrow(ParseError);
  });

  it("truncated mid-row: warning with the line number, earlier rows kept", () => {
    const text = fixture("mpstat", "P_ALL.txt");
    const r = mpstatParser.parse(text.slice(0, text.indexOf("16:41:50       1") + 30), {});
    checkInvariants(r);
    expect(r.warnings.some((w) => w.includes("line 11"))).toBe(true);
    expect(values(series(r, "cpu.user_pct", { cpu: "1" }))).toEqual([71]);
  });

  it("mutated real outputs: only ParseError, never NaN or unordered points", () => {
    mutationProperty(mpstatParser, fixtureTexts("mpstat"), 400);
  });

  it("read as bytes: what the decoded text gives, whole or a chunk at a time (mutated, raw bytes, BOM)", () => {
    bytesProperty(mpstatParser, fixtureTexts("mpstat"), 100);
  });
});
