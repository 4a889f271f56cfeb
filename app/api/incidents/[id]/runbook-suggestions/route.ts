import { runbookSuggestions } from "@/lib/db/runbooks";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

/** The team's runbooks whose finding rules match this incident's findings, best match first. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => ({
  runbooks: found(await runbookSuggestions(teamId, params.id), "No such incident"),
}));
