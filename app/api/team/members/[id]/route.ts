import { removeMember, setMemberRole } from "@/lib/db/members";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { memberUpdateSchema } from "@/lib/validation/team";

export const PATCH = sessionRoute(
  { params: idParams, body: memberUpdateSchema, role: "owner" },
  async ({ teamId, user, params, body }) => {
    const m = found(await setMemberRole(teamId, user.id, params.id, body.role), "No such member");
    return { id: m.id, role: m.role };
  },
);

export const DELETE = sessionRoute(
  { params: idParams, role: "owner" },
  async ({ teamId, user, params }) => {
    found((await removeMember(teamId, user.id, params.id)) || null, "No such member");
    return new Response(null, { status: 204 });
  },
);
