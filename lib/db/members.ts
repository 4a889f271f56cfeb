import "server-only";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/http/errors";
import { recordAudit } from "./audit";
import { db } from "./client";
import type { MemberView } from "./member-view";

export type { MemberView };

export async function listMembers(teamId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { teamId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    since: m.createdAt.toISOString(),
  }));
}

/**
 * Adds a person to the team: an existing account by e-mail, or a new one with the given initial
 * password (hashed by the caller).
 */
export async function addMember(
  teamId: string,
  actorId: string,
  input: { email: string; name: string; role: Role; passwordHash?: string },
): Promise<MemberView> {
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email: input.email } });
    if (!user) {
      if (!input.passwordHash) {
        throw new AppError(
          "bad_request",
          "password: required to create an account for a new e-mail address",
        );
      }
      user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash: input.passwordHash },
      });
    }
    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId, userId: user.id } },
    });
    if (existing) throw new AppError("conflict", `${input.email} is already a member of this team`);
    const m = await tx.membership.create({ data: { teamId, userId: user.id, role: input.role } });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "member.add",
        targetType: "user",
        targetId: user.id,
        detail: { role: input.role },
      },
      tx,
    );
    return {
      id: m.id,
      userId: user.id,
      email: user.email,
      name: user.name,
      role: m.role,
      since: m.createdAt.toISOString(),
    };
  });
}

async function assertOtherOwnerRemains(
  tx: Parameters<Parameters<typeof db.$transaction>[0]>[0],
  teamId: string,
  membershipId: string,
) {
  const owners = await tx.membership.count({
    where: { teamId, role: "owner", id: { not: membershipId } },
  });
  if (owners === 0)
    throw new AppError(
      "conflict",
      "A team needs at least one owner; make someone else owner first",
    );
}

/** Changes a member's role; null when the team has no such membership. */
export async function setMemberRole(
  teamId: string,
  actorId: string,
  membershipId: string,
  role: Role,
) {
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { id: membershipId, teamId } });
    if (!m) return null;
    if (m.role === "owner" && role !== "owner") await assertOtherOwnerRemains(tx, teamId, m.id);
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role } });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "member.role_change",
        targetType: "user",
        targetId: m.userId,
        detail: { from: m.role, to: role },
      },
      tx,
    );
    return updated;
  });
}

export async function removeMember(
  teamId: string,
  actorId: string,
  membershipId: string,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { id: membershipId, teamId } });
    if (!m) return false;
    if (m.role === "owner") await assertOtherOwnerRemains(tx, teamId, m.id);
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(
      { teamId, actorId, action: "member.remove", targetType: "user", targetId: m.userId },
      tx,
    );
    return true;
  });
}
