/**
 * What changed in an incident, as broadcast to every open page of it. Small on purpose (PostgreSQL
 * NOTIFY payloads stay far below 8 kB): pages refetch what the `topic` names.
 */
export const INCIDENT_CHANNEL = "warroom_incident";

export const TOPICS = [
  "incident",
  "timeline",
  "snapshots",
  "findings",
  "hypotheses",
  "fixes",
  "postmortem",
  "presence",
  "actions",
  "participants",
] as const;
export type Topic = (typeof TOPICS)[number];

export interface IncidentChange {
  incidentId: string;
  teamId: string;
  topics: Topic[];
  /** Who did it (user id), when known: a page can skip its own echo if it wants. */
  actorId?: string;
  at: string;
}
