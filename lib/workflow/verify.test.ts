import { describe, expect, it } from "vitest";
import { overallVerdict, verdictFor, type WindowStats } from "./verify";
import { formatChange, formatValue, metricDirection, metricLabel } from "./verify-metrics";

const GiB = 1024 ** 3;

function stats(median: number, opts: Partial<WindowStats> = {}): WindowStats {
  return {
    median,
    p95: opts.p95 ?? median,
    mean: opts.mean ?? median,
    mad: opts.mad ?? 0,
    samples: opts.samples ?? 35,
  };
}

describe("verdictFor", () => {
  // Numbers from the disk-random-io scenarios: idle 0.1%, fio 89%, fio stopped 0.2%.
  it("says a saturated disk that is idle again is back to baseline", () => {
    const r = verdictFor({
      metric: "disk.util_pct",
      unit: "%",
      baseline: stats(0.1, { p95: 1.2, mad: 0.1 }),
      before: stats(89.6, { p95: 94 }),
      after: stats(0.2, { p95: 1.2 }),
    });
    expect(r.verdict).toBe("back-to-baseline");
    expect(r.reason).toContain("0.2%");
    expect(r.values).toEqual({ before: 89.6, after: 0.2, baseline: 0.1 });
  });

  it("calls a large drop that is still above normal improved", () => {
    const r = verdictFor({
      metric: "disk.util_pct",
      unit: "%",
      baseline: stats(2, { p95: 4, mad: 0.5 }),
      before: stats(95),
      after: stats(40),
    });
    expect(r.verdict).toBe("improved");
  });

  it("calls a change within 10% of the incident level unchanged, and a rise worse", () => {
    const base = stats(2, { p95: 4, mad: 0.5 });
    expect(
      verdictFor({
        metric: "disk.util_pct",
        unit: "%",
        baseline: base,
        before: stats(90),
        after: stats(86),
      }).verdict,
    ).toBe("unchanged");
    expect(
      verdictFor({
        metric: "disk.await_ms",
        unit: "ms",
        baseline: stats(1),
        before: stats(40),
        after: stats(120),
      }).verdict,
    ).toBe("worse");
  });

  it("knows that more available memory is better", () => {
    const baseline = stats(20 * GiB, { mad: 0.1 * GiB });
    // Down to 0.5 GiB during the incident, back at 19.8 GiB: inside the band.
    expect(
      verdictFor({
        metric: "mem.available_bytes",
        unit: "B",
        baseline,
        before: stats(0.5 * GiB),
        after: stats(19.8 * GiB),
      }).verdict,
    ).toBe("back-to-baseline");
    // 8 GiB: much better, not normal.
    expect(
      verdictFor({
        metric: "mem.available_bytes",
        unit: "B",
        baseline,
        before: stats(0.5 * GiB),
        after: stats(8 * GiB),
      }).verdict,
    ).toBe("improved");
    // Falling further is worse, although the number went down like a "lower is better" metric would.
    expect(
      verdictFor({
        metric: "mem.available_bytes",
        unit: "B",
        baseline,
        before: stats(4 * GiB),
        after: stats(1 * GiB),
      }).verdict,
    ).toBe("worse");
  });

  it("treats a value better than the baseline as back to baseline (idle CPU above normal)", () => {
    const r = verdictFor({
      metric: "cpu.idle_pct",
      unit: "%",
      baseline: stats(70, { mad: 2 }),
      before: stats(5),
      after: stats(98),
    });
    expect(r.verdict).toBe("back-to-baseline");
    expect(r.reason).toContain("better than the baseline");
  });

  it("uses the baseline spread: a noisy baseline needs a bigger move to count", () => {
    const noisy = stats(30, { p95: 60, mad: 10 }); // 3 sigma = 44.5 points
    const r = verdictFor({
      metric: "cpu.user_pct",
      unit: "%",
      baseline: noisy,
      before: stats(95),
      after: stats(80),
    });
    expect(r.verdict).toBe("unchanged");
    expect(r.significance).toBeCloseTo(3 * 1.4826 * 10, 5);
  });

  it("compares spiky error rates on the mean, not the median", () => {
    // Retransmits: median 0 on both sides, but bursts of 40/s before the fix and none after.
    const r = verdictFor({
      metric: "tcp.retrans_segs_per_s",
      unit: "/s",
      baseline: null,
      before: stats(0, { mean: 12, p95: 40 }),
      after: stats(0, { mean: 0.1, p95: 0 }),
    });
    expect(r.stat).toBe("mean");
    expect(r.verdict).toBe("improved");
  });

  it("judges throughput by its distance from the baseline, and not at all without one", () => {
    const baseline = stats(50 * 1024 * 1024, { mad: 2 * 1024 * 1024 });
    expect(
      verdictFor({
        metric: "net.rx_bytes_per_s",
        unit: "B/s",
        baseline,
        before: stats(1024 * 1024),
        after: stats(30 * 1024 * 1024),
      }).verdict,
    ).toBe("improved");
    expect(
      verdictFor({
        metric: "net.rx_bytes_per_s",
        unit: "B/s",
        baseline,
        before: stats(30 * 1024 * 1024),
        after: stats(1024 * 1024),
      }).verdict,
    ).toBe("worse");
    expect(
      verdictFor({
        metric: "net.rx_bytes_per_s",
        unit: "B/s",
        baseline: null,
        before: stats(30 * 1024 * 1024),
        after: stats(1024 * 1024),
      }).verdict,
    ).toBe("inconclusive");
  });

  it("is inconclusive without samples on either side", () => {
    expect(
      verdictFor({
        metric: "disk.util_pct",
        unit: "%",
        baseline: null,
        before: stats(90),
        after: null,
      }).verdict,
    ).toBe("inconclusive");
    expect(
      verdictFor({
        metric: "disk.util_pct",
        unit: "%",
        baseline: null,
        before: null,
        after: stats(1),
      }).verdict,
    ).toBe("inconclusive");
    expect(
      verdictFor({
        metric: "disk.util_pct",
        unit: "%",
        baseline: null,
        before: stats(90),
        after: stats(1, { samples: 0 }),
      }).verdict,
    ).toBe("inconclusive");
  });

  it("without a baseline, never says back to baseline", () => {
    const r = verdictFor({
      metric: "disk.util_pct",
      unit: "%",
      baseline: null,
      before: stats(90),
      after: stats(0.5),
    });
    expect(r.verdict).toBe("improved");
  });
});

describe("overallVerdict", () => {
  it("is the worst judged verdict", () => {
    expect(overallVerdict(["back-to-baseline", "improved"])).toBe("improved");
    expect(overallVerdict(["back-to-baseline", "worse", "inconclusive"])).toBe("worse");
    expect(overallVerdict(["back-to-baseline", "inconclusive"])).toBe("back-to-baseline");
    expect(overallVerdict(["inconclusive"])).toBe("inconclusive");
    expect(overallVerdict([])).toBe("inconclusive");
  });
});

describe("metric helpers", () => {
  it.each([
    ["disk.util_pct", "lower-better"],
    ["mem.available_bytes", "higher-better"],
    ["mem.available_pct", "higher-better"],
    ["cpu.idle_pct", "higher-better"],
    ["net.rx_bytes_per_s", "closer-better"],
    ["swap.out_bytes_per_s", "lower-better"],
    ["tcp.retrans_segs_per_s", "lower-better"],
  ] as const)("%s is %s", (metric, direction) => {
    expect(metricDirection(metric)).toBe(direction);
  });

  it("formats values and changes with their units", () => {
    expect(formatValue(89.14, "%")).toBe("89.1%");
    expect(formatValue(1.5 * GiB, "B")).toBe("1.5 GiB");
    expect(formatValue(210296598, "B/s")).toBe("201 MiB/s");
    expect(formatValue(0.3, "ms")).toBe("0.3 ms");
    expect(formatValue(null, "%")).toBe("–");
    expect(formatChange(88.9, "%")).toBe("+88.9 pt");
    expect(formatChange(-2 * GiB, "B")).toBe("−2 GiB");
    expect(metricLabel("disk.util_pct", { device: "vda" })).toBe("Disk utilisation (vda)");
    expect(metricLabel("cpu.user_pct", { cpu: "all" })).toBe("CPU user");
  });
});
