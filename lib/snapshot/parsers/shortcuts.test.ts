/**
 * The parsers' shortcuts for long captures (values read in place under a known header layout, a
 * repeated header or timestamp recognised by its text) must give exactly what the general path
 * gives: the same series, samples, warnings and events, on real outputs and on mutated ones.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures";
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { shortcuts } from "../util/scan";
import { parserByName } from "./registry";
import { fixtureNames } from "./sysstat/test-helpers";

const TOOLS = ["mpstat", "sar", "pidstat", "iostat", "free", "vmstat", "sadf"] as const;

const CTXS: ParseContext[] = [
  {},
  { tz: "Europe/Berlin", date: "2026-12-04" },
  { captureStart: "2026-12-04T16:00:00Z", interval: 2 },
];

type Outcome = ParseResult | { error: string };

function run(tool: string, text: string, ctx: ParseContext, fast: boolean): Outcome {
  const parser = parserByName(tool);
  if (parser === undefined) throw new Error(`no parser ${tool}`);
  shortcuts.enabled = fast;
  try {
    return parser.parse(text, ctx);
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  } finally {
    shortcuts.enabled = true;
  }
}

function same(tool: string, text: string, ctx: ParseContext): void {
  expect(run(tool, text, ctx, true)).toEqual(run(tool, text, ctx, false));
}

/** Report bodies repeated (times untouched): long inputs that exercise the predictions. */
function repeated(text: string, times: number): string {
  const lines = text.split("\n");
  const head = lines.slice(0, 2).join("\n");
  const body = lines.slice(2).join("\n");
  return `${head}\n${Array.from({ length: times }, () => body).join("\n")}`;
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("number" as const),
    at: fc.nat(),
    junk: fc.constantFrom(
      "NaN",
      "-",
      "1e400",
      "9".repeat(20),
      "-0",
      "1,2",
      "",
      "12.5",
      "+7",
      "-1.00",
    ),
  }),
  fc.record({
    op: fc.constant("widen" as const),
    at: fc.nat(),
  }),
  fc.record({
    op: fc.constant("noise" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = lines.length === 0 ? 0 : m.at % lines.length;
  switch (m.op) {
    case "drop":
      lines.splice(i, 1);
      return lines.join("\n");
    case "dup":
      lines.splice(i, 0, lines[i] ?? "");
      return lines.join("\n");
    case "cut":
      return text.slice(0, m.at % (text.length + 1));
    case "number": {
      let k = 0;
      const target = m.at % 400;
      return text.replace(/\d+(?:[.,]\d+)?/g, (x) => (k++ === target ? m.junk : x));
    }
    case "widen": {
      // A value wider than its column shifts the rest of the row: the layout no longer fits.
      let k = 0;
      const target = m.at % 400;
      return text.replace(/\d+(?:[.,]\d+)?/g, (x) => (k++ === target ? `1${x}` : x));
    }
    case "noise": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + new TextDecoder().decode(m.bytes) + text.slice(at);
    }
  }
}

describe("shortcuts give what the general path gives", () => {
  afterEach(() => {
    shortcuts.enabled = true;
  });

  for (const tool of TOOLS) {
    it(`${tool}: every fixture, in three contexts, once and repeated`, () => {
      const names = fixtureNames(tool);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const text = fixture(`${tool}/${name}`);
        for (const ctx of CTXS) same(tool, text, ctx);
        same(tool, repeated(text, 5), {});
      }
    });

    it(`${tool}: mutated fixtures`, () => {
      const texts = fixtureNames(tool).map((n) => repeated(fixture(`${tool}/${n}`), 2));
      fc.assert(
        fc.property(
          fc.nat({ max: texts.length - 1 }),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (idx, muts) => {
            const text = muts.reduce(apply, texts[idx] ?? "");
            same(tool, text, {});
          },
        ),
        { numRuns: 60, seed: 1204 },
      );
    });
  }
});

describe("sar -d with the device last: rows of any length read in place", () => {
  // sysstat 12 prints `%util DEV`: the device name is the last field, so a row is longer or
  // shorter than its header by the name's length, and its values stay under their columns.
  const lines = fixture("sar/b_d_p.txt").split("\n");
  const text = [
    ...lines.slice(0, 2),
    ...Array.from({ length: 4 }, () => lines.slice(2)).flat(),
  ].join("\n");
  const edit = fc.oneof(
    fc.record({
      op: fc.constant("label" as const),
      at: fc.nat(),
      s: fc.constantFrom("loop0", "x", "nvme0n1p12", "DEV", "", " ", "a b", "vda ", "é", "0.00"),
    }),
    fc.record({
      op: fc.constant("gap" as const),
      at: fc.nat(),
      s: fc.constantFrom(" ", "  ", "", " x ", "\t", "1"),
    }),
    fc.record({
      op: fc.constant("number" as const),
      at: fc.nat(),
      s: fc.constantFrom("1", "", "-", "12345678.00", "x", "-0.00"),
    }),
    fc.record({ op: fc.constant("drop" as const), at: fc.nat(), s: fc.constant("") }),
  );

  afterEach(() => {
    shortcuts.enabled = true;
  });

  it("the fixture repeated gives what the general path gives", () => {
    const once = fixture("sar/b_d_p.txt").match(/ loop0$/gm)?.length ?? 0;
    expect(once).toBeGreaterThan(0);
    expect(text.match(/ loop0$/gm)).toHaveLength(4 * once);
    same("sar", text, {});
  });

  it("renamed devices, junk between the last value and the name, bad values", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const ls = text.split("\n");
        for (const e of edits) {
          const i = e.at % ls.length;
          const l = ls[i] ?? "";
          if (e.op === "drop") ls.splice(i, 1);
          else if (e.op === "label") ls[i] = l.replace(/\S+$/, e.s);
          else if (e.op === "gap") ls[i] = l.replace(/ (\S+)$/, `${e.s}$1`);
          else {
            let k = 0;
            const target = e.at % 12;
            ls[i] = l.replace(/\d+\.\d+/g, (x) => (k++ === target ? e.s : x));
          }
        }
        same("sar", ls.join("\n"), {});
      }),
      { numRuns: 500, seed: 1205 },
    );
  });
});

describe("sadf: records parsed one at a time give what the whole document gives", () => {
  /** Documents the record cutting must read right, or leave to the whole-document parse. */
  function variants(text: string): string[] {
    const doc = JSON.parse(text) as { sysstat: { hosts: Record<string, unknown>[] } };
    const two = structuredClone(doc);
    const host = two.sysstat.hosts[0] ?? {};
    two.sysstat.hosts.push({ ...host, nodename: "other" });
    return [
      text,
      JSON.stringify(doc),
      JSON.stringify(doc, null, 2),
      JSON.stringify(two, null, "\t"),
      text.replace('"statistics"', '"stat\\u0069stics"'),
      text.replace('"statistics": [', '"statistics": [], "statistics": ['),
      text.replace('"restarts": [', '"statistics": [\n{"x": 1}\n], "restarts": ['),
      text.replace('"statistics": [', '"statistics": [ 5,'),
      text.replace('"nodename": "vm"', '"nodename": "vm\\"statistics\\": [{\\n}]"'),
      `\ufeff${text}`,
      `${text}x`,
      text.slice(0, Math.floor(text.length / 2)),
      text.slice(0, text.lastIndexOf("}", text.indexOf('"restarts"'))),
    ];
  }

  it("on every fixture and its variants", () => {
    for (const name of fixtureNames("sadf")) {
      for (const text of variants(fixture(`sadf/${name}`))) same("sadf", text, {});
    }
  });
});
