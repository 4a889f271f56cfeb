import { getParticipants, setParticipants } from "@/lib/db/participants";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { participantsSchema } from "@/lib/validation/participants";

/** The incident's commander, scribe and responders. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) =>
  found(await getParticipants(teamId, params.id), "No such incident"),
);

/**
 * `{ scribeId, responderIds, commanderId? }`: members of the team only; each change goes on the
 * timeline ("Ana is now scribe") and reaches every open page of the incident.
 */
export const PUT = sessionRoute(
  { params: idParams, body: participantsSchema },
  async ({ teamId, user, params, body }) =>
    found(await setParticipants(teamId, params.id, user.id, body), "No such incident"),
);
