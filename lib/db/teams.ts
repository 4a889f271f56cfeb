import "server-only";
import type { Role } from "@/lib/auth/roles";
import { db } from "./client";

export interface MembershipView {
  teamId: string;
  teamName: string;
  teamSlug: string;
  role: Role;
}

export interface UserWithTeams {
  id: string;
  email: string;
  name: string;
  memberships: MembershipView[];
}

/** The signed-in user with their teams, oldest membership first; null when gone or disabled. */
export async function findActiveUserWithTeams(userId: string): Promise<UserWithTeams | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { team: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user || user.disabledAt) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({
      teamId: m.teamId,
      teamName: m.team.name,
      teamSlug: m.team.slug,
      role: m.role,
    })),
  };
}

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base === "" ? "team" : base;
}

/** A new team with `ownerId` as its owner. Slugs get a numeric suffix when taken. */
export async function createTeam(name: string, ownerId: string) {
  const base = slugify(name);
  for (let i = 0; i < 50; i++) {
    const slug = i === 0 ? base : `${base}-${i + 1}`;
    const taken = await db.team.findUnique({ where: { slug }, select: { id: true } });
    if (taken) continue;
    return db.team.create({
      data: { name, slug, memberships: { create: { userId: ownerId, role: "owner" } } },
    });
  }
  throw new Error(`no free slug for team ${name}`);
}
