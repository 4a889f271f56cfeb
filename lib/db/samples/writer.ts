import "server-only";
import type pg from "pg";
import { seriesKey, type HostEvent, type Series } from "@/lib/snapshot/types";
import { encodeChunk, overviewChunk } from "./codec";
import { toArrays } from "./points";

/**
 * The bulk path for samples: a snapshot's series go in as a few multi-row statements (unnest of
 * arrays), each series split into chunks of CHUNK_MS aligned to the clock, so a one-hour window is
 * one or two rows per series. Runs inside the caller's transaction (one per snapshot).
 */
export const CHUNK_MS = 60 * 60 * 1000;
/** Rows per INSERT: keeps each statement's parameters at a few MB. */
const BATCH_ROWS = 2_000;

export interface WriteResult {
  series: number;
  points: number;
  chunks: number;
  firstMs: number | null;
  lastMs: number | null;
}

export function labelsKeyOf(labels: Record<string, string>): string {
  const key = seriesKey("", labels);
  return key === "" ? "" : key.slice(1, -1);
}

async function allocateIds(client: pg.PoolClient, table: string, n: number): Promise<string[]> {
  if (n === 0) return [];
  const r = await client.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::text AS id FROM generate_series(1, $1)`,
    [n],
  );
  return r.rows.map((row) => row.id);
}

export async function writeSeries(
  client: pg.PoolClient,
  snapshotId: string,
  hostId: string,
  series: readonly Series[],
  anchorMs: number,
): Promise<WriteResult> {
  const prepared = series
    .map((s) => ({ s, ...toArrays(s, anchorMs) }))
    .filter((p) => p.times.length > 0 || p.s.sinceBoot !== undefined);
  const ids = await allocateIds(client, "Series", prepared.length);
  let points = 0;
  let firstMs: number | null = null;
  let lastMs: number | null = null;

  // 1. Series rows first: chunks reference them.
  const cols = {
    id: [] as string[],
    metric: [] as string[],
    labels: [] as string[],
    key: [] as string[],
    unit: [] as string[],
    since: [] as (number | null)[],
    first: [] as (string | null)[],
    last: [] as (string | null)[],
    count: [] as number[],
  };
  for (const [i, p] of prepared.entries()) {
    const n = p.times.length;
    const first = n > 0 ? (p.times[0] ?? 0) : null;
    const last = n > 0 ? (p.times[n - 1] ?? 0) : null;
    if (first !== null) firstMs = firstMs === null ? first : Math.min(firstMs, first);
    if (last !== null) lastMs = lastMs === null ? last : Math.max(lastMs, last);
    points += n;
    cols.id.push(ids[i] ?? "");
    cols.metric.push(p.s.metric);
    cols.labels.push(JSON.stringify(p.s.labels));
    cols.key.push(labelsKeyOf(p.s.labels));
    cols.unit.push(p.s.unit);
    cols.since.push(p.s.sinceBoot ?? null);
    cols.first.push(first === null ? null : new Date(first).toISOString());
    cols.last.push(last === null ? null : new Date(last).toISOString());
    cols.count.push(n);
  }
  for (let off = 0; off < cols.id.length; off += BATCH_ROWS) {
    const sl = <T>(a: T[]) => a.slice(off, off + BATCH_ROWS);
    await client.query(
      `INSERT INTO "Series" ("id", "snapshotId", "hostId", "metric", "labels", "labelsKey", "unit", "sinceBoot", "firstAt", "lastAt", "pointCount")
       SELECT u.id, $1, $2, u.metric, u.labels, u.key, u.unit, u.since, u.first, u.last, u.count
       FROM unnest($3::bigint[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::float8[], $9::timestamptz[], $10::timestamptz[], $11::int[])
         AS u(id, metric, labels, key, unit, since, first, last, count)`,
      [
        snapshotId,
        hostId,
        sl(cols.id),
        sl(cols.metric),
        sl(cols.labels),
        sl(cols.key),
        sl(cols.unit),
        sl(cols.since),
        sl(cols.first),
        sl(cols.last),
        sl(cols.count),
      ],
    );
  }

  // 2. Chunks, clock-aligned. One INSERT stays in flight while the next batch is encoded, so
  // PostgreSQL (the other core) writes while this process compresses.
  let chunks = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  let batch = newChunkBatch();
  const flush = async () => {
    if (batch.series.length === 0) return;
    const rows = batch;
    batch = newChunkBatch();
    await inFlight;
    chunks += rows.series.length;
    inFlight = client.query(
      `INSERT INTO "SampleChunk" ("seriesId", "startAt", "endAt", "count", "data", "overview")
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::int[], $5::bytea[], $6::bytea[])`,
      [rows.series, rows.start, rows.end, rows.count, rows.data, rows.overview],
    );
    // Awaited at the next flush; without a handler now, a failure meanwhile would be "unhandled".
    inFlight.catch(() => undefined);
  };
  for (const [i, p] of prepared.entries()) {
    const id = ids[i] ?? "";
    const n = p.times.length;
    let start = 0;
    while (start < n) {
      const window = Math.floor((p.times[start] ?? 0) / CHUNK_MS);
      let end = start + 1;
      while (end < n && Math.floor((p.times[end] ?? 0) / CHUNK_MS) === window) end++;
      batch.series.push(id);
      batch.start.push(new Date(p.times[start] ?? 0).toISOString());
      batch.end.push(new Date(p.times[end - 1] ?? 0).toISOString());
      batch.count.push(end - start);
      batch.data.push(encodeChunk(p.times, p.values, start, end));
      batch.overview.push(overviewChunk(p.times, p.values, start, end));
      if (batch.series.length >= BATCH_ROWS) await flush();
      start = end;
    }
  }
  await flush();
  await inFlight;
  return { series: prepared.length, points, chunks, firstMs, lastMs };
}

function newChunkBatch() {
  return {
    series: [] as string[],
    start: [] as string[],
    end: [] as string[],
    count: [] as number[],
    data: [] as Buffer[],
    /** Min/max per 10 s bucket, for charts of wide windows (null for sparse chunks). */
    overview: [] as (Buffer | null)[],
  };
}

export async function writeEvents(
  client: pg.PoolClient,
  snapshotId: string,
  hostId: string,
  events: readonly HostEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const at: (string | null)[] = [];
  const uptime: (number | null)[] = [];
  for (const e of events) {
    if (typeof e.at === "number") {
      // dmesg without -T: seconds since boot, not a wall-clock time.
      at.push(null);
      uptime.push(e.at);
    } else {
      const ms = Date.parse(e.at);
      at.push(Number.isFinite(ms) ? new Date(ms).toISOString() : null);
      uptime.push(null);
    }
  }
  for (let off = 0; off < events.length; off += BATCH_ROWS) {
    const part = events.slice(off, off + BATCH_ROWS);
    await client.query(
      `INSERT INTO "HostEvent" ("snapshotId", "hostId", "at", "uptimeS", "kind", "message", "attrs")
       SELECT $1, $2, u.at, u.up, u.kind, u.message, u.attrs
       FROM unnest($3::timestamptz[], $4::float8[], $5::text[], $6::text[], $7::jsonb[]) AS u(at, up, kind, message, attrs)`,
      [
        snapshotId,
        hostId,
        at.slice(off, off + BATCH_ROWS),
        uptime.slice(off, off + BATCH_ROWS),
        part.map((e) => e.kind),
        part.map((e) => e.message.slice(0, 4000)),
        part.map((e) => JSON.stringify(e.attrs)),
      ],
    );
  }
  return events.length;
}
