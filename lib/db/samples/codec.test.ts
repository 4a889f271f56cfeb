import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalsFor, decodeChunk, encodeChunk, overviewChunk } from "./codec";

describe("sample chunk codec", () => {
  it("round-trips values exactly as the tools printed them", () => {
    const times = [0, 1000, 2000, 3001, 4000, 86_400_000].map((t) => 1_796_400_000_000 + t);
    const values = [98.5, 99.5, 0, 12.25, 100, 0.01];
    const { times: t, values: v } = decodeChunk(encodeChunk(times, values));
    expect([...t]).toEqual(times);
    expect([...v]).toEqual(values);
  });

  it("keeps huge byte counts and negative deltas exact", () => {
    const values = [25_275_449_344, 24_004_968_000, 0, 9_007_199_254_740_991, -5];
    const times = values.map((_, i) => i * 1000);
    expect([...decodeChunk(encodeChunk(times, values)).values]).toEqual(values);
  });

  it("falls back to raw floats when a huge value sits next to one with decimals", () => {
    // Found by the property below: at 2 decimals the first value no longer fits in 2^50.
    const values = [-1060715419441220, -0.01];
    expect(decimalsFor(values)).toBe(15);
    expect([...decodeChunk(encodeChunk([1, 1], values)).values]).toEqual(values);
  });

  it("falls back to raw floats for values with many decimals", () => {
    const values = [Math.PI, Math.E, 1 / 3, 1e-12];
    expect(decimalsFor(values)).toBe(15);
    expect([...decodeChunk(encodeChunk([1, 2, 3, 4], values)).values]).toEqual(values);
  });

  it("stores a regular 1-second series in well under a byte per sample", () => {
    const n = 3600;
    const times = Array.from({ length: n }, (_, i) => 1_796_400_000_000 + i * 1000);
    const values = Array.from(
      { length: n },
      (_, i) => Math.round((50 + 40 * Math.sin(i / 60)) * 100) / 100,
    );
    const bytes = encodeChunk(times, values).length;
    expect(bytes / n).toBeLessThan(2);
    const idle = encodeChunk(times, new Array<number>(n).fill(0)).length;
    expect(idle / n).toBeLessThan(0.05);
  });

  it("round-trips any finite series (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 5_000 }),
            fc.oneof(
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.integer().map((i) => i / 100),
            ),
          ),
          { maxLength: 300 },
        ),
        (pairs) => {
          let t = 1_700_000_000_000;
          const times = pairs.map(([dt]) => (t += dt));
          const values = pairs.map(([, v]) => v);
          const out = decodeChunk(encodeChunk(times, values));
          expect([...out.times]).toEqual(times);
          // -0 is stored as 0: the same number for every chart and rule.
          expect([...out.values]).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("rejects a damaged chunk with an error instead of returning garbage", () => {
    const good = encodeChunk([1, 2, 3], [1, 2, 3]);
    expect(() => decodeChunk(good.subarray(0, 2))).toThrow();
  });
});

describe("chunk overview", () => {
  const base = 1_796_400_000_000;
  const hour = (f: (i: number) => number) => {
    const times = Array.from({ length: 3600 }, (_, i) => base + i * 1000);
    return { times, values: times.map((_, i) => f(i)) };
  };

  it("keeps each 10-second bucket's lowest and highest sample at their own times", () => {
    const { times, values } = hour((i) => (i === 1234 ? 97.5 : i === 2001 ? -3 : (i % 7) + 0.25));
    const data = overviewChunk(times, values);
    expect(data).not.toBeNull();
    const o = decodeChunk(data ?? Buffer.alloc(0));
    expect(o.times.length).toBeLessThanOrEqual(720);
    expect(o.times.length).toBeGreaterThan(360);
    // The spike and the dip are there, at their times; every point is a real sample.
    expect(o.values[[...o.times].indexOf(base + 1234 * 1000)]).toBe(97.5);
    expect(o.values[[...o.times].indexOf(base + 2001 * 1000)]).toBe(-3);
    for (let k = 0; k < o.times.length; k++) {
      const i = ((o.times[k] ?? 0) - base) / 1000;
      expect(o.values[k]).toBe(values[i]);
      if (k > 0) expect(o.times[k]).toBeGreaterThan(o.times[k - 1] ?? 0);
    }
    expect(Math.max(...o.values)).toBe(Math.max(...values));
    expect(Math.min(...o.values)).toBe(Math.min(...values));
  });

  it("is null for sparse samples (10-second vmstat), where it would save nothing", () => {
    const times = Array.from({ length: 360 }, (_, i) => base + i * 10_000);
    expect(
      overviewChunk(
        times,
        times.map((_, i) => i),
      ),
    ).toBeNull();
    expect(overviewChunk([base], [1])).toBeNull();
  });

  it("covers only its range of a longer series", () => {
    const { times, values } = hour((i) => i);
    const o = decodeChunk(overviewChunk(times, values, 600, 1200) ?? Buffer.alloc(0));
    expect(o.times[0]).toBe(times[600]);
    expect(o.times[o.times.length - 1]).toBe(times[1199]);
  });
});
