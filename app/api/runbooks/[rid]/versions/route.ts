import { z } from "zod";
import { listRunbookVersions } from "@/lib/db/runbooks";
import { found } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";

const params = z.object({ rid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** The runbook's saved versions, newest first (who saved each, and when). */
export const GET = sessionRoute({ params }, async ({ teamId, params: p }) => ({
  versions: found(await listRunbookVersions(teamId, p.rid), "No such runbook"),
}));
