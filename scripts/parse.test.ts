/** The parse CLI contract (docs/design.md §3): one JSON document on stdout, exit codes, one-line errors. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCapture } from "./bench/parse-capture";

const ROOT = path.join(import.meta.dirname, "..");
const FIX = path.join(ROOT, "lib", "snapshot", "fixtures");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function parse(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "--silent", "parse", "--", ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("npm run parse", () => {
  it("contract: shape, exit codes, one-line reasons", async () => {
    const [bundle, file, missing, badTz, badDate, badTool, noPath] = await Promise.all([
      parse(path.join(FIX, "bundles", "light-load.tar.gz")),
      parse(
        "--date",
        "2026-12-04",
        "--tz",
        "Europe/Berlin",
        path.join(FIX, "uptime", "uptime_load.txt"),
      ),
      parse(path.join(FIX, "does-not-exist.txt")),
      parse("--tz", "Mars/Olympus", path.join(FIX, "uptime", "uptime_load.txt")),
      parse("--date", "2026-02-30", path.join(FIX, "uptime", "uptime_load.txt")),
      parse("--tool", "nosuchtool", path.join(FIX, "uptime", "uptime_load.txt")),
      parse(),
    ]);

    expect(bundle.code).toBe(0);
    const doc = JSON.parse(bundle.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["inputs", "host", "series", "events", "warnings"]);
    const inputs = doc.inputs as {
      path: string;
      tool: string | null;
      ok: boolean;
      warnings: string[];
    }[];
    expect(inputs.find((i) => i.path === "cmd/free_start.txt")).toMatchObject({
      tool: "free",
      ok: true,
    });
    expect((doc.host as Record<string, unknown>).nCpu).toBe(2);
    const series = doc.series as {
      metric: string;
      labels: Record<string, string>;
      unit: string;
      points: [string | number, number][];
    }[];
    expect(series.some((s) => s.metric === "net.rx_bytes_per_s")).toBe(true);
    for (const s of series)
      expect(Object.keys(s).slice(0, 4)).toEqual(["metric", "labels", "unit", "points"]);

    expect(file.code).toBe(0);
    const one = JSON.parse(file.stdout) as {
      inputs: unknown[];
      series: { metric: string; points: [string, number][] }[];
    };
    expect(one.inputs).toEqual([
      { path: "uptime_load.txt", tool: "uptime", ok: true, warnings: [] },
    ]);
    expect(one.series.find((s) => s.metric === "load.1m")?.points).toEqual([
      ["2026-12-04T15:41:30Z", 1.24],
    ]);

    for (const bad of [missing, badTz, badDate, badTool, noPath]) {
      expect(bad.code).not.toBe(0);
      expect(bad.stdout).toBe("");
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(missing.stderr).toContain("no such file");
    expect(badTz.stderr).toContain("--tz");
    expect(badDate.stderr).toContain("--date");
    expect(badTool.stderr).toContain("unknown --tool");
  }, 60_000);

  it("prints the same bytes with and without worker threads", async () => {
    // A real bundle stretched to 6 MB: over the size from which the files go to worker threads.
    const dir = mkdtempSync(path.join(tmpdir(), "wr-parse-cli-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const capture = await ensureCapture(6, dir);
    const [dirParallel, dirSerial, bundleParallel, bundleSerial, badWorkers] = await Promise.all([
      parse(capture.dir),
      parse("--workers", "0", capture.dir),
      parse("--workers=1", capture.bundle),
      parse("--workers", "0", capture.bundle),
      parse("--workers", "many", capture.dir),
    ]);
    for (const r of [dirParallel, dirSerial, bundleParallel, bundleSerial]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
    }
    expect(dirParallel.stdout.length).toBeGreaterThan(1_000_000);
    expect(dirParallel.stdout === dirSerial.stdout).toBe(true);
    expect(bundleParallel.stdout === bundleSerial.stdout).toBe(true);
    expect(badWorkers.code).toBe(2);
    expect(badWorkers.stderr).toContain("--workers");
  }, 60_000);
});
