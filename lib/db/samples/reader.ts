import "server-only";
import type pg from "pg";
import { decodeChunk } from "./codec";

export interface WindowSamples {
  times: Float64Array;
  values: Float64Array;
}

/**
 * Samples of many series in [fromMs, toMs], read chunk by chunk (one or two rows per series and
 * hour) and decoded in this process. Series without samples in the window are absent from the map.
 */
export async function readWindow(
  client: pg.Pool | pg.PoolClient,
  seriesIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, WindowSamples>> {
  const out = new Map<string, WindowSamples>();
  if (seriesIds.length === 0) return out;
  const r = await client.query<{ seriesId: string; data: Buffer }>(
    `SELECT "seriesId"::text AS "seriesId", "data"
       FROM "SampleChunk"
      WHERE "seriesId" = ANY($1::bigint[]) AND "startAt" <= $3 AND "endAt" >= $2
      ORDER BY "seriesId", "startAt"`,
    [seriesIds, new Date(fromMs).toISOString(), new Date(toMs).toISOString()],
  );
  const parts = new Map<string, WindowSamples[]>();
  for (const row of r.rows) {
    const { times, values } = decodeChunk(row.data);
    let lo = 0;
    while (lo < times.length && (times[lo] ?? 0) < fromMs) lo++;
    let hi = times.length;
    while (hi > lo && (times[hi - 1] ?? 0) > toMs) hi--;
    if (hi <= lo) continue;
    const list = parts.get(row.seriesId) ?? [];
    list.push({ times: times.subarray(lo, hi), values: values.subarray(lo, hi) });
    parts.set(row.seriesId, list);
  }
  for (const [id, list] of parts) {
    if (list.length === 1 && list[0]) {
      out.set(id, list[0]);
      continue;
    }
    const n = list.reduce((a, p) => a + p.times.length, 0);
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    let off = 0;
    for (const p of list) {
      times.set(p.times, off);
      values.set(p.values, off);
      off += p.times.length;
    }
    out.set(id, { times, values });
  }
  return out;
}
