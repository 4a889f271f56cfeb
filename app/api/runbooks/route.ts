import { createRunbook, searchRunbooks } from "@/lib/db/runbooks";
import { found } from "@/lib/http/errors";
import { json, sessionRoute } from "@/lib/http/route";
import { runbookDraftFromIncident } from "@/lib/investigation/postmortem";
import { runbookCreateSchema } from "@/lib/postmortem/schemas";
import { runbookListQuerySchema } from "@/lib/validation/runbook";

/** The library: `?q=` full-text (ranked), `?tag=` a tag or symptom, `?rule=` a finding rule. */
export const GET = sessionRoute({ query: runbookListQuerySchema }, async ({ teamId, query }) => ({
  runbooks: await searchRunbooks(teamId, query),
}));

/**
 * `{ fromIncidentId }` turns the incident's postmortem into a runbook (rules = its finding rules);
 * `{ title, markdown, symptoms?, rules?, tags? }` writes one by hand. Either way: version 1.
 */
export const POST = sessionRoute({ body: runbookCreateSchema }, async ({ teamId, user, body }) => {
  if ("fromIncidentId" in body) {
    const draft = found(
      await runbookDraftFromIncident(teamId, body.fromIncidentId),
      "No such incident",
    );
    const rb = found(
      await createRunbook(teamId, user.id, { ...draft, sourceIncidentId: body.fromIncidentId }),
      "No such incident",
    );
    return json(rb, { status: 201 });
  }
  return json(await createRunbook(teamId, user.id, body), { status: 201 });
});
