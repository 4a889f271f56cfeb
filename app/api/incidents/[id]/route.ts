import { getIncident, updateIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { incidentUpdateSchema } from "@/lib/validation/incident";

export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) =>
  found(await getIncident(teamId, params.id), "No such incident"),
);

export const PATCH = sessionRoute(
  { params: idParams, body: incidentUpdateSchema },
  async ({ teamId, user, params, body }) =>
    found(await updateIncident(teamId, user.id, params.id, body), "No such incident"),
);
