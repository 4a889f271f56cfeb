import { z } from "zod";
import { savePostmortemVersion } from "@/lib/db/postmortems";
import { AppError, found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { postmortemView } from "@/lib/investigation/postmortem";
import { postmortemSaveSchema } from "@/lib/validation/workflow";

const query = z.object({ version: z.coerce.number().int().min(1).optional() });

/** `{ latest, versions, draft }`; `?version=N` adds `selected`. */
export const GET = sessionRoute({ params: idParams, query }, async ({ teamId, params, query: q }) =>
  found(await postmortemView(teamId, params.id, q.version), "No such incident"),
);

/** Saves a new version on top of `baseVersion`; 409 when someone saved meanwhile. */
export const POST = sessionRoute(
  { params: idParams, body: postmortemSaveSchema },
  async ({ teamId, user, params, body }) => {
    const r = found(
      await savePostmortemVersion(teamId, params.id, user.id, body),
      "No such incident",
    );
    if (r.kind === "conflict") {
      const who = r.latest.author?.name ?? "someone";
      throw new AppError(
        "conflict",
        `${who} saved version ${r.latest.version} meanwhile; your edit started from version ${body.baseVersion}. Load their version, or save yours on top of it.`,
      );
    }
    return json(r.version, { status: 201 });
  },
);
