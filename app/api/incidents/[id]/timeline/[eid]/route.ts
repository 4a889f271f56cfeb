import { z } from "zod";
import { editEntry } from "@/lib/db/timeline";
import { found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { timelineEditSchema } from "@/lib/validation/workflow";

const params = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  eid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** Corrects an entry's time or text. */
export const PATCH = sessionRoute(
  { params, body: timelineEditSchema },
  async ({ teamId, user, params: p, body }) =>
    found(await editEntry(teamId, p.id, p.eid, user.id, body), "No such timeline entry"),
);
