/**
 * Parsing on worker threads gives exactly the document of parsing in this thread: for every real
 * bundle (fixtures/bundles and fixtures/scenarios), read as a .tar.gz, as the unpacked directory,
 * and as files in memory; with this thread taking a share and without. The size threshold is off so
 * that these small bundles really go to the workers (checked through the stats).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { BundleError, parseSnapshot } from "./bundle";
import {
  closeParsePool,
  parsePathParallel,
  parseSnapshotParallel,
  type ParallelStats,
} from "./parallel";
import { parsePath, readBundleBuffer, readBundleEntries } from "./read-input";
import { FIXTURES } from "./testing/fixtures";

const BUNDLES = ["bundles", "scenarios"].flatMap((d) =>
  readdirSync(path.join(FIXTURES, d))
    .filter((f) => f.endsWith(".tar.gz"))
    .map((f) => `${d}/${f}`),
);

const tmp = mkdtempSync(path.join(tmpdir(), "wr-parallel-"));

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await closeParsePool();
});

/** The bundle unpacked into a directory of its own. */
async function unpacked(bundle: string): Promise<string> {
  const dir = path.join(tmp, bundle.replace(/[/.]/g, "_"));
  const { entries } = await readBundleEntries(
    Readable.from([readFileSync(path.join(FIXTURES, bundle))]),
  );
  for (const [name, data] of entries) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  return dir;
}

function recorder(): { stats: () => ParallelStats; onStats: (s: ParallelStats) => void } {
  let last: ParallelStats | undefined;
  return {
    stats: () => {
      if (last === undefined) throw new Error("no stats");
      return last;
    },
    onStats: (s) => {
      last = s;
    },
  };
}

describe("parallel parse = in-thread parse, on every real bundle", () => {
  expect(BUNDLES.length).toBeGreaterThanOrEqual(19);

  /** What the in-thread path gives (parsePath reads the bundle, then parseSnapshot). */
  async function serialOf(bundle: string) {
    const input = await readBundleBuffer(readFileSync(path.join(FIXTURES, bundle)));
    return { input, doc: parseSnapshot(input.files, input.manifest) };
  }

  it.each(BUNDLES)("%s", async (bundle) => {
    const { doc } = await serialOf(bundle);
    const r = recorder();
    expect(
      await parsePathParallel(path.join(FIXTURES, bundle), {}, undefined, { minBytes: 0, ...r }),
    ).toEqual(doc);
    expect(r.stats().serial).toBeUndefined();
    expect(r.stats().workers).toBeGreaterThan(0);
    expect(Number.isFinite(r.stats().ms?.workersDone)).toBe(true);
  });

  it.each(BUNDLES.slice(0, 3))("%s: unpacked, and as files in memory", async (bundle) => {
    const { input, doc } = await serialOf(bundle);
    const r2 = recorder();
    const dir = await unpacked(bundle);
    expect(
      await parsePathParallel(dir, {}, undefined, {
        minBytes: 0,
        mainThread: false,
        workers: 2,
        ...r2,
      }),
    ).toEqual(doc);
    expect(r2.stats().serial).toBeUndefined();
    expect(r2.stats().mainBytes).toBe(0);
    // This thread parsed nothing: the workers' last outcome came after it was done.
    expect(r2.stats().ms?.workersDone).toBeGreaterThan(0);

    const r3 = recorder();
    expect(
      await parseSnapshotParallel(input.files, input.manifest, {}, { minBytes: 0, ...r3 }),
    ).toEqual(doc);
    expect(r3.stats().workers).toBeGreaterThan(0);
  });

  it("reads a directory as read-input does", async () => {
    const dir = await unpacked(BUNDLES[0] ?? "");
    expect(await parsePathParallel(dir, {}, undefined, { minBytes: 0 })).toEqual(
      await parsePath(dir),
    );
  });

  it("keeps the options: --date, --tz and a forced tool", async () => {
    const input = await readBundleBuffer(readFileSync(path.join(FIXTURES, BUNDLES[0] ?? "")));
    const opts = { date: "2026-01-05", tz: "Europe/Berlin", tool: "iostat" };
    expect(await parseSnapshotParallel(input.files, input.manifest, opts, { minBytes: 0 })).toEqual(
      parseSnapshot(input.files, input.manifest, opts),
    );
    const one = input.files.filter((f) => f.path.endsWith("iostat.txt"));
    expect(await parseSnapshotParallel(one, undefined, opts, { minBytes: 0 })).toEqual(
      parseSnapshot(one, undefined, opts),
    );
  });

  it("parses small inputs and single files in this thread", async () => {
    const r = recorder();
    const file = path.join(FIXTURES, BUNDLES[0] ?? "");
    expect(await parsePathParallel(file, {}, undefined, r)).toEqual(await parsePath(file));
    expect(r.stats().serial).toBe("small input");
    const one = path.join(FIXTURES, "vmstat", "vmstat_t.txt");
    expect(await parsePathParallel(one, {}, undefined, { minBytes: 0, ...r })).toEqual(
      await parsePath(one),
    );
    expect(r.stats().serial).toBe("one file");
  });

  it("gives the in-thread path's errors", async () => {
    const bad = path.join(tmp, "bad.tar.gz");
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const error = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => "no error",
        (e: unknown) => e,
      );
    const serialError = await error(parsePath(bad));
    expect(serialError).toBeInstanceOf(BundleError);
    expect(await error(parsePathParallel(bad, {}, undefined, { minBytes: 0 }))).toEqual(
      serialError,
    );
    const missing = path.join(tmp, "missing");
    expect(await error(parsePathParallel(missing))).toEqual(await error(parsePath(missing)));
  });

  it("parses in this thread when told to", async () => {
    const r = recorder();
    const file = path.join(FIXTURES, BUNDLES[0] ?? "");
    expect(await parsePathParallel(file, {}, undefined, { workers: 0, ...r })).toEqual(
      await parsePath(file),
    );
    expect(r.stats().serial).toBe("workers: 0");
  });
});
