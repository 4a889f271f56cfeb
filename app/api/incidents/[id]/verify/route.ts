import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { verifyReport } from "@/lib/investigation/verify";

/** Before / after / baseline with a verdict per metric of the confirmed hypothesis and the symptom. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) =>
  found(await verifyReport(teamId, params.id), "No such incident"),
);
