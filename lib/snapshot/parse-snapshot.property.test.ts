/**
 * Property tests of the whole parse path, `parseSnapshot`, the way uploads reach it: one to four
 * real captured outputs (every fixture of every tool, and the files of real collector bundles,
 * with and without their manifest), each mutated the way hostile or broken uploads are —
 * truncated, lines dropped/duplicated/swapped, numbers out of range (1e400, -0, NaN, 40 digits),
 * binary noise and invalid UTF-8 (decoded as read-input decodes), huge lines, CRLF, a BOM, deep
 * JSON, a forced wrong tool. Thousands of cases a run, fixed seeds.
 *
 * Properties: parseSnapshot never throws; no parser fails with an internal error (anything but
 * its own ParseError is a bug); every input is reported; every series has equal columns, finite
 * values and finite, strictly increasing times; events have kinds and messages.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSnapshot, type InputFile, type ParseDocument } from "./bundle";
import type { Manifest } from "./manifest";
import { toolNames } from "./parsers/registry";
import { readBundleBuffer } from "./read-input";
import { FIXTURES } from "./testing/fixtures";
import { mutate, mutation } from "./testing/mutations";

function textFixtures(): InputFile[] {
  const out: InputFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith(".txt"))
        out.push({ path: path.relative(FIXTURES, p), text: readFileSync(p, "utf8") });
    }
  };
  walk(FIXTURES);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

const TEXTS = textFixtures();
const BUNDLES = [
  "bundles/light-load.tar.gz",
  "bundles/cgroup-throttle-oom.tar.gz",
  "scenarios/memory-cgroup-pressure.tar.gz",
];
let bundles: { files: InputFile[]; manifest?: Manifest }[] = [];

beforeAll(async () => {
  bundles = await Promise.all(
    BUNDLES.map(async (b) => {
      const input = await readBundleBuffer(readFileSync(path.join(FIXTURES, b)));
      return input.manifest
        ? { files: input.files, manifest: input.manifest }
        : { files: input.files };
    }),
  );
});

/** One case: 1-4 files (real outputs or a bundle's files), mutations, maybe a forced tool. */
const snapshotCase = fc.record({
  source: fc.oneof(
    {
      weight: 19,
      arbitrary: fc
        .array(fc.nat(), { minLength: 1, maxLength: 4 })
        .map((ix) => ({ kind: "texts" as const, ix })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("bundle" as const),
        b: fc.nat(),
        withManifest: fc.boolean(),
      }),
    },
  ),
  mutations: fc.array(fc.record({ file: fc.nat(), m: mutation }), { maxLength: 3 }),
  tool: fc.option(fc.constantFrom(...toolNames()), { freq: 4 }),
  renameTo: fc.option(
    fc.constantFrom("iostat.txt", "cmd/sar_cpu.txt", "dmesg", "x.json", "cpu.stat"),
    { freq: 4 },
  ),
});
type Case = typeof snapshotCase extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): { files: InputFile[]; manifest?: Manifest } {
  let files: { path: string; text: string }[];
  let manifest: Manifest | undefined;
  if (c.source.kind === "texts") {
    files = c.source.ix.map((n, k) => {
      const f = TEXTS[n % TEXTS.length] ?? { path: "empty.txt", text: "" };
      return { path: `${k}/${f.path}`, text: f.text };
    });
  } else {
    const b = bundles[c.source.b % bundles.length];
    // Text copies: the mutations below change the text (a file read as bytes is parsed from them).
    files = (b?.files ?? []).map((f) => ({ path: f.path, text: f.text }));
    manifest = c.source.withManifest ? b?.manifest : undefined;
  }
  for (const { file, m } of c.mutations) {
    const f = files[file % files.length];
    if (f) f.text = mutate(f.text, m);
  }
  const first = files[0];
  if (c.renameTo !== null && first) first.path = c.renameTo;
  return manifest ? { files, manifest } : { files };
}

function checkDocument(doc: ParseDocument, files: InputFile[]): void {
  expect(doc.inputs.length).toBeGreaterThanOrEqual(files.length);
  for (const input of doc.inputs) {
    for (const w of input.warnings) {
      expect(typeof w).toBe("string");
      // A parser that throws anything but its ParseError has a bug (a crash turned into a warning).
      expect(w, `${input.path} (${input.tool ?? "?"})`).not.toMatch(/^internal error/);
    }
  }
  for (const s of doc.series) {
    expect(s.times.length).toBe(s.values.length);
    for (let k = 0; k < s.times.length; k++) {
      const t = s.times[k] ?? NaN;
      const v = s.values[k] ?? NaN;
      if (!Number.isFinite(v) || !Number.isFinite(t)) {
        throw new Error(`${s.metric}: non-finite sample ${t} ${v}`);
      }
      if (k > 0 && !(t > (s.times[k - 1] ?? NaN))) {
        throw new Error(`${s.metric}: times not increasing at ${k}: ${s.times[k - 1]} then ${t}`);
      }
    }
  }
  for (const e of doc.events) {
    expect(typeof e.kind).toBe("string");
    expect(typeof e.message).toBe("string");
  }
}

function run(c: Case): void {
  const { files, manifest } = build(c);
  const opts = c.tool === null ? {} : { tool: c.tool };
  checkDocument(parseSnapshot(files, manifest, opts), files);
}

describe("parseSnapshot on mutated real outputs (property)", () => {
  it("holds its invariants for 2000 random snapshots", () => {
    expect(TEXTS.length).toBeGreaterThan(100);
    fc.assert(fc.property(snapshotCase, run), { numRuns: 2000, seed: 20261204 });
  }, 90_000); // ~15 s alone; more while the db tests share the two cores

  it("holds them for every fixture under every forced tool (a wrong ?tool=)", () => {
    let n = 0;
    for (const tool of toolNames()) {
      for (const f of TEXTS) {
        checkDocument(parseSnapshot([f], undefined, { tool }), [f]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(2000);
  });
});
