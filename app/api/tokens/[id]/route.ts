import { revokeApiToken } from "@/lib/db/api-tokens";
import { recordAudit } from "@/lib/db/audit";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

export const DELETE = sessionRoute({ params: idParams }, async ({ teamId, user, params }) => {
  found((await revokeApiToken(teamId, params.id)) || null, "No such token");
  await recordAudit({
    teamId,
    actorId: user.id,
    action: "token.revoke",
    targetType: "token",
    targetId: params.id,
  });
  return new Response(null, { status: 204 });
});
