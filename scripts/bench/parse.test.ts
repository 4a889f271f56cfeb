/**
 * The parse benchmark's inputs: real outputs repeated with shifted times must parse as the tool
 * they copy, keep every sample (no time collides), and read the same with and without the
 * parsers' shortcuts. Small inputs here; the benchmark builds about 100 MB.
 */
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "../../lib/snapshot/bundle";
import { shortcuts } from "../../lib/snapshot/util/scan";
import { BENCH_INPUTS, benchTable, generateInput } from "./parse";

function generate(tool: string, bytes: number): { text: string; copies: number } {
  const input = BENCH_INPUTS.find((b) => b.tool === tool);
  if (input === undefined) throw new Error(tool);
  const pieces: string[] = [];
  const copies = generateInput(input, bytes, (p) => pieces.push(p));
  return { text: pieces.join(""), copies };
}

function points(text: string, tool: string): { points: number; warnings: string[] } {
  const doc = parseSnapshot([{ path: `${tool}.txt`, text }], undefined);
  expect(doc.inputs[0]).toMatchObject({ tool, ok: true });
  let n = 0;
  for (const s of doc.series) n += s.times.length;
  return { points: n, warnings: doc.inputs[0]?.warnings ?? [] };
}

describe("parse benchmark inputs", () => {
  it.each(BENCH_INPUTS.map((b) => b.tool))("%s: every copy's samples are kept", (tool) => {
    const small = generate(tool, 60_000);
    const big = generate(tool, 180_000);
    expect(big.copies).toBeGreaterThan(small.copies * 2);
    const a = points(small.text, tool);
    const b = points(big.text, tool);
    for (const w of [...a.warnings, ...b.warnings]) expect(w).not.toMatch(/dropped|not after/);
    // Samples grow with the copies (the first report of a capture may be since-boot only).
    const perCopy = (b.points - a.points) / (big.copies - small.copies);
    expect(perCopy).toBeGreaterThan(0);
    expect(Math.abs(b.points - perCopy * big.copies)).toBeLessThanOrEqual(perCopy * 1.5);
  });

  it.each(BENCH_INPUTS.map((b) => b.tool))("%s: the same with and without shortcuts", (tool) => {
    const { text } = generate(tool, 80_000);
    const fast = parseSnapshot([{ path: `${tool}.txt`, text }], undefined);
    shortcuts.enabled = false;
    try {
      expect(parseSnapshot([{ path: `${tool}.txt`, text }], undefined)).toEqual(fast);
    } finally {
      shortcuts.enabled = true;
    }
  });

  it("prints a markdown table", () => {
    expect(
      benchTable([
        { tool: "mpstat", MB: 100, awkMs: 210, parseMs: 400, ratio: 1.9, points: 6068970 },
      ]),
    ).toBe(
      "| tool | MB | awk ms | parse ms | ratio | points |\n|---|---:|---:|---:|---:|---:|\n| mpstat | 100 | 210 | 400 | 1.9 | 6,068,970 |",
    );
  });
});
