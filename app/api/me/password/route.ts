import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/db/audit";
import { findPasswordHash, setPasswordHash } from "@/lib/db/users";
import { AppError } from "@/lib/http/errors";
import { sessionRoute } from "@/lib/http/route";
import { passwordChangeSchema } from "@/lib/validation/team";

/** Changing one's own password is allowed to every role. */
export const PUT = sessionRoute(
  { body: passwordChangeSchema, role: "viewer" },
  async ({ user, teamId, body }) => {
    const current = await findPasswordHash(user.id);
    if (!current || !(await verifyPassword(current, body.currentPassword))) {
      throw new AppError("bad_request", "currentPassword: does not match");
    }
    await setPasswordHash(user.id, await hashPassword(body.newPassword));
    await recordAudit({
      teamId,
      actorId: user.id,
      action: "auth.password_change",
      targetType: "user",
      targetId: user.id,
    });
    return new Response(null, { status: 204 });
  },
);
