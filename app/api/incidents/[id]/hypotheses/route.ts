import { createHypothesis, listHypotheses } from "@/lib/db/hypotheses";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { hypothesisCreateSchema } from "@/lib/validation/workflow";

export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { hypotheses: await listHypotheses(teamId, params.id) };
});

export const POST = sessionRoute(
  { params: idParams, body: hypothesisCreateSchema },
  async ({ teamId, user, params, body }) =>
    json(found(await createHypothesis(teamId, params.id, user.id, body), "No such incident"), {
      status: 201,
    }),
);
