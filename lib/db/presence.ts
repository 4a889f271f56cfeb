import "server-only";
import { getPool } from "./pool";
import { notifyIncident } from "./notify";

/** A page counts as present while its heartbeat is younger than this. */
export const PRESENCE_TTL_MS = 45_000;

export async function joinIncident(
  teamId: string,
  incidentId: string,
  userId: string,
  connectionId: string,
): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "IncidentPresence" ("connectionId", "incidentId", "userId", "lastSeenAt") VALUES ($1, $2, $3, now())
       ON CONFLICT ("connectionId") DO UPDATE SET "lastSeenAt" = now()`,
      [connectionId, incidentId, userId],
    );
    await notifyIncident(client, { teamId, incidentId, topics: ["presence"], actorId: userId });
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function heartbeat(connectionId: string): Promise<void> {
  await getPool().query(
    `UPDATE "IncidentPresence" SET "lastSeenAt" = now() WHERE "connectionId" = $1`,
    [connectionId],
  );
}

export async function leaveIncident(
  teamId: string,
  incidentId: string,
  userId: string,
  connectionId: string,
): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "IncidentPresence" WHERE "connectionId" = $1`, [connectionId]);
    // Stale rows of crashed servers go too.
    await client.query(
      `DELETE FROM "IncidentPresence" WHERE "lastSeenAt" < now() - interval '1 minute'`,
    );
    await notifyIncident(client, { teamId, incidentId, topics: ["presence"], actorId: userId });
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface PresentUser {
  id: string;
  name: string;
  email: string;
}

/** People with the incident open now (team-scoped through the incident). */
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
