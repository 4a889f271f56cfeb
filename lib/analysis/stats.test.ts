import { describe, expect, it } from "vitest";
import { findEpisodes, sustainFor } from "./episodes";
import {
  lowerBound,
  meanOf,
  quantileOf,
  rangeOf,
  round,
  summarize,
  typicalInterval,
  upperBound,
} from "./stats";

/** Reference quantile: sort and interpolate (numpy's default). */
function refQuantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const k = Math.floor(pos);
  const lo = s[k] ?? NaN;
  const hi = s[Math.min(k + 1, s.length - 1)] ?? NaN;
  return lo + (hi - lo) * (pos - k);
}

describe("stats", () => {
  it("finds index ranges by time", () => {
    const t = [10, 20, 20, 30, 40];
    expect(lowerBound(t, 20)).toBe(1);
    expect(upperBound(t, 20)).toBe(3);
    expect(rangeOf(t, 15, 35)).toEqual({ start: 1, end: 4 });
    expect(rangeOf(t, 50, 60)).toEqual({ start: 5, end: 5 });
  });

  it("computes quantiles like a sort would, for random, constant and sorted data", () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const cases = [
      Array.from({ length: 1001 }, () => rnd() * 100),
      Array.from({ length: 500 }, () => 3),
      Array.from({ length: 300 }, (_, i) => i),
      Array.from({ length: 300 }, (_, i) => 300 - i),
      [5],
      [1, 2],
    ];
    for (const xs of cases)
      for (const q of [0, 0.5, 0.95, 1])
        expect(quantileOf(xs, 0, xs.length, q)).toBeCloseTo(refQuantile(xs, q), 9);
  });

  it("skips NaN and summarizes median, p95, mean and MAD", () => {
    const s = summarize([1, 2, NaN, 3, 4, 100], 0, 6);
    expect(s.samples).toBe(5);
    expect(s.median).toBe(3);
    expect(s.mean).toBe(22);
    expect(s.mad).toBe(1);
    expect(meanOf([NaN, NaN], 0, 2)).toBeNaN();
  });

  it("estimates the sampling interval from the median gap", () => {
    const t = [0, 1000, 2000, 10_000, 11_000, 12_000];
    expect(typicalInterval(t, 0, t.length)).toBe(1000);
  });

  it("rounds for display", () => {
    expect(round(99.1234)).toBe(99.12);
    expect(round(12345.6)).toBe(12346);
  });
});

describe("episodes", () => {
  const times = Array.from({ length: 40 }, (_, i) => i * 1000);
  const opts = { intervalMs: 1000, minDurationMs: 10_000, minSamples: 3 };

  it("needs the condition to hold long enough: one spike is not sustained", () => {
    const v = times.map((_, i) => (i === 5 ? 99 : 10));
    expect(
      findEpisodes(
        times,
        0,
        40,
        (i) => (v[i] ?? 0) >= 90,
        (i) => (v[i] ?? 0) >= 80,
        opts,
      ),
    ).toEqual([]);
  });

  it("keeps one run through dips above the stay level (hysteresis)", () => {
    // 90, 82, 90, 82, ... stays above 80 after entering at 90: one run, not many.
    const v = times.map((_, i) => (i < 20 ? (i % 2 === 0 ? 90 : 82) : 10));
    const eps = findEpisodes(
      times,
      0,
      40,
      (i) => (v[i] ?? 0) >= 85,
      (i) => (v[i] ?? 0) >= 80,
      opts,
    );
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ start: 0, end: 19, durationMs: 20_000 });
  });

  it("does not enter on the stay level alone", () => {
    const v = rep(82);
    expect(
      findEpisodes(
        times,
        0,
        40,
        (i) => (v[i] ?? 0) >= 85,
        (i) => (v[i] ?? 0) >= 80,
        opts,
      ),
    ).toEqual([]);
  });

  it("ends a run at a gap in the samples", () => {
    const t = [...times.slice(0, 15), ...times.slice(15).map((x) => x + 60_000)];
    const v = rep(95);
    const eps = findEpisodes(
      t,
      0,
      40,
      (i) => (v[i] ?? 0) >= 90,
      () => true,
      opts,
    );
    expect(eps.map((e) => [e.start, e.end])).toEqual([
      [0, 14],
      [15, 39],
    ]);
  });

  it("scales the duration with the window, within bounds", () => {
    expect(sustainFor(35_000, 10_000, 600_000)).toBe(10_000);
    expect(sustainFor(3_600_000, 10_000, 600_000)).toBe(600_000);
    expect(sustainFor(120_000, 10_000, 600_000)).toBe(30_000);
  });
});

function rep(v: number): number[] {
  return new Array<number>(40).fill(v);
}
