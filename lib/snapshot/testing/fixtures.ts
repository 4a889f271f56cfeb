/** Test helpers: read real fixtures and look series up. Test-only code. */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ParseResult, Series } from "../types";
import { pointsOf, seriesKey } from "../types";

export const FIXTURES = path.join(import.meta.dirname, "..", "fixtures");

export function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), "utf8");
}

export function find(
  r: { series: Series[] },
  metric: string,
  labels: Record<string, string> = {},
): Series {
  const key = seriesKey(metric, labels);
  const s = r.series.find((x) => seriesKey(x.metric, x.labels) === key);
  if (s === undefined)
    throw new Error(
      `no series ${key} in ${r.series.map((x) => seriesKey(x.metric, x.labels)).join(" ")}`,
    );
  return s;
}

export function values(
  r: { series: Series[] },
  metric: string,
  labels: Record<string, string> = {},
): number[] {
  return pointsOf(find(r, metric, labels)).map((p) => p[1]);
}

export function times(
  r: { series: Series[] },
  metric: string,
  labels: Record<string, string> = {},
): (string | number)[] {
  return pointsOf(find(r, metric, labels)).map((p) => p[0]);
}

export function has(r: ParseResult, metric: string, labels: Record<string, string> = {}): boolean {
  const key = seriesKey(metric, labels);
  return r.series.some((x) => seriesKey(x.metric, x.labels) === key);
}

export const KiB = 1024;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
