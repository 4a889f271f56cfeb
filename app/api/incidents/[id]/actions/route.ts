import { createActionItem, listActionItems } from "@/lib/db/action-items";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { actionItemCreateSchema } from "@/lib/postmortem/schemas";

export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { actionItems: await listActionItems(teamId, params.id) };
});

/** `{ title, ownerId?, dueDate? }`: the owner must be a member of the team. */
export const POST = sessionRoute(
  { params: idParams, body: actionItemCreateSchema },
  async ({ teamId, user, params, body }) =>
    json(found(await createActionItem(teamId, params.id, user.id, body), "No such incident"), {
      status: 201,
    }),
);
