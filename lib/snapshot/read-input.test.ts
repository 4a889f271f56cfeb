/** Reading bundles, directories and files; hostile archives are refused with typed errors. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { afterAll, describe, expect, it } from "vitest";
import { BundleError } from "./bundle";
import { closeParsePool, parsePathParallel } from "./parallel";
import { parsePath, readSnapshotInput, safeEntryPath, type ReadLimits } from "./read-input";
import { FIXTURES, find, fixture } from "./testing/fixtures";
import { pointsOf } from "./types";

const dir = mkdtempSync(path.join(tmpdir(), "wr-read-"));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeParsePool();
});

interface Entry {
  name: string;
  body?: string;
  type?: "file" | "symlink" | "link" | "directory" | "character-device";
  linkname?: string;
  size?: number;
}

/** A .tar.gz built with tar-stream, as a hostile host could send it. */
async function tarGz(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => p.on("end", () => resolve()));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type: e.type ?? "file",
        ...(e.linkname ? { linkname: e.linkname } : {}),
      };
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (e.type === "file" || e.type === undefined) p.entry(header, e.body ?? "", cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

function write(name: string, data: Buffer | string): string {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return err instanceof BundleError ? err.code : `untyped: ${String(err)}`;
  }
}

const SMALL: ReadLimits = { maxEntries: 20, maxEntryBytes: 64 * 1024, maxTotalBytes: 256 * 1024 };

describe("safeEntryPath", () => {
  it.each([
    ["cmd/x.txt", "cmd/x.txt"],
    ["./manifest.json", "manifest.json"],
    ["cmd//a/./b", "cmd/a/b"],
  ])("%s", (i, o) => {
    expect(safeEntryPath(i)).toBe(o);
  });
  it.each([["/etc/passwd"], ["../x"], ["cmd/../../x"], ["C:\\x"], ["a\\..\\b"]])(
    "refuses %s",
    (name) => {
      expect(() => safeEntryPath(name)).toThrow(BundleError);
    },
  );
});

describe("hostile or broken bundles", () => {
  it("path traversal", async () => {
    const f = write("trav.tar.gz", await tarGz([{ name: "../../etc/cron.d/x", body: "boom" }]));
    expect(await code(readSnapshotInput(f, SMALL))).toBe("path-traversal");
  });
  it("symlink and hard link entries", async () => {
    const s = write(
      "sym.tar.gz",
      await tarGz([{ name: "cmd/x.txt", type: "symlink", linkname: "/etc/shadow" }]),
    );
    expect(await code(readSnapshotInput(s, SMALL))).toBe("link-entry");
    const h = write(
      "hard.tar.gz",
      await tarGz([
        { name: "a.txt", body: "x" },
        { name: "cmd/x.txt", type: "link", linkname: "a.txt" },
      ]),
    );
    expect(await code(readSnapshotInput(h, SMALL))).toBe("link-entry");
  });
  it("too many entries", async () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ name: `cmd/f${i}.txt`, body: "x" }));
    const f = write("many.tar.gz", await tarGz(entries));
    expect(await code(readSnapshotInput(f, SMALL))).toBe("too-many-entries");
  });
  it("an entry larger than the limit (declared size checked before reading)", async () => {
    const f = write(
      "big.tar.gz",
      await tarGz([{ name: "cmd/big.txt", body: "a".repeat(100 * 1024) }]),
    );
    expect(await code(readSnapshotInput(f, SMALL))).toBe("too-large");
  });
  it("a gzip bomb: highly compressible total beyond the limit", async () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({
      name: `cmd/z${i}.txt`,
      body: "0".repeat(60 * 1024),
    }));
    const f = write("bomb.tar.gz", await tarGz(entries));
    expect(await code(readSnapshotInput(f, SMALL))).toBe("too-large");
  });
  it("not gzip, truncated gzip, gzip without tar", async () => {
    expect(await code(readSnapshotInput(write("fake.tar.gz", "plain text\n"), SMALL))).toBe(
      "not-gzip",
    );
    const good = await tarGz([{ name: "cmd/a.txt", body: fixture("free/free_m.txt").repeat(50) }]);
    expect(
      await code(
        readSnapshotInput(
          write("cut.tar.gz", good.subarray(0, Math.floor(good.length / 2))),
          SMALL,
        ),
      ),
    ).toBe("truncated");
    expect(
      await code(
        readSnapshotInput(
          write(
            "notar.tar.gz",
            gzipSync(Buffer.from("hello, not a tar archive at all\n".repeat(40))),
          ),
          SMALL,
        ),
      ),
    ).toMatch(/not-tar|truncated/);
  });
  it("a missing path", async () => {
    expect(await code(readSnapshotInput(path.join(dir, "nope"), SMALL))).toBe("not-found");
  });
  it("a bad manifest", async () => {
    const f = write(
      "badman.tar.gz",
      await tarGz([{ name: "manifest.json", body: '{"format":"other/1"}' }]),
    );
    expect(await code(readSnapshotInput(f, SMALL))).toBe("bad-manifest");
  });
});

describe("real bundles, directories and single files", () => {
  it("collector bundle: manifest context, start/end rates, missing tools reported", async () => {
    const doc = await parsePath(path.join(FIXTURES, "bundles", "cgroup-throttle-oom.tar.gz"));
    expect(doc.host).toMatchObject({ hostname: "vm", nCpu: 2, environment: "vm" });
    const vm = doc.inputs.find((i) => i.path === "cmd/vmstat.txt");
    expect(vm?.tool).toBe("vmstat");
    const missing = doc.inputs.find((i) => i.path === "cmd/sadf_today.txt");
    expect(missing?.ok).toBe(false);
    expect(missing?.warnings[0]).toContain("no sysstat history");
    const l = { cgroup: "/wr-b" };
    expect(pointsOf(find(doc, "cgroup.cpu_limit_cores", l)).map((p) => p[1])).toEqual([0.3, 0.3]);
    expect(pointsOf(find(doc, "cgroup.cpu_throttled_periods_per_s", l))[0]?.[1]).toBeGreaterThan(0);
    expect(pointsOf(find(doc, "cgroup.memory_oom_kills_per_s", l))[0]?.[1]).toBeGreaterThan(0);
    expect(doc.events.filter((e) => e.kind === "oom-kill").length).toBeGreaterThan(10);
    for (const s of doc.series) for (const p of pointsOf(s)) expect(typeof p[0]).toBe("string");
  });
  it("the collector's context files are kept without a warning; an unknown file still gets one", async () => {
    const doc = await parsePath(path.join(FIXTURES, "scenarios", "cpu-all-cores.tar.gz"));
    const context = doc.inputs.filter((i) =>
      /cmd\/(date|uname|environment|proc_vmstat_\w+|net_netstat_\w+|tc_qdisc_\w+)\.txt$/.test(
        i.path,
      ),
    );
    expect(context.length).toBeGreaterThanOrEqual(6);
    for (const i of context)
      expect(i).toEqual({ path: i.path, tool: null, ok: true, warnings: [] });
    // Outside the manifest, the same text is just an output nobody recognises.
    const d = path.join(dir, "no-manifest");
    mkdirSync(d);
    writeFileSync(path.join(d, "uname.txt"), "Linux vm 6.18.44 #1 SMP x86_64 GNU/Linux\n");
    writeFileSync(path.join(d, "free_m.txt"), fixture("free/free_m.txt"));
    const bare = await parsePath(d);
    expect(bare.inputs.find((i) => i.path === "uname.txt")).toMatchObject({
      ok: false,
      warnings: ["no parser recognises this output"],
    });
  });
  it("an unpacked directory of fixtures without a manifest", async () => {
    const d = path.join(dir, "snap");
    mkdirSync(d);
    writeFileSync(path.join(d, "free_m.txt"), fixture("free/free_m.txt"));
    writeFileSync(path.join(d, "ss.txt"), fixture("ss/ss_s_load.txt"));
    symlinkSync("/etc/hostname", path.join(d, "link.txt"));
    const doc = await parsePath(d);
    expect(doc.inputs.map((i) => i.tool)).toEqual(["free", "ss"]);
    // The link is not followed, and the document says so.
    expect(doc.warnings).toEqual([
      "link.txt: not read: a symbolic link; only regular files are read",
    ]);
    // The same from the parse CLI's threads.
    const parallel = await parsePathParallel(d, {}, undefined, { minBytes: 0 });
    expect(parallel).toEqual(doc);
  });
  it("one file, --tool forcing a parser", async () => {
    const f = path.join(FIXTURES, "uptime", "uptime_load.txt");
    const doc = await parsePath(f, { date: "2026-12-04" });
    expect(doc.inputs).toEqual([
      { path: "uptime_load.txt", tool: "uptime", ok: true, warnings: [] },
    ]);
    const forced = await parsePath(f, { tool: "free" });
    expect(forced.inputs[0]?.ok).toBe(false);
  });
});
