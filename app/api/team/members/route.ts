import { hashPassword } from "@/lib/auth/password";
import { addMember, listMembers } from "@/lib/db/members";
import { json, sessionRoute } from "@/lib/http/route";
import { memberAddSchema } from "@/lib/validation/team";

export const GET = sessionRoute({}, async ({ teamId }) => ({ members: await listMembers(teamId) }));

export const POST = sessionRoute(
  { body: memberAddSchema, role: "owner" },
  async ({ teamId, user, body }) => {
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    const member = await addMember(teamId, user.id, { ...body, passwordHash });
    return json(member, { status: 201 });
  },
);
