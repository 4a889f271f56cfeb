/** Real rows for tests: teams, users with argon2 hashes, memberships. */
import type { Role } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

let n = 0;

export async function seedTeam(name = `Team ${++n}`) {
  return db.team.create({
    data: { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}-${++n}` },
  });
}

export async function seedUser(
  teamId: string | null,
  role: Role,
  opts: { email?: string; password?: string } = {},
) {
  const email = opts.email ?? `user${++n}-${Date.now()}@example.com`;
  const user = await db.user.create({
    data: {
      email,
      name: `User ${n}`,
      passwordHash: await hashPassword(opts.password ?? "a-long-test-password"),
    },
  });
  if (teamId) await db.membership.create({ data: { teamId, userId: user.id, role } });
  return user;
}
