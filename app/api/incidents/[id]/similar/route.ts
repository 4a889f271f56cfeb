import { similarIncidents } from "@/lib/db/similar";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

/**
 * Past incidents of the team most like this one by what happened on the hosts: the same finding
 * rules, metrics, domains and hosts (weighted Jaccard, lib/workflow/similarity.ts), best first.
 */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => ({
  incidents: found(await similarIncidents(teamId, params.id), "No such incident"),
}));
