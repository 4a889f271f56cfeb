import "server-only";
import type pg from "pg";
import type { ParseDocument } from "@/lib/snapshot/bundle";
import type { HostInfo } from "@/lib/snapshot/types";
import { db } from "./client";
import { newId } from "./ids";
import { notifyIncident } from "./notify";
import { writeEvents, writeSeries } from "./samples/writer";
import type { SnapshotListItem, SnapshotRole } from "./snapshot-view";

export type { SnapshotListItem, SnapshotRole };

export interface StoredSnapshotSummary {
  snapshotId: string;
  host: { id: string; hostname: string };
  counts: { series: number; points: number; events: number };
  warnings: string[];
  inputs: ParseDocument["inputs"];
}

export async function findSnapshotBySha(
  teamId: string,
  sha256: string,
): Promise<StoredSnapshotSummary | null> {
  const s = await db.snapshot.findUnique({
    where: { teamId_sha256: { teamId, sha256 } },
    include: { host: { select: { id: true, hostname: true } } },
  });
  if (!s) return null;
  return {
    snapshotId: s.id,
    host: s.host,
    counts: { series: s.seriesCount, points: s.pointCount, events: s.eventCount },
    warnings: s.warnings as string[],
    inputs: s.inputs as unknown as ParseDocument["inputs"], // written by insertSnapshotRows from this type
  };
}

/** Links an existing snapshot of the team to an incident of the team (idempotent). */
export async function attachSnapshotToIncident(
  teamId: string,
  incidentId: string,
  snapshotId: string,
  role: SnapshotRole,
  actorId?: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const [incident, snapshot] = await Promise.all([
      tx.incident.findFirst({ where: { id: incidentId, teamId }, select: { id: true } }),
      tx.snapshot.findFirst({
        where: { id: snapshotId, teamId },
        include: { host: { select: { hostname: true } } },
      }),
    ]);
    if (!incident || !snapshot) return;
    const existing = await tx.incidentSnapshot.findUnique({
      where: { incidentId_snapshotId: { incidentId, snapshotId } },
    });
    if (existing?.role === role) return;
    await tx.incidentSnapshot.upsert({
      where: { incidentId_snapshotId: { incidentId, snapshotId } },
      create: { incidentId, snapshotId, role },
      update: { role },
    });
    await tx.timelineEntry.create({
      data: {
        incidentId,
        kind: "snapshot",
        message: `Snapshot of ${snapshot.host.hostname} used as ${role}`,
        authorId: actorId ?? null,
        data: { snapshotId, role },
      },
    });
    await notifyIncident(tx, { teamId, incidentId, topics: ["snapshots", "timeline"], actorId });
  });
}

export interface SnapshotWrite {
  teamId: string;
  sha256: string;
  bytes: Uint8Array;
  format: "bundle" | "text";
  tool: string | null;
  fileName: string | null;
  host: HostInfo & { hostname: string };
  doc: ParseDocument;
  /** Capture start from a bundle manifest: the anchor of relative times. */
  captureStart?: string;
  incidentId?: string;
  role?: SnapshotRole;
  uploadedById?: string;
  tokenId?: string;
}

export interface SnapshotWriteResult {
  snapshotId: string;
  /** Set when the same bytes were committed concurrently: nothing was written. */
  duplicateOf?: true;
  host: { id: string; hostname: string };
  counts: { series: number; points: number; events: number };
}

/** Where relative times (seconds since the capture started) are placed on the clock. */
function anchorOf(
  w: SnapshotWrite,
  receivedMs: number,
): { anchorMs: number; kind: "absolute" | "estimated" } {
  const start = w.captureStart ? Date.parse(w.captureStart) : NaN;
  const relative = w.doc.series.filter((s) => s.relative);
  if (Number.isFinite(start)) return { anchorMs: start, kind: "absolute" };
  if (relative.length === 0) return { anchorMs: receivedMs, kind: "absolute" };
  // Without a known start, assume the capture ended when it was uploaded.
  const longest = Math.max(0, ...relative.map((s) => s.times[s.times.length - 1] ?? 0));
  return { anchorMs: receivedMs - longest, kind: "estimated" };
}

/**
 * Writes a parsed snapshot in one transaction: the host (created on first sight, facts refreshed),
 * the snapshot row, its raw bytes, series and sample chunks, events, and the incident link.
 * Either all of it is committed or none.
 */
export async function insertSnapshotRows(
  pool: pg.Pool,
  w: SnapshotWrite,
): Promise<SnapshotWriteResult> {
  const receivedMs = Date.now();
  const anchor = anchorOf(w, receivedMs);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const host = await client.query<{ id: string; hostname: string }>(
      `INSERT INTO "Host" ("id", "teamId", "hostname", "kernel", "os", "nCpu", "memoryBytes", "environment", "virtualization", "firstSeenAt", "lastSeenAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"Environment", $9, now(), now())
       ON CONFLICT ("teamId", "hostname") DO UPDATE SET
         "kernel" = COALESCE(EXCLUDED."kernel", "Host"."kernel"),
         "os" = COALESCE(EXCLUDED."os", "Host"."os"),
         "nCpu" = COALESCE(EXCLUDED."nCpu", "Host"."nCpu"),
         "memoryBytes" = COALESCE(EXCLUDED."memoryBytes", "Host"."memoryBytes"),
         "environment" = COALESCE(EXCLUDED."environment", "Host"."environment"),
         "virtualization" = COALESCE(EXCLUDED."virtualization", "Host"."virtualization"),
         "lastSeenAt" = now()
       RETURNING "id", "hostname"`,
      [
        newId(),
        w.teamId,
        w.host.hostname,
        w.host.kernel ?? null,
        w.host.os ?? null,
        w.host.nCpu ?? null,
        w.host.memoryBytes === undefined ? null : String(Math.round(w.host.memoryBytes)),
        // Raw SQL takes the database's enum labels, which are the API names (`bare-metal`).
        w.host.environment ?? null,
        w.host.virtualization ?? null,
      ],
    );
    const hostRow = host.rows[0];
    if (!hostRow) throw new Error("host upsert returned nothing");
    const snapshotId = newId();
    const inserted = await client.query(
      `INSERT INTO "Snapshot" ("id", "teamId", "hostId", "sha256", "sizeBytes", "format", "tool", "fileName", "timeAnchor",
                               "seriesCount", "pointCount", "eventCount", "inputs", "warnings", "uploadedById", "tokenId")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, $10, $11, $12, $13)
       ON CONFLICT ("teamId", "sha256") DO NOTHING RETURNING "id"`,
      [
        snapshotId,
        w.teamId,
        hostRow.id,
        w.sha256,
        w.bytes.byteLength,
        w.format,
        w.tool,
        w.fileName,
        anchor.kind,
        JSON.stringify(w.doc.inputs),
        JSON.stringify(w.doc.warnings),
        w.uploadedById ?? null,
        w.tokenId ?? null,
      ],
    );
    if (inserted.rowCount === 0) {
      await client.query("ROLLBACK");
      return {
        snapshotId: "",
        duplicateOf: true,
        host: hostRow,
        counts: { series: 0, points: 0, events: 0 },
      };
    }
    // The raw bytes, so the snapshot can be parsed again when the parsers improve.
    await client.query(`INSERT INTO "SnapshotBlob" ("snapshotId", "data") VALUES ($1, $2)`, [
      snapshotId,
      Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength),
    ]);
    const series = await writeSeries(client, snapshotId, hostRow.id, w.doc.series, anchor.anchorMs);
    const events = await writeEvents(client, snapshotId, hostRow.id, w.doc.events);
    await client.query(
      `UPDATE "Snapshot" SET "seriesCount" = $2, "pointCount" = $3, "eventCount" = $4, "capturedFrom" = $5, "capturedTo" = $6 WHERE "id" = $1`,
      [
        snapshotId,
        series.series,
        series.points,
        events,
        series.firstMs === null ? null : new Date(series.firstMs).toISOString(),
        series.lastMs === null ? null : new Date(series.lastMs).toISOString(),
      ],
    );
    if (w.incidentId && w.role) {
      await client.query(
        `INSERT INTO "IncidentSnapshot" ("incidentId", "snapshotId", "role", "addedAt") VALUES ($1, $2, $3::"SnapshotRole", now())`,
        [w.incidentId, snapshotId, w.role],
      );
      await client.query(
        `INSERT INTO "TimelineEntry" ("id", "incidentId", "kind", "message", "at", "authorId", "data", "createdAt")
         VALUES ($1, $2, 'snapshot', $3, now(), $4, $5, now())`,
        [
          newId(),
          w.incidentId,
          `Snapshot of ${hostRow.hostname} uploaded as ${w.role} (${series.series} series, ${events} events)`,
          w.uploadedById ?? null,
          JSON.stringify({ snapshotId, role: w.role }),
        ],
      );
      await notifyIncident(client, {
        teamId: w.teamId,
        incidentId: w.incidentId,
        topics: ["snapshots", "timeline"],
        actorId: w.uploadedById,
      });
    }
    await client.query("COMMIT");
    return {
      snapshotId,
      host: hostRow,
      counts: { series: series.series, points: series.points, events },
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function listIncidentSnapshots(
  teamId: string,
  incidentId: string,
): Promise<SnapshotListItem[]> {
  const rows = await db.incidentSnapshot.findMany({
    where: { incidentId, incident: { teamId }, snapshot: { teamId } },
    include: {
      snapshot: {
        include: { host: { select: { id: true, hostname: true, environment: true, nCpu: true } } },
      },
    },
    orderBy: { addedAt: "asc" },
  });
  return rows.map(({ role, snapshot: s }) => ({
    id: s.id,
    role,
    host: {
      id: s.host.id,
      hostname: s.host.hostname,
      environment: s.host.environment === "bare_metal" ? "bare-metal" : s.host.environment,
      nCpu: s.host.nCpu,
    },
    format: s.format,
    tool: s.tool,
    fileName: s.fileName,
    sizeBytes: s.sizeBytes,
    capturedFrom: s.capturedFrom?.toISOString() ?? null,
    capturedTo: s.capturedTo?.toISOString() ?? null,
    timeAnchor: s.timeAnchor,
    counts: { series: s.seriesCount, points: s.pointCount, events: s.eventCount },
    warnings: s.warnings as string[],
    inputs: s.inputs as unknown as ParseDocument["inputs"], // written by insertSnapshotRows from this type
    createdAt: s.createdAt.toISOString(),
  }));
}
