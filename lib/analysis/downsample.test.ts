import { describe, expect, it } from "vitest";
import { lttb } from "./downsample";

describe("LTTB downsampling", () => {
  const n = 86_400;
  const x = Float64Array.from({ length: n }, (_, i) => i * 1000);
  const y = Float64Array.from({ length: n }, (_, i) => 20 + 10 * Math.sin(i / 900));
  y[40_000] = 99.5; // one short spike, as a 1-second CPU burst

  it("keeps the requested number of points, the ends, and order", () => {
    const out = lttb(x, y, 2000);
    expect(out.x).toHaveLength(2000);
    expect(out.x[0]).toBe(0);
    expect(out.x[1999]).toBe((n - 1) * 1000);
    for (let i = 1; i < out.x.length; i++)
      expect(out.x[i]).toBeGreaterThan(out.x[i - 1] ?? Infinity);
  });

  it("keeps a one-sample spike that averaging would flatten", () => {
    const out = lttb(x, y, 800);
    expect(Math.max(...out.y)).toBe(99.5);
  });

  it("returns short series unchanged", () => {
    const out = lttb([1, 2, 3], [5, 6, 7], 10);
    expect([...out.x]).toEqual([1, 2, 3]);
    expect([...out.y]).toEqual([5, 6, 7]);
  });
});
