import { z } from "zod";
import { deleteActionItem, updateTeamActionItem } from "@/lib/db/action-items";
import { found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { actionItemUpdateSchema } from "@/lib/postmortem/schemas";

const params = z.object({ aid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** Changes an action item of the team: status, title, owner (a member) or due date. */
export const PATCH = sessionRoute(
  { params, body: actionItemUpdateSchema },
  async ({ teamId, user, params: p, body }) =>
    found(await updateTeamActionItem(teamId, p.aid, user.id, body), "No such action item"),
);

/** Deletes it (audited). */
export const DELETE = sessionRoute({ params }, async ({ teamId, user, params: p }) => {
  found((await deleteActionItem(teamId, p.aid, user.id)) || null, "No such action item");
  return new Response(null, { status: 204 });
});
