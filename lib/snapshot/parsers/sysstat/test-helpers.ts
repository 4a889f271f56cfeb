/**
 * Test-only helpers for the sysstat parser tests: fixture loading, series lookup, the invariants
 * every parse result must keep, and fast-check mutations of real outputs. Imported by *.test.ts
 * files only (it reads files, so parsers must never import it).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import type { Labels, ParseResult, Series } from "../../types";
import { isoOf, ParseError, pointsOf, seriesKey } from "../../types";
import { decodeText } from "../../read-file";
import type { ByteChunks } from "../../util/bytes";
import type { ToolParser } from "../parser";

export const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");

export function fixture(tool: string, name: string): string {
  return readFileSync(join(FIXTURES, tool, name), "utf8");
}

export function fixtureNames(tool: string): string[] {
  try {
    return readdirSync(join(FIXTURES, tool))
      .filter((f) => f.endsWith(".txt"))
      .sort();
  } catch {
    return [];
  }
}

/** Every fixture text of `tool`, in name order (what the property tests mutate). */
export function fixtureTexts(tool: string): string[] {
  return fixtureNames(tool).map((n) => fixture(tool, n));
}

/** The series `metric{labels}`; fails the test when it is missing. */
export function series(r: ParseResult, metric: string, labels: Labels = {}): Series {
  const key = seriesKey(metric, labels);
  const s = r.series.find((x) => seriesKey(x.metric, x.labels) === key);
  if (!s) {
    const near = r.series
      .filter((x) => x.metric === metric)
      .map((x) => seriesKey(x.metric, x.labels))
      .slice(0, 8);
    throw new Error(`no series ${key}; same metric: ${near.join(" ") || "none"}`);
  }
  return s;
}

export function values(s: Series): number[] {
  return pointsOf(s).map((p) => p[1]);
}

export function times(s: Series): (string | number)[] {
  return pointsOf(s).map((p) => p[0]);
}

/**
 * What every result must satisfy: as many times as values, finite values, finite strictly
 * increasing times (whole milliseconds when absolute, printed as UTC), string labels.
 */
export function checkInvariants(r: ParseResult): void {
  for (const s of r.series) {
    const key = seriesKey(s.metric, s.labels);
    if (s.times.length !== s.values.length)
      throw new Error(`${key}: ${s.times.length} times, ${s.values.length} values`);
    let prev = -Infinity;
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i] ?? NaN;
      const v = s.values[i] ?? NaN;
      if (!Number.isFinite(v)) throw new Error(`${key}: value ${v}`);
      if (!Number.isFinite(t)) throw new Error(`${key}: time ${t}`);
      if (s.relative !== true) {
        if (!Number.isInteger(t)) throw new Error(`${key}: time ${t} is not whole milliseconds`);
        if (!isoOf(t).endsWith("Z")) throw new Error(`not UTC: ${isoOf(t)}`);
      }
      if (!(t > prev)) throw new Error(`${key}: time ${t} not after the previous sample`);
      prev = t;
    }
    if (s.sinceBoot !== undefined && !Number.isFinite(s.sinceBoot))
      throw new Error(`sinceBoot ${s.sinceBoot}`);
    for (const v of Object.values(s.labels))
      if (typeof v !== "string") throw new Error("label not a string");
  }
  for (const e of r.events) {
    if (typeof e.at === "string" && !Number.isFinite(Date.parse(e.at)))
      throw new Error(`event time ${e.at}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations of real outputs

type Mutation =
  | { op: "drop"; at: number }
  | { op: "dup"; at: number }
  | { op: "swap"; at: number; to: number }
  | { op: "cut"; at: number }
  | { op: "garble"; at: number; junk: string }
  | { op: "binary"; at: number; bytes: string };

const JUNK = [
  "nan",
  "-nan",
  "inf",
  "-",
  "1e999",
  "-1e999",
  "0x1F",
  "9".repeat(40),
  "12,5,6",
  "∞",
  "",
  "NaN",
  "..",
  "-0",
  "+",
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("garble" as const), at: fc.nat(), junk: fc.constantFrom(...JUNK) }),
  fc.record({
    op: fc.constant("binary" as const),
    at: fc.nat(),
    bytes: fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 24 })
      .map((a) => String.fromCharCode(...a)),
  }),
);

function applyMutation(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = lines.length === 0 ? 0 : m.at % lines.length;
  switch (m.op) {
    case "drop":
      lines.splice(i, 1);
      return lines.join("\n");
    case "dup":
      lines.splice(i, 0, lines[i] ?? "");
      return lines.join("\n");
    case "swap": {
      const j = m.to % Math.max(1, lines.length);
      const a = lines[i] ?? "";
      lines[i] = lines[j] ?? "";
      lines[j] = a;
      return lines.join("\n");
    }
    case "cut":
      return text.slice(0, m.at % (text.length + 1));
    case "garble": {
      // Replace the n-th number of the text with junk.
      let k = 0;
      const target = m.at % 200;
      return text.replace(/-?\d+(?:[.,]\d+)?/g, (x) => (k++ === target ? m.junk : x));
    }
    case "binary": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.bytes + text.slice(at);
    }
  }
}

/**
 * Property: real outputs of `tool`, mutated (lines dropped, duplicated, swapped, cut at a random
 * byte, numbers replaced by junk, binary inserted), never make `parser` throw anything but a
 * ParseError, and every result keeps {@link checkInvariants}.
 */
export function mutationProperty(
  parser: ToolParser,
  texts: readonly string[],
  numRuns: number,
  tz = "UTC",
): void {
  fc.assert(
    fc.property(
      fc.nat({ max: texts.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (idx, muts) => {
        let text = texts[idx] ?? "";
        for (const m of muts) text = applyMutation(text, m);
        let r: ParseResult;
        try {
          r = parser.parse(text, { tz });
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
          return;
        }
        checkInvariants(r);
        const d = parser.detect(text);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
      },
    ),
    { numRuns, seed: 20261204 },
  );
}

/** `bytes` cut after the newlines at `cuts` (fractions), as read-file.ts hands out a big file. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): ByteChunks {
  const ends = new Set<number>();
  for (const c of cuts) {
    const nl = bytes.indexOf(10, Math.floor(c * bytes.length));
    if (nl >= 0) ends.add(nl + 1);
  }
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const e of [...ends].sort((a, b) => a - b)) {
    parts.push(bytes.slice(at, e));
    at = e;
  }
  parts.push(bytes.slice(at));
  return { size: bytes.length, head: bytes.subarray(0, 4096), chunks: () => parts };
}

/** The result, or the ParseError's message. */
function outcome(f: () => ParseResult | undefined): unknown {
  try {
    return f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return (e as Error).message;
  }
}

/**
 * `parser.parseBytes` gives what `parse` of the decoded text (read-file.ts `decodeText`) gives, of
 * the whole bytes and of them in chunks: mutated real outputs, with bytes no encoder makes spliced
 * in (invalid UTF-8, NUL, control bytes) and sometimes a BOM in front.
 */
export function bytesProperty(
  parser: ToolParser,
  texts: readonly string[],
  numRuns: number,
  tz = "UTC",
): void {
  fc.assert(
    fc.property(
      fc.nat({ max: texts.length - 1 }),
      fc.array(mutation, { maxLength: 3 }),
      fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })), {
        maxLength: 3,
      }),
      fc.boolean(),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
      (idx, muts, raw, bom, cuts) => {
        let text = texts[idx] ?? "";
        for (const m of muts) text = applyMutation(text, m);
        let bytes: Uint8Array = new TextEncoder().encode(text);
        for (const [at, r] of raw) {
          const p = at % (bytes.length + 1);
          bytes = Uint8Array.from([...bytes.subarray(0, p), ...r, ...bytes.subarray(p)]);
        }
        if (bom) bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);
        const ctx = { tz };
        const want = outcome(() => parser.parse(decodeText(bytes), ctx));
        expect(outcome(() => parser.parseBytes?.(bytes, ctx))).toEqual(want);
        const chunks = chunked(bytes, cuts);
        expect(outcome(() => parser.parseBytes?.(chunks, ctx))).toEqual(want);
      },
    ),
    { numRuns, seed: 20261205 },
  );
}
