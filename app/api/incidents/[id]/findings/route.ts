import { getIncident } from "@/lib/db/incidents";
import { listFindings } from "@/lib/db/findings";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { refreshFindings } from "@/lib/investigation/findings";

/** The incident's stored findings, most important first. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { findings: await listFindings(teamId, params.id) };
});

/** Recomputes the findings from the incident's snapshots now. */
export const POST = sessionRoute({ params: idParams }, async ({ teamId, user, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  await refreshFindings(teamId, params.id, user.id);
  return { findings: await listFindings(teamId, params.id) };
});
