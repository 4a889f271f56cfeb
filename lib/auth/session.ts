import "server-only";
import { getToken } from "next-auth/jwt";
import { findActiveUserWithTeams, type MembershipView } from "@/lib/db/teams";
import { env } from "@/lib/env";
import type { Role } from "./roles";

/** Cookie naming the team the user is working in (users can belong to several). */
export const TEAM_COOKIE = "warroom-team";

/** The signed-in user acting in one team. `teamId` and `user` are always set. */
export interface Actor {
  user: { id: string; email: string; name: string };
  teamId: string;
  role: Role;
  teams: MembershipView[];
}

export type ActorResult =
  | { kind: "actor"; actor: Actor }
  | { kind: "anonymous" }
  | { kind: "no-team"; user: Actor["user"] };

export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === "") continue;
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** Reads the next-auth JWT from the cookies and loads the user, their teams and role. */
export async function resolveActor(headers: Headers): Promise<ActorResult> {
  const cookies = parseCookies(headers.get("cookie"));
  // Only the session cookie authenticates a user; `Authorization: Bearer` is for API tokens.
  const token = await getToken({
    req: { headers: new Headers({ cookie: headers.get("cookie") ?? "" }), cookies } as never,
    secret: env().NEXTAUTH_SECRET,
  });
  const uid = token?.uid;
  if (typeof uid !== "string") return { kind: "anonymous" };
  const user = await findActiveUserWithTeams(uid);
  if (!user) return { kind: "anonymous" };
  const wanted = cookies[TEAM_COOKIE];
  const membership = user.memberships.find((m) => m.teamId === wanted) ?? user.memberships[0];
  const who = { id: user.id, email: user.email, name: user.name };
  if (!membership) return { kind: "no-team", user: who };
  return {
    kind: "actor",
    actor: { user: who, teamId: membership.teamId, role: membership.role, teams: user.memberships },
  };
}
