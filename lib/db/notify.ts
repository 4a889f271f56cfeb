import "server-only";
import { INCIDENT_CHANNEL, type IncidentChange, type Topic } from "@/lib/realtime/channel";

/**
 * Announces a change to everyone watching the incident. Call it inside the transaction that makes
 * the change: PostgreSQL delivers NOTIFY only when that transaction commits, so listeners never
 * hear of a change that was rolled back, and every app server behind a load balancer hears it.
 */
export async function notifyIncident(
  client:
    | { query: (sql: string, params: unknown[]) => Promise<unknown> }
    | { $executeRawUnsafe: (sql: string, ...params: unknown[]) => Promise<unknown> },
  change: { incidentId: string; teamId: string; topics: Topic[]; actorId?: string | null },
): Promise<void> {
  const payload: IncidentChange = {
    incidentId: change.incidentId,
    teamId: change.teamId,
    topics: change.topics,
    at: new Date().toISOString(),
    ...(change.actorId ? { actorId: change.actorId } : {}),
  };
  const text = JSON.stringify(payload);
  if ("query" in client) await client.query("SELECT pg_notify($1, $2)", [INCIDENT_CHANNEL, text]);
  else await client.$executeRawUnsafe("SELECT pg_notify($1, $2)", INCIDENT_CHANNEL, text);
}
