import "server-only";
import type pg from "pg";
import { getPool } from "./pool";
import { notifyIncident } from "./notify";

/**
 * Who has an incident open. One row per browser tab (`connectionId`, made by the tab), kept fresh
 * by the tab's own heartbeat while the page is visible (lib/client/use-live-incident.ts). A tab
 * that is hidden or closed says so and its row goes at once; one that vanishes without a word
 * (crash, sleep, lost network) drops out when its heartbeat is older than the TTL. People are
 * counted once however many tabs they have open.
 */
export const PRESENCE_TTL_MS = 30_000;
/** How often a visible tab refreshes its row (a third of the TTL: two beats may be lost). */
export const PRESENCE_HEARTBEAT_MS = 10_000;

export interface PresentUser {
  id: string;
  name: string;
  email: string;
}

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const out = await work(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Marks the tab present (insert or refresh). The room hears of it only when the person was not
 * already shown: a new tab of someone already here, or a heartbeat, changes nothing for others.
 * A tab id taken by another user is left alone.
 */
export async function touchPresence(
  teamId: string,
  incidentId: string,
  userId: string,
  connectionId: string,
): Promise<void> {
  await inTransaction(async (client) => {
    const before = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "IncidentPresence"
        WHERE "incidentId" = $1 AND "userId" = $2
          AND "lastSeenAt" > now() - ($3::int * interval '1 millisecond')`,
      [incidentId, userId, PRESENCE_TTL_MS],
    );
    await client.query(
      `INSERT INTO "IncidentPresence" ("connectionId", "incidentId", "userId", "lastSeenAt")
       VALUES ($1, $2, $3, now())
       ON CONFLICT ("connectionId") DO UPDATE SET "lastSeenAt" = now(), "incidentId" = EXCLUDED."incidentId"
        WHERE "IncidentPresence"."userId" = EXCLUDED."userId"`,
      [connectionId, incidentId, userId],
    );
    if ((before.rows[0]?.n ?? 0) === 0)
      await notifyIncident(client, { teamId, incidentId, topics: ["presence"], actorId: userId });
  });
}

/** The tab is hidden, closed or disconnected: its row goes, and stale rows of anyone with it. */
export async function leaveIncident(
  teamId: string,
  incidentId: string,
  userId: string,
  connectionId: string,
): Promise<void> {
  await inTransaction(async (client) => {
    const gone = await client.query(
      `DELETE FROM "IncidentPresence" WHERE "connectionId" = $1 AND "userId" = $2`,
      [connectionId, userId],
    );
    await client.query(
      `DELETE FROM "IncidentPresence" WHERE "lastSeenAt" < now() - ($1::int * interval '1 millisecond')`,
      [PRESENCE_TTL_MS * 2],
    );
    if ((gone.rowCount ?? 0) > 0)
      await notifyIncident(client, { teamId, incidentId, topics: ["presence"], actorId: userId });
  });
}

/** People with the incident open now, once each (team-scoped through the incident). */
export async function presentUsers(teamId: string, incidentId: string): Promise<PresentUser[]> {
  const r = await getPool().query<PresentUser>(
    `SELECT DISTINCT u.id, u.name, u.email
       FROM "IncidentPresence" p
       JOIN "Incident" i ON i.id = p."incidentId" AND i."teamId" = $1
       JOIN "User" u ON u.id = p."userId"
      WHERE p."incidentId" = $2 AND p."lastSeenAt" > now() - ($3::int * interval '1 millisecond')
      ORDER BY u.name`,
    [teamId, incidentId, PRESENCE_TTL_MS],
  );
  return r.rows;
}
