import { describe, expect, it } from "vitest";
import { columnFrom, expectedLength, growColumn, newColumn, trimColumn } from "./column";

describe("columns", () => {
  it("grow keeps the content first, doubling or to the length asked", () => {
    let col = newColumn();
    for (let i = 0; i < col.length; i++) col[i] = i;
    const doubled = growColumn(col);
    expect(doubled.length).toBe(col.length * 2);
    expect(doubled.slice(0, col.length)).toEqual(col);
    col = growColumn(col, 200_000);
    expect(col.length).toBeGreaterThanOrEqual(200_000);
    expect(col.length).toBeLessThan(200_000 + 4096);
    expect(col.slice(0, 64)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(growColumn([]).length).toBeGreaterThan(0);
  });

  it("trim gives the final length", () => {
    const col = growColumn(newColumn());
    col[0] = 1.5;
    col[1] = 2;
    expect(trimColumn(col, 2)).toEqual([1.5, 2]);
    expect(trimColumn(col, 2)).toBe(col);
  });

  it("expected length: only once enough is read, and at most 16 times what there is", () => {
    expect(expectedLength(100, 0.5)).toBe(0);
    expect(expectedLength(1000, 0.001)).toBe(0);
    expect(expectedLength(1000, 0.008)).toBe(0);
    expect(expectedLength(1000, 0.5)).toBe(2040 + 256);
    expect(expectedLength(1000, 0.02)).toBe(16_000);
    expect(expectedLength(2000, 0.02)).toBe(32_000);
  });

  it("a strided run of a typed array as a plain column, with room to write after it", () => {
    const rows = Float64Array.from([1, 10, 2, 20, 3, 30]);
    expect(columnFrom(rows, 1, 2, 3)).toEqual([10, 20, 30]);
    const roomy = columnFrom(rows, 0, 2, 3, 5000);
    expect(roomy).toHaveLength(5000);
    expect(roomy.slice(0, 3)).toEqual([1, 2, 3]);
    expect(columnFrom(rows, 0, 1, 0)).toEqual([]);
  });
});
