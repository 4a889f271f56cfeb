import { z } from "zod";
import { deleteRunbook, getRunbookVersion, updateRunbook } from "@/lib/db/runbooks";
import { AppError, found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { runbookUpdateSchema, runbookVersionQuerySchema } from "@/lib/validation/runbook";

const params = z.object({ rid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** The runbook with its current Markdown, or `?version=N` for an earlier one. */
export const GET = sessionRoute(
  { params, query: runbookVersionQuerySchema },
  async ({ teamId, params: p, query }) =>
    found(await getRunbookVersion(teamId, p.rid, query.version), "No such runbook"),
);

/** Saves an edit as a new version; 409 when someone saved since `baseVersion`. */
export const PUT = sessionRoute(
  { params, body: runbookUpdateSchema },
  async ({ teamId, user, params: p, body }) => {
    const r = found(await updateRunbook(teamId, p.rid, user.id, body), "No such runbook");
    if (r.kind === "conflict")
      throw new AppError(
        "conflict",
        `Someone saved version ${r.currentVersion} while you were editing version ${body.baseVersion}; reload it and apply your change again`,
      );
    return r.runbook;
  },
);

/** Deletes the runbook and its versions (audited). */
export const DELETE = sessionRoute({ params }, async ({ teamId, user, params: p }) => {
  found((await deleteRunbook(teamId, p.rid, user.id)) || null, "No such runbook");
  return new Response(null, { status: 204 });
});
