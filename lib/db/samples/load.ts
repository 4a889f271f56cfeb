import "server-only";
import type { HostEvent, Series } from "@/lib/snapshot/types";
import type { EventKind } from "@/lib/snapshot/types";
import { getPool } from "../pool";
import { decodeChunk } from "./codec";

/**
 * Whole series of some snapshots, back in the parsers' columnar shape (epoch ms), for the analysis
 * engine. Team scoping is the caller's: pass snapshot ids it has already checked.
 */
export async function loadSnapshotSeries(snapshotIds: readonly string[]): Promise<Series[]> {
  if (snapshotIds.length === 0) return [];
  const pool = getPool();
  const meta = await pool.query<{
    id: string;
    metric: string;
    labels: Record<string, string>;
    unit: string;
    sinceBoot: number | null;
    pointCount: number;
  }>(
    `SELECT id::text, metric, labels, unit, "sinceBoot", "pointCount" FROM "Series" WHERE "snapshotId" = ANY($1::text[]) ORDER BY id`,
    [snapshotIds],
  );
  const byId = new Map<string, Series>();
  for (const m of meta.rows) {
    const s: Series = { metric: m.metric, labels: m.labels, unit: m.unit, times: [], values: [] };
    if (m.sinceBoot !== null) s.sinceBoot = m.sinceBoot;
    byId.set(m.id, s);
  }
  const chunks = await pool.query<{ seriesId: string; data: Buffer }>(
    `SELECT c."seriesId"::text AS "seriesId", c.data FROM "SampleChunk" c JOIN "Series" s ON s.id = c."seriesId"
      WHERE s."snapshotId" = ANY($1::text[]) ORDER BY c."seriesId", c."startAt"`,
    [snapshotIds],
  );
  for (const row of chunks.rows) {
    const s = byId.get(row.seriesId);
    if (!s) continue;
    const { times, values } = decodeChunk(row.data);
    for (let i = 0; i < times.length; i++) {
      s.times.push(times[i] ?? 0);
      s.values.push(values[i] ?? 0);
    }
  }
  return [...byId.values()];
}

export async function loadSnapshotEvents(snapshotIds: readonly string[]): Promise<HostEvent[]> {
  if (snapshotIds.length === 0) return [];
  const r = await getPool().query<{
    at: Date | null;
    uptimeS: number | null;
    kind: string;
    message: string;
    attrs: Record<string, string | number>;
  }>(
    `SELECT "at", "uptimeS", kind, message, attrs FROM "HostEvent" WHERE "snapshotId" = ANY($1::text[]) ORDER BY "at" NULLS LAST, "uptimeS", id`,
    [snapshotIds],
  );
  return r.rows.map((e) => ({
    at: e.at ? e.at.toISOString() : (e.uptimeS ?? 0),
    kind: e.kind as EventKind,
    message: e.message,
    attrs: e.attrs,
  }));
}
