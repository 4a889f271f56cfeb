import { describe, expect, it } from "vitest";
import {
  formatAxisValue,
  formatBytes,
  formatCompact,
  formatLag,
  formatPercent,
  formatRate,
  formatTimeTick,
  formatValue,
  formatWindow,
  tickStep,
  timeTicks,
  valueTicks,
} from "./format";

const T0 = Date.parse("2026-12-04T17:10:15Z");

describe("value formatters", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [10 * 1024 ** 2, "10 MiB"],
    [25_276_203_008, "23.5 GiB"],
    [-2048, "-2 KiB"],
  ])("bytes %d → %s", (v, out) => expect(formatBytes(v)).toBe(out));

  it.each([
    [99.93, "99.9%"],
    [1.234, "1.23%"],
    [12.345, "12.3%"],
    [0, "0%"],
    [150, "150%"],
  ])("percent %d → %s", (v, out) => expect(formatPercent(v)).toBe(out));

  it("per-second rates: bytes in binary units, counts with SI suffixes", () => {
    expect(formatRate(3 * 1024 ** 2, "B/s")).toBe("3 MiB/s");
    expect(formatRate(12_345, "/s")).toBe("12.3k/s");
    expect(formatRate(2_500_000)).toBe("2.5M/s");
    expect(formatRate(0.5)).toBe("0.5/s");
  });

  it("formats by the metric's unit and says – for no value", () => {
    expect(formatValue(99.2, "%")).toBe("99.2%");
    expect(formatValue(1024, "B")).toBe("1 KiB");
    expect(formatValue(2048, "B/s")).toBe("2 KiB/s");
    expect(formatValue(41_000, "/s")).toBe("41k/s");
    expect(formatValue(3.25, "ms")).toBe("3.25 ms");
    expect(formatValue(4, "count")).toBe("4");
    expect(formatValue(1, "bool")).toBe("yes");
    expect(formatValue(2, "widgets")).toBe("2 widgets");
    expect(formatValue(null, "%")).toBe("–");
    expect(formatValue(undefined, "B")).toBe("–");
    expect(formatValue(Number.NaN, "B")).toBe("–");
    expect(formatCompact(999)).toBe("999");
    expect(formatCompact(1_000)).toBe("1k");
  });

  it("axis labels are short: whole percents from 10 up", () => {
    expect(formatAxisValue(50, "%")).toBe("50%");
    expect(formatAxisValue(2.5, "%")).toBe("2.5%");
    expect(formatAxisValue(5 * 1024 ** 3, "B")).toBe("5 GiB");
  });

  it("value axis ticks are round in the unit's own scale and reach the maximum", () => {
    expect(valueTicks(100, "%", 4)).toEqual([0, 25, 50, 75, 100]);
    expect(valueTicks(23.5 * 1024 ** 3, "B", 4)).toEqual([0, 10, 20, 30].map((g) => g * 1024 ** 3));
    expect(valueTicks(0, "/s")).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(valueTicks(0, "B/s")).toEqual([0, 256, 512, 768, 1024]);
    expect(valueTicks(2, "B")).toEqual([0, 1, 2]);
    const t = valueTicks(12_345, "/s", 4);
    expect(t[0]).toBe(0);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(12_345);
  });
});

describe("time axis", () => {
  it("places round UTC ticks inside the window", () => {
    const ticks = timeTicks(T0, T0 + 34_000, 6);
    expect(ticks.map((t) => formatTimeTick(t, 10_000))).toEqual([
      "17:10:20",
      "17:10:30",
      "17:10:40",
    ]);
    expect(ticks.every((t) => t >= T0 && t <= T0 + 34_000)).toBe(true);
  });

  it("chooses coarser steps for longer windows, and labels by the step", () => {
    expect(tickStep(T0, T0 + 60_000, 6)).toBe(10_000);
    expect(tickStep(T0, T0 + 61_000, 6)).toBe(15_000);
    expect(tickStep(T0, T0 + 3_600_000, 6)).toBe(10 * 60_000);
    expect(tickStep(T0, T0 + 86_400_000, 6)).toBe(6 * 3_600_000);
    expect(formatTimeTick(T0, 60_000)).toBe("17:10");
    expect(formatTimeTick(T0 + 500, 500)).toBe("17:10:15.500");
    expect(formatTimeTick(T0, 86_400_000)).toBe("12-04");
  });

  it("has no ticks for an empty or reversed window", () => {
    expect(timeTicks(T0, T0)).toEqual([]);
    expect(timeTicks(T0 + 1, T0)).toEqual([]);
  });

  it("names windows and lags", () => {
    expect(formatWindow(T0, T0 + 34_000)).toBe("17:10:15–17:10:49 UTC (34 s)");
    expect(formatWindow(T0, T0 + 86_400_000)).toBe(
      "2026-12-04 17:10:15–2026-12-05 17:10:15 UTC (24 h)",
    );
    expect(formatLag(0)).toBe("0 s");
    expect(formatLag(2000)).toBe("+2 s");
    expect(formatLag(-500)).toBe("−500 ms");
  });
});
