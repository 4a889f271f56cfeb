import { listFixes, recordFix } from "@/lib/db/fixes";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { fixCreateSchema } from "@/lib/validation/workflow";

export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { fixes: await listFixes(teamId, params.id) };
});

export const POST = sessionRoute(
  { params: idParams, body: fixCreateSchema },
  async ({ teamId, user, params, body }) =>
    json(
      found(await recordFix(teamId, params.id, user.id, body), "No such incident or hypothesis"),
      { status: 201 },
    ),
);
