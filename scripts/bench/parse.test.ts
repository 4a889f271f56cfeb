/**
 * The parse benchmark's inputs: real outputs repeated with shifted times must parse as the tool
 * they copy, keep every sample (no time collides), and read the same with and without the
 * parsers' shortcuts. Small inputs here; the benchmark builds about 100 MB.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSnapshot, type ParseDocument } from "../../lib/snapshot/bundle";
import { parsePath } from "../../lib/snapshot/read-input";
import { shortcuts } from "../../lib/snapshot/util/scan";
import { BENCH_INPUTS, benchTable, generateInput } from "./parse";
import { DEFAULT_SCENARIO, ensureCapture } from "./parse-capture";

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
        {
          tool: "mpstat",
          MB: 100,
          awkMs: 210,
          parseMs: 400,
          ratio: 1.9,
          points: 6068970,
          ratioRange: [1.85, 2.1],
        },
        {
          tool: "capture (directory)",
          MB: 100.3,
          awkMs: 230,
          parseMs: 440,
          ratio: 1.91,
          points: 1,
        },
      ]),
    ).toBe(
      [
        "| input | MB | awk ms | parse ms | ratio | ratio range | points |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "| mpstat | 100 | 210 | 400 | 1.9 | 1.85–2.1 | 6,068,970 |",
        "| capture (directory) | 100.3 | 230 | 440 | 1.91 |  | 1 |",
      ].join("\n"),
    );
  });
});

describe("parse benchmark capture", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wr-capture-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pointsBy = (doc: ParseDocument): Map<string, number> => {
    const m = new Map<string, number>();
    for (const s of doc.series) m.set(s.metric, (m.get(s.metric) ?? 0) + s.times.length);
    return m;
  };

  it("stretches a real bundle: every sample kept, the collector's proportions, dir = bundle", async () => {
    const c = await ensureCapture(2, dir);
    expect(c.copies).toBeGreaterThan(4);
    expect(c.bytes).toBeGreaterThan(2 * 1024 * 1024);
    const pidstat = statSync(path.join(c.dir, "cmd", "pidstat.txt")).size;
    expect(pidstat / c.bytes).toBeGreaterThan(0.5);
    expect(pidstat / c.bytes).toBeLessThan(0.7);

    const doc = await parsePath(c.dir);
    expect(await parsePath(c.bundle)).toEqual(doc);
    for (const i of doc.inputs)
      for (const w of i.warnings) expect(w).not.toMatch(/dropped|not after/);
    expect(doc.warnings).toEqual([]);

    // The interval tools' series hold `copies` times the original's samples (give or take the
    // reports that are since-boot or only partly there in the original: iostat -z, pidstat).
    const original = pointsBy(
      await parsePath(
        path.join(
          import.meta.dirname,
          "..",
          "..",
          "lib",
          "snapshot",
          "fixtures",
          "scenarios",
          `${DEFAULT_SCENARIO}.tar.gz`,
        ),
      ),
    );
    const stretched = pointsBy(doc);
    for (const metric of [
      "proc.cpu_pct",
      "cpu.user_pct",
      "load.1m",
      "net.rx_bytes_per_s",
      "mem.used_bytes",
    ]) {
      const a = original.get(metric) ?? 0;
      const b = stretched.get(metric) ?? 0;
      expect(a).toBeGreaterThan(0);
      expect(b / a).toBeGreaterThan(c.copies * 0.97);
      expect(b / a).toBeLessThan(c.copies * 1.03);
    }
  });
});
