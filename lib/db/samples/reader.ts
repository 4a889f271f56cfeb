import "server-only";
import type pg from "pg";
import { decodeChunkInto } from "./codec";

export interface WindowSamples {
  times: Float64Array;
  values: Float64Array;
}

interface ChunkRow {
  seriesId: string;
  count: number;
  data: Buffer;
}

async function fetchChunks(
  client: pg.Pool | pg.PoolClient,
  seriesIds: readonly string[],
  fromMs: number,
  toMs: number,
  overview = false,
): Promise<ChunkRow[]> {
  // `count` stays the chunk's sample count: an upper bound of its overview's points.
  const data = overview ? `COALESCE("overview", "data")` : `"data"`;
  const r = await client.query<ChunkRow>(
    `SELECT "seriesId"::text AS "seriesId", "count", ${data} AS "data"
       FROM "SampleChunk"
      WHERE "seriesId" = ANY($1::bigint[]) AND "startAt" <= $3 AND "endAt" >= $2
      ORDER BY "seriesId", "startAt"`,
    [seriesIds, new Date(fromMs).toISOString(), new Date(toMs).toISOString()],
  );
  return r.rows;
}

/** Decodes consecutive rows of one series into `times`/`values` and trims them to the window. */
function decodeSeries(
  rows: readonly ChunkRow[],
  times: Float64Array,
  values: Float64Array,
  fromMs: number,
  toMs: number,
): WindowSamples | null {
  let n = 0;
  for (const row of rows) n += decodeChunkInto(row.data, times, values, n);
  // Chunks overlap the window at its ends: keep only [fromMs, toMs].
  let lo = 0;
  while (lo < n && (times[lo] ?? 0) < fromMs) lo++;
  let hi = n;
  while (hi > lo && (times[hi - 1] ?? 0) > toMs) hi--;
  return hi > lo ? { times: times.subarray(lo, hi), values: values.subarray(lo, hi) } : null;
}

/** The rows of a result sorted by series, grouped: [start, end) per series. */
function* groups(
  rows: readonly ChunkRow[],
): Generator<{ id: string; rows: ChunkRow[]; total: number }> {
  let i = 0;
  while (i < rows.length) {
    const id = rows[i]?.seriesId ?? "";
    let j = i;
    let total = 0;
    while (j < rows.length && rows[j]?.seriesId === id) total += rows[j++]?.count ?? 0;
    yield { id, rows: rows.slice(i, j), total };
    i = j;
  }
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
  // One array per series, sized from the chunks' counts, decoded into without concatenating.
  for (const g of groups(await fetchChunks(client, seriesIds, fromMs, toMs))) {
    const w = decodeSeries(
      g.rows,
      new Float64Array(g.total),
      new Float64Array(g.total),
      fromMs,
      toMs,
    );
    if (w) out.set(g.id, w);
  }
  return out;
}

/**
 * Like {@link readWindow}, but hands each series to `visit` one at a time in arrays that are
 * reused for the next series: for callers that reduce a series right away (the charts' LTTB), a
 * day of 40 series costs two arrays of one series instead of 80. `visit` must copy what it keeps.
 * With `overview`, chunks that have one give their overview (each 10 s bucket's lowest and
 * highest sample) instead of every sample: for windows far wider than the chart's pixels.
 */
export async function forEachWindowSeries(
  client: pg.Pool | pg.PoolClient,
  seriesIds: readonly string[],
  fromMs: number,
  toMs: number,
  visit: (seriesId: string, samples: WindowSamples, chunkSamples: number) => void,
  opts: { overview?: boolean } = {},
): Promise<void> {
  if (seriesIds.length === 0) return;
  let times = new Float64Array(0);
  let values = new Float64Array(0);
  const rows = await fetchChunks(client, seriesIds, fromMs, toMs, opts.overview === true);
  for (const g of groups(rows)) {
    if (g.total > times.length) {
      times = new Float64Array(g.total);
      values = new Float64Array(g.total);
    }
    const w = decodeSeries(g.rows, times, values, fromMs, toMs);
    if (w) visit(g.id, w, g.total);
  }
}
