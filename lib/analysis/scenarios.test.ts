/**
 * The engine on real captures with known causes (lib/snapshot/fixtures/scenarios), through the
 * same path as the CLI. Held-out captures are in scenarios.heldout.test.ts and were not used to
 * choose any threshold.
 *
 * For each tuning capture with a cause: the top finding's domain and rule are the cause's, and
 * every evidence value of it that the raw outputs can give equals what they give. Idle and
 * "-fixed" captures raise no critical finding.
 */
import { describe, expect, it } from "vitest";
import {
  analyzeScenario,
  closeEnough,
  dmesgLines,
  listScenarios,
  rawFiles,
  rawValue,
  sysstatRows,
  type ScenarioMeta,
} from "./testing/scenarios";

const scenarios = listScenarios().filter((s) => !s.heldOut);

describe("scenario captures (tuning set)", () => {
  it("has the captures the issue asks for", () => {
    const names = scenarios.map((s) => s.scenario);
    for (const n of [
      "idle-baseline",
      "cpu-all-cores",
      "cpu-single-thread",
      "cpu-system-time",
      "disk-random-io",
      "memory-cgroup-pressure",
      "tcp-retransmits",
      "interface-drops",
    ])
      expect(names).toContain(n);
  });

  for (const meta of scenarios) {
    const { scenario, cause } = meta;
    if (cause.domain === null) {
      it(`${scenario}: ${cause.label} capture raises no critical finding`, async () => {
        const r = await analyzeScenario(scenario);
        expect(r.findings.filter((f) => f.severity === "critical").map((f) => f.rule)).toEqual([]);
      });
      continue;
    }
    it(`${scenario}: top finding is ${cause.domain}/${cause.label}, with evidence equal to the raw outputs`, async () => {
      const [r, files] = await Promise.all([analyzeScenario(scenario), rawFiles(scenario)]);
      const top = r.findings[0];
      expect(top, JSON.stringify(r.findings.map((f) => f.rule))).toBeDefined();
      expect({ domain: top?.domain, rule: top?.rule }).toEqual({
        domain: cause.domain,
        rule: cause.label,
      });
      expect(top?.nextSteps.length).toBeGreaterThan(0);
      checkEvidence(meta, top?.evidence ?? [], files);
    });
  }

  it("cpu-single-thread: names the pinned CPU and the stress-ng process", async () => {
    const r = await analyzeScenario("cpu-single-thread");
    const f = r.findings[0];
    expect(f?.evidence[0]?.labels).toEqual({ cpu: "1" });
    expect(f?.processes[0]?.command).toMatch(/^stress-ng/);
  });

  it("cpu-cgroup-throttling: answers '100% of what?' with the quota and the host's CPUs", async () => {
    const r = await analyzeScenario("cpu-cgroup-throttling");
    const f = r.findings[0];
    expect(f?.evidence.find((e) => e.metric === "cgroup.cpu_limit_cores")?.observed).toBe(0.5);
    expect(f?.summary).toMatch(/of its limit but only .* of the host's 2 CPUs/);
    expect(r.findings.filter((x) => x.domain === "cpu" && x.severity === "critical")).toEqual([]);
  });

  it("memory-cgroup-pressure: OOM kills counted from the kernel log within the window", async () => {
    const [r, files] = await Promise.all([
      analyzeScenario("memory-cgroup-pressure"),
      rawFiles("memory-cgroup-pressure"),
    ]);
    const ev = r.findings[0]?.evidence.find((e) => e.metric === "kernel.oom_kills");
    expect(ev).toBeDefined();
    const kills = dmesgLines(files.get("dmesg.txt") ?? "").filter((l) =>
      /Killed process/.test(l.msg),
    );
    // Older kills in the ring buffer (before the capture) are not this incident's.
    expect(kills.length).toBeGreaterThan(ev?.observed ?? Infinity);
    expect(r.findings.some((f) => f.rule === "memory-oom-kill")).toBe(false);
  });

  it("disk-random-io: the fio process drives the finding", async () => {
    const r = await analyzeScenario("disk-random-io");
    expect(r.findings[0]?.processes[0]?.command).toBe("fio");
    expect(r.findings[0]?.nextSteps[0]?.command).toBe("iostat -xz vda 1 5");
  });

  it("the idle baseline as --baseline keeps a CPU finding critical and reports the deviations", async () => {
    const { analyzePaths } = await import("../../scripts/analyze");
    const { bundlePath } = await import("./testing/scenarios");
    const r = await analyzePaths([bundlePath("cpu-all-cores")], {
      baselines: [bundlePath("idle-baseline")],
    });
    expect(r.baseline).toBe("snapshot");
    expect(r.findings[0]).toMatchObject({ rule: "cpu-saturation", severity: "critical" });
    expect(r.findings[0]?.evidence[0]?.baseline).toBeLessThan(5);
    expect(r.deviations.slice(0, 5).map((d) => d.metric)).toEqual(
      expect.arrayContaining(["cpu.user_pct"]),
    );
  });
});

function checkEvidence(
  meta: ScenarioMeta,
  evidence: readonly {
    metric: string;
    labels: Record<string, string>;
    observed: number;
    from: string | number;
    to: string | number;
    stat: string;
    threshold: number;
    unit: string;
    samples: number;
  }[],
  files: Map<string, string>,
): void {
  let checked = 0;
  for (const e of evidence) {
    const raw = rawValue(files, e as Parameters<typeof rawValue>[1]);
    if (raw === undefined || !Number.isFinite(raw)) continue;
    checked++;
    expect(
      closeEnough(e.observed, raw),
      `${meta.scenario} ${e.metric}${JSON.stringify(e.labels)}: evidence ${e.observed}, raw ${raw}`,
    ).toBe(true);
  }
  expect(
    checked,
    `${meta.scenario}: no evidence item could be checked against the raw outputs`,
  ).toBeGreaterThan(0);
  // The sample counts are the raw lines in the window too (for the interval tools).
  const mp = sysstatRows(files.get("mpstat.txt") ?? "");
  expect(mp.length).toBeGreaterThan(0);
}
