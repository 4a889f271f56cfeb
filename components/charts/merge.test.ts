import { describe, expect, it } from "vitest";
import {
  baselineShiftMs,
  mergeSeries,
  nearestIndex,
  shiftPoints,
  summarize,
  typicalStep,
  valueAt,
  type TimePoint,
} from "./merge";

const S = 1000;

describe("mergeSeries: one time axis for series with different timestamps", () => {
  it("takes the union of the timestamps, sorted, one row each", () => {
    const a: TimePoint[] = [
      [0, 1],
      [2 * S, 3],
      [4 * S, 5],
    ];
    const b: TimePoint[] = [
      [S, 10],
      [3 * S, 30],
    ];
    const rows = mergeSeries([
      { field: "a", points: a },
      { field: "b", points: b },
    ]);
    expect(rows.map((r) => r.t)).toEqual([0, S, 2 * S, 3 * S, 4 * S]);
  });

  it("fills a series between two of its samples on the segment joining them (so the line is the same)", () => {
    const a: TimePoint[] = [
      [0, 0],
      [2 * S, 20],
    ];
    const b: TimePoint[] = [[S, 7]];
    const rows = mergeSeries([
      { field: "a", points: a },
      { field: "b", points: b },
    ]);
    expect(rows).toEqual([
      { t: 0, a: 0, b: null },
      { t: S, a: 10, b: 7 },
      { t: 2 * S, a: 20, b: null },
    ]);
  });

  it("leaves a real gap of a series empty, so it is drawn as a gap", () => {
    const a: TimePoint[] = [
      [0, 1],
      [S, 1],
      [2 * S, 1],
      [30 * S, 1],
      [31 * S, 1],
    ];
    const b: TimePoint[] = Array.from({ length: 32 }, (_, i) => [i * S, i] as const);
    const rows = mergeSeries([
      { field: "a", points: a },
      { field: "b", points: b },
    ]);
    const at = (t: number) => rows.find((r) => r.t === t);
    expect(at(10 * S)?.a).toBeNull();
    expect(at(10 * S)?.b).toBe(10);
    expect(at(30 * S)?.a).toBe(1);
  });

  it("collapses timestamps within the resolution into one row, keeping the larger sample", () => {
    const a: TimePoint[] = [
      [0, 1],
      [100, 9],
      [1000, 2],
    ];
    const b: TimePoint[] = [
      [50, 4],
      [1020, 6],
    ];
    const rows = mergeSeries(
      [
        { field: "a", points: a },
        { field: "b", points: b },
      ],
      { resolutionMs: 500 },
    );
    expect(rows).toEqual([
      { t: 0, a: 9, b: 4 },
      { t: 1000, a: 2, b: 6 },
    ]);
  });

  it("ignores non-finite samples and handles no series at all", () => {
    expect(mergeSeries([])).toEqual([]);
    const rows = mergeSeries([
      {
        field: "a",
        points: [
          [0, Number.NaN],
          [S, 2],
        ],
      },
    ]);
    expect(rows).toEqual([{ t: S, a: 2 }]);
  });

  it("keeps a series' values outside its own extent empty", () => {
    const rows = mergeSeries([
      {
        field: "a",
        points: [
          [2 * S, 1],
          [3 * S, 2],
        ],
      },
      {
        field: "b",
        points: [
          [0, 0],
          [5 * S, 5],
        ],
      },
    ]);
    expect(rows[0]).toEqual({ t: 0, a: null, b: 0 });
    expect(rows[rows.length - 1]).toEqual({ t: 5 * S, a: null, b: 5 });
  });
});

describe("baseline time shift", () => {
  it("moves the baseline so its start lines up with the incident start", () => {
    const incidentStart = Date.parse("2026-12-04T17:10:15Z");
    const baselineStart = Date.parse("2026-12-04T17:09:27Z");
    const shift = baselineShiftMs(incidentStart, baselineStart);
    expect(shift).toBe(48_000);
    const shifted = shiftPoints(
      [
        [baselineStart, 0.5],
        [baselineStart + S, 1],
      ],
      shift,
    );
    expect(shifted).toEqual([
      [incidentStart, 0.5],
      [incidentStart + S, 1],
    ]);
  });

  it("works backwards too (a baseline captured after the incident)", () => {
    expect(shiftPoints([[10 * S, 1]], baselineShiftMs(0, 10 * S))).toEqual([[0, 1]]);
  });
});

describe("reading values", () => {
  const pts: TimePoint[] = [
    [0, 1],
    [S, 2],
    [2 * S, 3],
    [10 * S, 4],
  ];

  it("finds the nearest sample", () => {
    expect(nearestIndex(pts, -5)).toBe(0);
    expect(nearestIndex(pts, 400)).toBe(0);
    expect(nearestIndex(pts, 600)).toBe(1);
    expect(nearestIndex(pts, 99 * S)).toBe(3);
    expect(nearestIndex([], 0)).toBe(-1);
  });

  it("reads a real sample only within the tolerance", () => {
    expect(valueAt(pts, 1100, 500)).toBe(2);
    expect(valueAt(pts, 6 * S, 500)).toBeNull();
  });

  it("summarises latest, min, max and mean within a window", () => {
    expect(summarize(pts)).toEqual({ latest: 4, min: 1, max: 4, mean: 2.5, count: 4 });
    expect(summarize(pts, S, 2 * S)).toEqual({ latest: 3, min: 2, max: 3, mean: 2.5, count: 2 });
    expect(summarize(pts, 50 * S, 60 * S)).toBeNull();
  });

  it("measures the typical sample interval", () => {
    expect(typicalStep(pts)).toBe(S);
    expect(typicalStep([[0, 1]])).toBeNaN();
  });
});
