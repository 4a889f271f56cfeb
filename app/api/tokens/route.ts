import { issueApiToken } from "@/lib/auth/api-tokens";
import { listApiTokens } from "@/lib/db/api-tokens";
import { recordAudit } from "@/lib/db/audit";
import { json, sessionRoute } from "@/lib/http/route";
import { tokenCreateSchema } from "@/lib/validation/token";

export const GET = sessionRoute({}, async ({ teamId }) => ({
  tokens: await listApiTokens(teamId),
}));

/** Answers the secret once; only its hash is kept. */
export const POST = sessionRoute({ body: tokenCreateSchema }, async ({ teamId, user, body }) => {
  const { token, secret } = await issueApiToken(teamId, user.id, body.name);
  await recordAudit({
    teamId,
    actorId: user.id,
    action: "token.create",
    targetType: "token",
    targetId: token.id,
  });
  return json({ ...token, secret }, { status: 201 });
});
