import { recordAudit } from "@/lib/db/audit";
import { createTeam } from "@/lib/db/teams";
import { json, sessionRoute } from "@/lib/http/route";
import { teamCreateSchema } from "@/lib/validation/team";

export const GET = sessionRoute({}, ({ teams, teamId }) =>
  Promise.resolve({
    current: teamId,
    teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, slug: t.teamSlug, role: t.role })),
  }),
);

/** Any member may start a new team; they become its owner. */
export const POST = sessionRoute(
  { body: teamCreateSchema, role: "viewer" },
  async ({ user, body }) => {
    const team = await createTeam(body.name, user.id);
    await recordAudit({
      teamId: team.id,
      actorId: user.id,
      action: "team.create",
      targetType: "team",
      targetId: team.id,
    });
    return json({ id: team.id, name: team.name, slug: team.slug, role: "owner" }, { status: 201 });
  },
);
