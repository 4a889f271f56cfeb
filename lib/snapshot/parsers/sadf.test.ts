import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParseContext } from "../types";
import { ParseError, pointsOf, seriesKey } from "../types";
import { sadfParser } from "./sadf";
import { sarParser } from "./sar";
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

const parse = (name: string, ctx: ParseContext = {}) => {
  const r = sadfParser.parse(fixture("sadf", name), ctx);
  checkInvariants(r);
  return r;
};

describe("sadf -j: real outputs", () => {
  it.each(fixtureNames("sadf"))("%s: detected as sadf, parsed without warnings", (name) => {
    const text = fixture("sadf", name);
    expect(sadfParser.detect(text, name)).toBeGreaterThanOrEqual(0.9);
    const r = sadfParser.parse(text, { tz: name.includes("berlin") ? "Europe/Berlin" : "UTC" });
    checkInvariants(r);
    expect(r.warnings).toEqual([]);
    expect(r.host).toEqual({ hostname: "vm", kernel: "6.18.44-fc-v1252", nCpu: 2, os: "Linux" });
  });

  it("-A: CPU, memory, disks, network, PSI, interrupts; the restart record is an event", () => {
    const r = parse("j_A.txt");
    expect(pointsOf(series(r, "cpu.user_pct", { cpu: "all" }))).toEqual([
      ["2026-12-04T16:44:30Z", 52.88],
      ["2026-12-04T16:44:31Z", 52.63],
      ["2026-12-04T16:44:32Z", 52.88],
      ["2026-12-04T16:44:36Z", 0],
    ]);
    expect(values(series(r, "system.interrupts_per_s"))[0]).toBe(2842);
    expect(values(series(r, "psi.cpu_some_avg10"))[0]).toBe(0.3);
    expect(values(series(r, "psi.io_full_avg300"))[0]).toBe(0.5);
    expect(values(series(r, "disk.read_bytes_per_s", { device: "loop0p2" }))[0]).toBe(38400 * KB);
    expect(values(series(r, "disk.avg_request_bytes", { device: "vda" }))[0]).toBe(4 * KB);
    expect(values(series(r, "net.rx_bytes_per_s", { iface: "lo" }))[0]).toBe(24486.8 * KB);
    expect(values(series(r, "io.reads_per_s"))[0]).toBe(300);
    expect(values(series(r, "mem.swap_total_bytes"))[0]).toBe(262140 * KB);
    expect(values(series(r, "kernel.file_handles"))[0]).toBe(625);
    expect(values(series(r, "tcp.sockets"))[0]).toBe(3);
    expect(r.events).toEqual([
      {
        at: "2026-12-04T16:44:35Z",
        kind: "restart",
        message: "LINUX RESTART (2 CPU)",
        attrs: { nCpu: 2, host: "vm" },
      },
    ]);
  });

  it("gives exactly the series sar prints from the same history file", () => {
    const json = parse("j_core.txt");
    const text = sarParser.parse(fixture("sar", "core_f_same_as_sadf_j_core.txt"), {});
    const byKey = (r: typeof json) =>
      new Map(r.series.map((s) => [seriesKey(s.metric, s.labels), pointsOf(s)]));
    const a = byKey(json);
    const b = byKey(text);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(188);
    for (const [k, pts] of a) expect(pts, k).toEqual(b.get(k));
  });

  it('-T: local times ("utc": 0) read in ctx.tz', () => {
    const r = parse("j_T_berlin.txt", { tz: "Europe/Berlin" });
    expect(times(series(r, "load.1m"))).toEqual([
      "2026-12-04T16:44:30Z",
      "2026-12-04T16:44:31Z",
      "2026-12-04T16:44:32Z",
      "2026-12-04T16:44:36Z",
    ]);
  });

  it("a history across midnight: the record dates carry the rollover", () => {
    const r = parse("j_rollover.txt");
    expect(times(series(r, "cpu.idle_pct", { cpu: "all" }))[2]).toBe("2026-12-05T00:00:00Z");
    expect(values(series(r, "load.5m")).length).toBe(5);
  });

  it("-C: comments become events", () => {
    const r = parse("j_C_q_comment.txt");
    expect(r.events.map((e) => [e.kind, e.at, e.message])).toEqual([
      ["restart", "2026-12-04T16:44:35Z", "LINUX RESTART (2 CPU)"],
      ["other", "2026-12-04T16:44:35Z", "sar comment: warroom fixture comment"],
    ]);
  });
});

describe("sadf -j: negative cases", () => {
  it("empty input gives an empty result", () => {
    expect(sadfParser.parse("", {}).series).toEqual([]);
  });

  it.each([
    ["sar", "A.txt"],
    ["iostat", "x_t_iso.txt"],
    ["mpstat", "P_ALL.txt"],
    ["pidstat", "udrw.txt"],
  ])("%s/%s: detect 0 and ParseError", (tool, name) => {
    const text = fixture(tool, name);
    expect(sadfParser.detect(text, name)).toBe(0);
    expect(() => sadfParser.parse(text, {})).toThrow(ParseError);
  });

  it("JSON that is not sadf's, and a truncated document, throw ParseError", () => {
    expect(() => sadfParser.parse('{"foo": 1}', {})).toThrow(ParseError);
    expect(sadfParser.detect('{"foo": 1}')).toBe(0);
    const text = fixture("sadf", "j_core.txt");
    expect(() => sadfParser.parse(text.slice(0, text.length / 2), {})).toThrow(ParseError);
  });

  it("mutated real outputs: only ParseError, never NaN or unordered points", () => {
    mutationProperty(sadfParser, fixtureTexts("sadf"), 150);
  });

  it("valid JSON with junk values and shapes: no throw, no NaN", () => {
    const junk = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant("1,5"),
      fc.constant([]),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("queue", "memory", "cpu-load", "disk", "network", "psi", "interrupts"),
            junk,
          ),
        ),
        (pairs) => {
          const stat: Record<string, unknown> = {
            timestamp: { date: "2026-12-04", time: "10:00:00", utc: 1 },
          };
          for (const [k, v] of pairs)
            stat[k] = Array.isArray(v)
              ? [{ cpu: "all", "disk-device": "x", iface: "y", idle: v }]
              : { "ldavg-1": v, memfree: v };
          const r = sadfParser.parse(
            JSON.stringify({ sysstat: { hosts: [{ statistics: [stat] }] } }),
            {},
          );
          checkInvariants(r);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
