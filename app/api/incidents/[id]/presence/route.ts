import { getIncident } from "@/lib/db/incidents";
import { presentUsers } from "@/lib/db/presence";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

/** Who has this incident open now. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { users: await presentUsers(teamId, params.id) };
});
