import { z } from "zod";
import { updateHypothesis } from "@/lib/db/hypotheses";
import { found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { hypothesisUpdateSchema } from "@/lib/validation/workflow";

const params = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  hid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** Reword, link evidence, or mark testing / confirmed / refuted (each change goes on the timeline). */
export const PATCH = sessionRoute(
  { params, body: hypothesisUpdateSchema },
  async ({ teamId, user, params: p, body }) =>
    found(await updateHypothesis(teamId, p.id, p.hid, user.id, body), "No such hypothesis"),
);
