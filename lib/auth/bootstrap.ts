import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { hashPassword } from "./password";

export const DEFAULT_ADMIN_EMAIL = "admin@warroom.local";

export type BootstrapResult =
  | { kind: "env-admin"; email: string; created: boolean }
  | { kind: "generated-admin"; email: string; password: string }
  | { kind: "existing" };

async function ensureOwnerOfATeam(userId: string): Promise<void> {
  const membership = await db.membership.findFirst({ where: { userId } });
  if (membership) return;
  const team =
    (await db.team.findFirst({ orderBy: { createdAt: "asc" } })) ??
    (await db.team.create({ data: { name: "Operations", slug: "operations" } }));
  await db.membership.create({ data: { teamId: team.id, userId, role: "owner" } });
}

/**
 * The first admin. With WARROOM_ADMIN_EMAIL and WARROOM_ADMIN_PASSWORD the account is created, or
 * its password reset (the way back in when the password is lost). Without them, the first start
 * of an empty database creates `admin@warroom.local` with a random password, returned once so the
 * start script can print it; later starts leave existing accounts alone.
 */
export async function bootstrapAdmin(env: {
  email?: string;
  password?: string;
}): Promise<BootstrapResult> {
  if (env.email && env.password) {
    const email = env.email.trim().toLowerCase();
    const passwordHash = await hashPassword(env.password);
    const existing = await db.user.findUnique({ where: { email } });
    const user = existing
      ? await db.user.update({
          where: { id: existing.id },
          data: { passwordHash, disabledAt: null },
        })
      : await db.user.create({ data: { email, name: "Administrator", passwordHash } });
    await ensureOwnerOfATeam(user.id);
    await recordAudit({
      actorId: user.id,
      action: existing ? "auth.admin_password_reset" : "auth.admin_created",
      targetType: "user",
      targetId: user.id,
    });
    return { kind: "env-admin", email, created: !existing };
  }
  if ((await db.user.count()) > 0) return { kind: "existing" };
  const password = randomBytes(12).toString("base64url");
  const user = await db.user.create({
    data: {
      email: DEFAULT_ADMIN_EMAIL,
      name: "Administrator",
      passwordHash: await hashPassword(password),
    },
  });
  await ensureOwnerOfATeam(user.id);
  await recordAudit({
    actorId: user.id,
    action: "auth.admin_created",
    targetType: "user",
    targetId: user.id,
  });
  return { kind: "generated-admin", email: DEFAULT_ADMIN_EMAIL, password };
}
