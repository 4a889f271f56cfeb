import { describe, expect, it } from "vitest";
import { windowFromParams, windowToParams } from "@/lib/client/time-window";
import {
  clampWindow,
  MIN_WINDOW_MS,
  panWindow,
  pixelToTime,
  requestWidth,
  sameWindow,
  selectionToWindow,
  zoomWindow,
} from "./zoom";

const T0 = Date.parse("2026-12-04T17:10:15Z");
const extent = { from: T0, to: T0 + 40_000 };

describe("zoom window state ↔ URL", () => {
  it("reads from/to (epoch ms) from the query string", () => {
    expect(windowFromParams(new URLSearchParams(`from=${T0}&to=${T0 + 5000}&host=h1`))).toEqual({
      from: T0,
      to: T0 + 5000,
    });
  });

  it("refuses half, reversed, empty or non-numeric windows", () => {
    expect(windowFromParams(new URLSearchParams(`from=${T0}`))).toBeNull();
    expect(windowFromParams(new URLSearchParams(`from=${T0}&to=${T0}`))).toBeNull();
    expect(windowFromParams(new URLSearchParams(`from=${T0 + 1}&to=${T0}`))).toBeNull();
    expect(windowFromParams(new URLSearchParams("from=2026-12-04&to=2026-12-05"))).toBeNull();
    expect(windowFromParams(new URLSearchParams("from=-5&to=10"))).toBeNull();
  });

  it("writes the window (whole ms) and keeps the other parameters; null removes it", () => {
    const base = new URLSearchParams("host=h1&from=1&to=2");
    const set = windowToParams(base, { from: T0 + 0.4, to: T0 + 1000.6 });
    expect(set.toString()).toBe(`host=h1&from=${T0}&to=${T0 + 1001}`);
    expect(base.get("from")).toBe("1");
    expect(windowToParams(set, null).toString()).toBe("host=h1");
  });

  it("round-trips: what is written is what is read", () => {
    const w = { from: T0, to: T0 + 12_345 };
    expect(windowFromParams(windowToParams(new URLSearchParams(), w))).toEqual(w);
  });
});

describe("moving the window", () => {
  it("zooms in and out around the centre, never past the extent", () => {
    expect(zoomWindow(extent, 0.5, extent)).toEqual({ from: T0 + 10_000, to: T0 + 30_000 });
    expect(zoomWindow({ from: T0 + 10_000, to: T0 + 30_000 }, 2, extent)).toEqual(extent);
    expect(zoomWindow(extent, 4, extent)).toEqual(extent);
  });

  it("does not zoom in below the minimum span", () => {
    const w = zoomWindow({ from: T0, to: T0 + 1200 }, 0.1, extent);
    expect(w.to - w.from).toBe(MIN_WINDOW_MS);
  });

  it("pans by a fraction, sliding back inside the extent", () => {
    const w = { from: T0 + 10_000, to: T0 + 20_000 };
    expect(panWindow(w, 0.25, extent)).toEqual({ from: T0 + 12_500, to: T0 + 22_500 });
    expect(panWindow(w, -5, extent)).toEqual({ from: T0, to: T0 + 10_000 });
    expect(clampWindow({ from: T0 + 35_000, to: T0 + 45_000 }, extent)).toEqual({
      from: T0 + 30_000,
      to: T0 + 40_000,
    });
  });

  it("turns a drag in pixels into a window on the same axis", () => {
    const plot = { left: 68, right: 668 };
    expect(pixelToTime(68, plot, extent)).toBe(T0);
    expect(pixelToTime(368, plot, extent)).toBe(T0 + 20_000);
    expect(pixelToTime(9999, plot, extent)).toBe(T0 + 40_000);
    expect(selectionToWindow(518, 218, plot, extent)).toEqual({
      from: T0 + 10_000,
      to: T0 + 30_000,
    });
    expect(selectionToWindow(300, 302, plot, extent)).toBeNull();
  });

  it("asks the server for the plot width rounded up to a bucket", () => {
    expect(requestWidth(1)).toBe(200);
    expect(requestWidth(601)).toBe(800);
    expect(requestWidth(800)).toBe(800);
    expect(requestWidth(5000)).toBe(2000);
    expect(requestWidth(0)).toBe(200);
  });

  it("compares windows", () => {
    expect(sameWindow(null, null)).toBe(true);
    expect(sameWindow(extent, { ...extent })).toBe(true);
    expect(sameWindow(extent, null)).toBe(false);
  });
});
