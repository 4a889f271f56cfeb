import { listIncidentEvents } from "@/lib/db/host-events";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

/** Kernel and system events of the incident's snapshots, for chart markers and the timeline. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { events: await listIncidentEvents(teamId, params.id) };
});
