/**
 * The analyze CLI contract (docs/design.md §3): one JSON document on stdout with the environment
 * and the findings in the contract's shape, most important first; exit 0 when the input was
 * read, 1 when it cannot be, 2 on bad arguments, each with a one-line reason on stderr.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOMAINS } from "../lib/analysis";
import { rawFiles } from "../lib/analysis/testing/scenarios";
import { analyzePaths } from "./analyze";

const ROOT = path.join(import.meta.dirname, "..");
const SCN = path.join(ROOT, "lib", "snapshot", "fixtures", "scenarios");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function analyzeCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "--silent", "analyze", "--", ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("npm run analyze", () => {
  it("contract: shape, order, exit codes, one-line reasons", async () => {
    const [disk, asK8s, missing, badEnv, noPath, badOpt] = await Promise.all([
      analyzeCli(path.join(SCN, "disk-random-io.tar.gz")),
      analyzeCli(
        "--env",
        "kubernetes",
        "--baseline",
        path.join(SCN, "idle-baseline.tar.gz"),
        path.join(SCN, "cpu-all-cores.tar.gz"),
      ),
      analyzeCli(path.join(SCN, "does-not-exist.tar.gz")),
      analyzeCli("--env", "mainframe", path.join(SCN, "idle-baseline.tar.gz")),
      analyzeCli(),
      analyzeCli("--frobnicate", path.join(SCN, "idle-baseline.tar.gz")),
    ]);

    expect(disk.code, disk.stderr).toBe(0);
    const doc = JSON.parse(disk.stdout) as {
      environment: string;
      findings: Record<string, unknown>[];
    };
    expect(doc.environment).toBe("vm");
    const f = doc.findings[0] ?? {};
    for (const k of [
      "rule",
      "domain",
      "severity",
      "score",
      "title",
      "summary",
      "evidence",
      "nextSteps",
    ])
      expect(f, k).toHaveProperty(k);
    expect(f).toMatchObject({ rule: "disk-saturation", domain: "disk", severity: "critical" });
    expect(DOMAINS).toContain(f.domain);
    const ev = (f.evidence as Record<string, unknown>[])[0] ?? {};
    for (const k of ["metric", "labels", "from", "to", "observed", "threshold"])
      expect(ev, k).toHaveProperty(k);
    expect(ev.metric).toBe("disk.util_pct");
    expect(ev.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const step = (f.nextSteps as Record<string, unknown>[])[0] ?? {};
    for (const k of ["tool", "command", "why"]) expect(step, k).toHaveProperty(k);
    const scores = doc.findings.map((x) => x.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    expect(asK8s.code, asK8s.stderr).toBe(0);
    const k8s = JSON.parse(asK8s.stdout) as {
      environment: string;
      baseline: string;
      findings: {
        rule: string;
        severity: string;
        nextSteps: { command: string }[];
        evidence: { baseline?: number }[];
      }[];
      deviations: unknown[];
    };
    expect(k8s.environment).toBe("kubernetes");
    expect(k8s.baseline).toBe("snapshot");
    expect(k8s.findings[0]).toMatchObject({ rule: "cpu-saturation", severity: "critical" });
    expect(k8s.findings[0]?.nextSteps.some((s) => s.command.startsWith("kubectl top pod"))).toBe(
      true,
    );
    expect(typeof k8s.findings[0]?.evidence[0]?.baseline).toBe("number");
    expect(k8s.deviations.length).toBeGreaterThan(0);

    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^analyze: /);
    for (const bad of [badEnv, noPath, badOpt]) {
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(badEnv.stderr).toMatch(/--env mainframe/);
  });

  it("prints what the engine returns for the same inputs (the API calls the same function)", async () => {
    const p = path.join(SCN, "tcp-retransmits.tar.gz");
    const [cli, api] = await Promise.all([analyzeCli(p), analyzePaths([p])]);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(api)));
  });

  it("merges several inputs of one incident (here: two tools' outputs in two directories)", async () => {
    const files = await rawFiles("cpu-all-cores");
    const a = mkdtempSync(path.join(tmpdir(), "warroom-analyze-"));
    const b = mkdtempSync(path.join(tmpdir(), "warroom-analyze-"));
    try {
      writeFileSync(path.join(a, "mpstat.txt"), files.get("mpstat.txt") ?? "");
      writeFileSync(path.join(b, "sar_queue.txt"), files.get("sar_queue.txt") ?? "");
      const r = await analyzePaths([a, b]);
      const f = r.findings[0];
      expect(f?.rule).toBe("cpu-saturation");
      // The run queue comes from the second input.
      expect(f?.evidence.find((e) => e.metric === "procs.running")?.observed).toBe(2.17);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it("uses the sysstat history in the input (sadf -j before the capture) as the baseline", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "warroom-analyze-"));
    try {
      const files = await rawFiles("cpu-all-cores");
      writeFileSync(path.join(dir, "mpstat.txt"), files.get("mpstat.txt") ?? "");
      // Real `sadf -j` output of this host from 16:44, before the 17:10 capture.
      copyFileSync(
        path.join(ROOT, "lib", "snapshot", "fixtures", "sadf", "j_core.txt"),
        path.join(dir, "sadf_today.txt"),
      );
      const r = await analyzePaths([dir]);
      expect(r.baseline).toBe("history");
      expect(r.findings[0]?.rule).toBe("cpu-saturation");
      expect(r.findings[0]?.evidence[0]?.baseline).toEqual(expect.any(Number));
      expect(r.deviations.some((d) => d.metric.startsWith("cpu."))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
