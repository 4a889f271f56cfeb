/**
 * All-or-nothing check of stored snapshots: every Snapshot row has its raw blob, and its counts
 * match what is stored under it (series rows, samples in chunks, events). A half-written snapshot
 * (a crash or an error mid-transaction that was committed anyway) shows up here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export interface IntegrityReport {
  snapshots: number;
  /** One line per broken snapshot; empty when all are whole. */
  problems: string[];
}

export async function snapshotIntegrity(databaseUrl: string): Promise<IntegrityReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{
      id: string;
      blob: boolean;
      blob_bytes: number | null;
      size: number;
      series_count: number;
      series: number;
      point_count: number;
      points: string;
      event_count: number;
      events: number;
      bad_chunks: number;
    }>(`
      SELECT s."id",
             b."snapshotId" IS NOT NULL AS blob,
             octet_length(b."data") AS blob_bytes,
             s."sizeBytes" AS size,
             s."seriesCount" AS series_count,
             (SELECT count(*)::int FROM "Series" x WHERE x."snapshotId" = s."id") AS series,
             s."pointCount" AS point_count,
             (SELECT COALESCE(sum(c."count"), 0)::text FROM "SampleChunk" c
                JOIN "Series" x ON x."id" = c."seriesId" WHERE x."snapshotId" = s."id") AS points,
             s."eventCount" AS event_count,
             (SELECT count(*)::int FROM "HostEvent" e WHERE e."snapshotId" = s."id") AS events,
             (SELECT count(*)::int FROM "Series" x WHERE x."snapshotId" = s."id"
                AND x."pointCount" <> (SELECT COALESCE(sum(c."count"), 0) FROM "SampleChunk" c WHERE c."seriesId" = x."id")) AS bad_chunks
        FROM "Snapshot" s LEFT JOIN "SnapshotBlob" b ON b."snapshotId" = s."id"`);
    const problems: string[] = [];
    for (const s of r.rows) {
      const why: string[] = [];
      if (!s.blob) why.push("no blob");
      else if (s.blob_bytes !== s.size) why.push(`blob ${s.blob_bytes} B, sizeBytes ${s.size}`);
      if (s.series !== s.series_count)
        why.push(`${s.series} series, seriesCount ${s.series_count}`);
      if (Number(s.points) !== s.point_count)
        why.push(`${s.points} samples in chunks, pointCount ${s.point_count}`);
      if (s.events !== s.event_count) why.push(`${s.events} events, eventCount ${s.event_count}`);
      if (s.bad_chunks > 0) why.push(`${s.bad_chunks} series whose chunks miss samples`);
      if (why.length > 0) problems.push(`snapshot ${s.id}: ${why.join(", ")}`);
    }
    return { snapshots: r.rows.length, problems };
  } finally {
    await client.end();
  }
}

/**
 * The postgresql:// URL of the embedded cluster of a running server's data dir (credentials file
 * and the port in postmaster.pid), for checks from outside the server.
 */
export function embeddedDatabaseUrl(dataDir: string): string {
  const creds = JSON.parse(
    readFileSync(path.join(dataDir, "postgres-credentials.json"), "utf8"),
  ) as { user: string; password: string };
  const port = Number(
    readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[3],
  );
  return `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/warroom`;
}
