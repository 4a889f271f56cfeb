import { z } from "zod";
import { updateActionItem } from "@/lib/db/action-items";
import { found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { actionItemUpdateSchema } from "@/lib/postmortem/schemas";

const params = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  aid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** Changes an action item's status, title, owner or due date. */
export const PATCH = sessionRoute(
  { params, body: actionItemUpdateSchema },
  async ({ teamId, user, params: p, body }) =>
    found(await updateActionItem(teamId, p.id, p.aid, user.id, body), "No such action item"),
);
