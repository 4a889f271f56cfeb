import "server-only";
import type pg from "pg";
import { decodeChunkInto } from "./codec";

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
  const r = await client.query<{ seriesId: string; count: number; data: Buffer }>(
    `SELECT "seriesId"::text AS "seriesId", "count", "data"
       FROM "SampleChunk"
      WHERE "seriesId" = ANY($1::bigint[]) AND "startAt" <= $3 AND "endAt" >= $2
      ORDER BY "seriesId", "startAt"`,
    [seriesIds, new Date(fromMs).toISOString(), new Date(toMs).toISOString()],
  );
  // One array per series, sized from the chunks' counts, decoded into without concatenating.
  const totals = new Map<string, number>();
  for (const row of r.rows) totals.set(row.seriesId, (totals.get(row.seriesId) ?? 0) + row.count);
  const filled = new Map<string, { times: Float64Array; values: Float64Array; n: number }>();
  for (const row of r.rows) {
    let target = filled.get(row.seriesId);
    if (!target) {
      const total = totals.get(row.seriesId) ?? 0;
      target = { times: new Float64Array(total), values: new Float64Array(total), n: 0 };
      filled.set(row.seriesId, target);
    }
    target.n += decodeChunkInto(row.data, target.times, target.values, target.n);
  }
  for (const [id, { times, values, n }] of filled) {
    // Chunks overlap the window at its ends: keep only [fromMs, toMs].
    let lo = 0;
    while (lo < n && (times[lo] ?? 0) < fromMs) lo++;
    let hi = n;
    while (hi > lo && (times[hi - 1] ?? 0) > toMs) hi--;
    if (hi > lo) out.set(id, { times: times.subarray(lo, hi), values: values.subarray(lo, hi) });
  }
  return out;
}
