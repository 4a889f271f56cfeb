/** SeriesSink: one time column per table row, strict order, and what happens when a row lacks a value. */
import { describe, expect, it } from "vitest";
import { ROW_LIMIT, Warnings, SeriesSink, type Stamp } from "./common";

const at = (s: number, rel = false): Stamp => ({ ms: 1_800_000_000_000 + s * 1000, rel });

function sinkWithRow(): {
  sink: SeriesSink;
  put: (st: Stamp, a: number, b: number, c: number) => void;
} {
  const sink = new SeriesSink();
  const g = sink.group();
  sink.member(g, "m.a", { cpu: "0" }, "%");
  sink.member(g, "m.b", { cpu: "0" }, "%");
  sink.member(g, "m.c", { cpu: "0" }, "%");
  const put = (st: Stamp, a: number, b: number, c: number): void => {
    g.row[0] = a;
    g.row[1] = b;
    g.row[2] = c;
    sink.commit(g, st, 1);
  };
  return { sink, put };
}

describe("SeriesSink", () => {
  it("the series of one row share one times array", () => {
    const { sink, put } = sinkWithRow();
    for (let i = 0; i < 200; i++) put(at(i), i, i * 2, 0.5);
    const [a, b, c] = sink.finish(new Warnings("t"));
    expect(a?.times).toHaveLength(200);
    expect(a?.times).toBe(b?.times);
    expect(b?.times).toBe(c?.times);
    expect(b?.values[199]).toBe(398);
    expect(c?.values.every((v) => v === 0.5)).toBe(true);
  });

  it("complete rows from the first: columns of one value are shared, the others are not", () => {
    const sink = new SeriesSink();
    const g = sink.group();
    for (const m of ["a", "b", "c"]) sink.member(g, `m.${m}`, {}, "count");
    for (let i = 0; i < 100; i++) {
      g.row.set([4, 4, i]);
      sink.commit(g, at(i), i + 1);
    }
    const [a, b, c] = sink.finish(new Warnings("t"));
    expect(a?.values).toBe(b?.values);
    expect(a?.values).toEqual(new Array<number>(100).fill(4));
    expect(c?.values).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("series of one value repeated as long share one values array; others keep their own", () => {
    const sink = new SeriesSink();
    const groups = [sink.group(), sink.group()];
    groups.forEach((g, k) => {
      for (const m of ["zero", "zero2", "negzero", "seven", "last", "nan"])
        sink.member(g, `m.${m}`, { k: String(k) }, "count");
    });
    for (let i = 0; i < 300; i++) {
      for (const g of groups) {
        g.row.set([0, 0, i === 150 ? -0 : 0, 7, i === 299 ? 8 : 7, NaN]);
        sink.commit(g, at(i), i + 1);
      }
    }
    const out = new Map(
      sink.finish(new Warnings("t")).map((s) => [`${s.metric}/${s.labels.k}`, s.values]),
    );
    const v = (key: string): number[] => out.get(key) ?? [];
    expect(v("m.zero/0")).toBe(v("m.zero2/0"));
    expect(v("m.zero/0")).toBe(v("m.zero/1"));
    expect(v("m.seven/0")).toBe(v("m.seven/1"));
    expect(v("m.seven/0")).toEqual(new Array<number>(300).fill(7));
    // A -0 among the zeros is printed as its own value: that column is not the shared one.
    expect(v("m.negzero/0")).not.toBe(v("m.zero/0"));
    expect(Object.is(v("m.negzero/0")[150], -0)).toBe(true);
    expect(v("m.last/0")).not.toBe(v("m.seven/0"));
    expect(v("m.last/0")[299]).toBe(8);
    expect(v("m.nan/0")).toHaveLength(0);
  });

  it("a row without a value for one series: it keeps its own times from then on", () => {
    const { sink, put } = sinkWithRow();
    put(at(0), 1, 1, 1);
    put(at(1), 2, NaN, 2);
    put(at(2), 3, 3, 3);
    const [a, b, c] = sink.finish(new Warnings("t"));
    expect(a?.values).toEqual([1, 2, 3]);
    expect(c?.values).toEqual([1, 2, 3]);
    expect(b?.values).toEqual([1, 3]);
    expect(b?.times).toEqual([at(0).ms, at(2).ms]);
    expect(b?.times).not.toBe(a?.times);
    expect(a?.times).toBe(c?.times);
  });

  it("a row at or before the last one is dropped and counted; a relative time among absolute ones too", () => {
    const { sink, put } = sinkWithRow();
    put(at(5), 1, 1, 1);
    put(at(5), 2, 2, 2);
    put(at(4), 3, 3, 3);
    put(at(6, true), 4, 4, 4);
    put(at(7), 5, 5, 5);
    const w = new Warnings("t");
    const [a] = sink.finish(w);
    expect(a?.values).toEqual([1, 5]);
    expect(a?.relative).toBeUndefined();
    expect(w.done()).toEqual([
      "t: 6 sample(s) not after the previous one of their series were dropped (first at line 1)",
      "t: 3 sample(s) with a relative time in a series of absolute ones (or the reverse) were dropped",
    ]);
  });

  it("relative stamps make a relative series; a series claimed by a second row keeps its own times", () => {
    const sink = new SeriesSink();
    const g1 = sink.group();
    const g2 = sink.group();
    sink.member(g1, "x", {}, "");
    sink.member(g1, "y", {}, "");
    sink.member(g2, "x", {}, "");
    g1.row[0] = 1;
    g1.row[1] = 10;
    sink.commit(g1, at(1, true), 1);
    g2.row[0] = 2;
    sink.commit(g2, at(1, true), 2);
    g2.row[0] = 3;
    sink.commit(g2, at(2, true), 3);
    const w = new Warnings("t");
    const [x, y] = sink.finish(w);
    expect(x?.relative).toBe(true);
    expect(x?.values).toEqual([1, 3]);
    expect(y?.values).toEqual([10]);
    expect(w.done()[0]).toContain("1 sample(s) not after");
  });

  it("single samples become since-boot values", () => {
    const { sink, put } = sinkWithRow();
    put(at(0), 7, 8, 9);
    sink.pointsToSinceBoot();
    const out = sink.finish(new Warnings("t"));
    expect(out.map((s) => [s.sinceBoot, s.times.length, s.values.length])).toEqual([
      [7, 0, 0],
      [8, 0, 0],
      [9, 0, 0],
    ]);
  });

  it("a long row group moves from its row buffer to columns without losing or moving a sample", () => {
    const { sink, put } = sinkWithRow();
    const rows = ROW_LIMIT * 3 + 17;
    // b misses one row in the row stage, c one in the column stage: each then has its own times.
    for (let i = 0; i < rows; i++) {
      const b = i === 100 ? NaN : i * 2;
      const c = i === ROW_LIMIT + 5 ? NaN : -i;
      put(at(i), i + 0.25, b, c);
    }
    const [a, b, c] = sink.finish(new Warnings("t"));
    expect(a?.times).toHaveLength(rows);
    expect(a?.values.every((v, i) => v === i + 0.25)).toBe(true);
    expect(a?.times.every((t, i) => t === at(i).ms)).toBe(true);
    expect(b?.values).toHaveLength(rows - 1);
    expect(b?.times[100]).toBe(at(101).ms);
    expect(b?.values[100]).toBe(202);
    expect(c?.values).toHaveLength(rows - 1);
    expect(c?.values[ROW_LIMIT + 4]).toBe(-(ROW_LIMIT + 4));
    expect(c?.values[ROW_LIMIT + 5]).toBe(-(ROW_LIMIT + 6));
    expect(c?.times).not.toBe(a?.times);
  });

  it("a column that held one value keeps it for those rows once it varies, wherever that happens", () => {
    const sink = new SeriesSink();
    const g = sink.group();
    const names = ["varies", "late", "leaves", "negzero", "steady"];
    for (const m of names) sink.member(g, `m.${m}`, {}, "count");
    const rows = ROW_LIMIT + 300;
    const expected = names.map(() => [] as number[]);
    for (let i = 0; i < rows; i++) {
      const row = [
        i < 50 ? 3 : i, // varies in the row stage
        i < ROW_LIMIT + 100 ? 0 : 1, // varies once the group has moved to columns
        i === 70 ? NaN : 5, // misses a row: leaves the group with what it has
        i === 0 ? -0 : 0, // -0 first: never one value
        2,
      ];
      g.row.set(row);
      sink.commit(g, at(i), i + 1);
      row.forEach((v, k) => v === v && expected[k]?.push(v));
    }
    const out = sink.finish(new Warnings("t"));
    expect(out.map((s) => s.metric)).toEqual(names.map((m) => `m.${m}`));
    out.forEach((s, k) => {
      expect(s.values).toEqual(expected[k]);
      expect(s.times).toHaveLength(expected[k]?.length ?? -1);
    });
    expect(Object.is(out[3]?.values[0], -0)).toBe(true);
    expect(out[2]?.times[70]).toBe(at(71).ms);
    expect(out[0]?.times).toBe(out[1]?.times);
  });
});
