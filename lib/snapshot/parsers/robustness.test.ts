/**
 * Property tests: mutated and truncated real outputs never make a parser throw anything but
 * ParseError, and never produce NaN, Infinity, unordered times or columns of unequal length.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combine } from "../combine";
import { fixture } from "../testing/fixtures";
import { mutate, mutation } from "../testing/mutations";
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

describe("parsers on mutated real outputs", () => {
  it.each(SAMPLES)("%s %s", (tool, file, ctx) => {
    const parser = parserByName(tool);
    if (parser === undefined) throw new Error(`no parser ${tool}`);
    const text = fixture(file);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        run(parser, ms.reduce(mutate, text), ctx);
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
