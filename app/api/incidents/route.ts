import { createIncident, listIncidents } from "@/lib/db/incidents";
import { json, sessionRoute } from "@/lib/http/route";
import { incidentCreateSchema, incidentListQuerySchema } from "@/lib/validation/incident";

export const GET = sessionRoute({ query: incidentListQuerySchema }, async ({ teamId, query }) => ({
  incidents: await listIncidents(teamId, query),
}));

export const POST = sessionRoute({ body: incidentCreateSchema }, async ({ teamId, user, body }) =>
  json(await createIncident(teamId, user.id, body), { status: 201 }),
);
