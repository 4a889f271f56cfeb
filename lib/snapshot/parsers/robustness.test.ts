/**
 * Property tests: mutated and truncated real outputs never make a parser throw anything but
 * ParseError, and never produce NaN, Infinity, unordered times or columns of unequal length.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine } from "../combine";
import { fixture } from "../testing/fixtures";
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { TimeBase } from "./common";
import type { ToolParser } from "./parser";
import { PARSERS, parserByName } from "./registry";

const SAMPLES: [string, string, ParseContext][] = [
  ["vmstat", "vmstat/vmstat_t.txt", {}],
  ["vmstat", "vmstat/vmstat_wta_Sm.txt", { argv: ["vmstat", "-w", "-t", "-a", "-S", "m"] }],
  ["vmstat", "vmstat/vmstat_plain.txt", { captureStart: "2026-12-04T16:00:00Z" }],
  ["free", "free/free_m_s1_c3.txt", { argv: ["free", "-m", "-s", "1"] }],
  ["free", "free/free_wh_de.txt", {}],
  ["free", "free/public_procps32_free_m.txt", {}],
  ["top", "top/top_b_n2_d1.txt", { date: "2026-12-04" }],
  ["top", "top/top_b_n1_de.txt", {}],
  ["uptime", "uptime/uptime_de.txt", { date: "2026-12-04" }],
  ["dmesg", "dmesg/dmesg_bridge_T.txt", {}],
  ["journalctl", "journalctl/journalctl_k_grep_oom.txt", { date: "2026-12-04" }],
  ["ss", "ss/ss_s_load.txt", {}],
  ["ip", "ip/ip_s_s_link.txt", {}],
  ["meminfo", "proc/meminfo_load.txt", {}],
  ["procstat", "proc/stat_end.txt", {}],
  ["netdev", "proc/net_dev_end.txt", {}],
  ["snmp", "proc/net_snmp_end.txt", {}],
  ["pressure", "proc/pressure_grep.txt", {}],
  [
    "cgroup",
    "cgroup/v1/cpu_stat_throttle_end.txt",
    { sourcePath: "/sys/fs/cgroup/cpu/x/cpu.stat" },
  ],
  ["df", "df/df_T.txt", {}],
];

/**
 * Columns of equal length, finite values, finite non-decreasing times (these parsers sort, and
 * keep two samples of one instant), strictly increasing once combine has merged and deduplicated.
 */
function check(r: ParseResult): void {
  for (const s of r.series) {
    if (s.sinceBoot !== undefined) expect(Number.isFinite(s.sinceBoot)).toBe(true);
    expect(s.times.length).toBe(s.values.length);
    let prev = -Infinity;
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i] ?? NaN;
      expect(Number.isFinite(s.values[i])).toBe(true);
      expect(Number.isFinite(t)).toBe(true);
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
    }
  }
  for (const s of combine([r]).series) {
    expect(s.times.length).toBe(s.values.length);
    for (let i = 1; i < s.times.length; i++)
      expect(s.times[i] ?? NaN).toBeGreaterThan(s.times[i - 1] ?? NaN);
  }
  for (const e of r.events) expect(Number.isNaN(TimeBase.order(e.at))).toBe(false);
}

function run(parser: ToolParser, text: string, ctx: ParseContext): void {
  try {
    parser.detect(text, ctx.fileName);
    check(parser.parse(text, ctx));
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
  }
}

/** A mutation of a real output: line drops/duplicates, cuts, garbage numbers, binary noise, huge lines. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("drop" as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("dup" as const), at: fc.nat(), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("number" as const),
    at: fc.nat(),
    value: fc.constantFrom(
      "NaN",
      "-",
      "1e400",
      "9".repeat(40),
      "-0",
      "1,2,3",
      "0x1f",
      "Infinity",
      "",
    ),
  }),
  fc.record({
    kind: fc.constant("noise" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({ kind: fc.constant("huge" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = (n: number): number => (lines.length === 0 ? 0 : n % lines.length);
  switch (m.kind) {
    case "drop":
      lines.splice(i(m.at), m.n);
      return lines.join("\n");
    case "dup":
      lines.splice(i(m.at), 0, ...lines.slice(i(m.at), i(m.at) + m.n));
      return lines.join("\n");
    case "cut":
      return text.slice(0, m.at % (text.length + 1));
    case "number":
      return text.replace(/\d+([.,]\d+)?/g, (x, _g, off: number) =>
        off % 7 === m.at % 7 ? m.value : x,
      );
    case "noise": {
      const noise = new TextDecoder("utf-8").decode(m.bytes); // invalid UTF-8 becomes U+FFFD, as read-input decodes
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + noise + text.slice(at);
    }
    case "huge":
      lines.splice(i(m.at), 0, "9 ".repeat(50_000));
      return lines.join("\n");
    case "swap": {
      const a = i(m.a);
      const b = i(m.b);
      const la = lines[a] ?? "";
      lines[a] = lines[b] ?? "";
      lines[b] = la;
      return lines.join("\n");
    }
  }
}

describe("parsers on mutated real outputs", () => {
  it.each(SAMPLES)("%s %s", (tool, file, ctx) => {
    const parser = parserByName(tool);
    if (parser === undefined) throw new Error(`no parser ${tool}`);
    const text = fixture(file);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        run(parser, ms.reduce(apply, text), ctx);
      }),
      { numRuns: 60, seed: 4242 },
    );
  });

  it("every parser survives every other tool's output and random bytes", () => {
    const texts = SAMPLES.map(([, f]) => fixture(f));
    fc.assert(
      fc.property(
        fc.constantFrom(...PARSERS),
        fc.oneof(
          fc.constantFrom(...texts),
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder().decode(b)),
        ),
        (p, text) => {
          run(p, text, {});
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});
