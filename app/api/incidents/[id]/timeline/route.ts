import { z } from "zod";
import { getIncident } from "@/lib/db/incidents";
import { addNote, listTimeline } from "@/lib/db/timeline";
import { found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { timelineNoteSchema } from "@/lib/validation/workflow";

const query = z.object({
  kind: z
    .string()
    .max(200)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .map((k) => k.trim())
            .filter(Boolean)
        : undefined,
    ),
});

export const GET = sessionRoute(
  { params: idParams, query },
  async ({ teamId, params, query: q }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    return { entries: await listTimeline(teamId, params.id, q.kind) };
  },
);

export const POST = sessionRoute(
  { params: idParams, body: timelineNoteSchema },
  async ({ teamId, user, params, body }) =>
    json(found(await addNote(teamId, params.id, user.id, body), "No such incident"), {
      status: 201,
    }),
);
