import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { roleAtLeast, type Role } from "./roles";
import { resolveActor, type ActorResult } from "./session";

/** For server pages: who is signed in (same rules as the API wrapper). */
export async function pageActor(): Promise<ActorResult> {
  return resolveActor(await headers());
}

/** The signed-in actor, or a redirect to /login; `null` when they have no team yet. */
export async function requireActor(callbackPath = "/incidents") {
  const who = await pageActor();
  if (who.kind === "anonymous") redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return who.kind === "actor" ? who.actor : null;
}

export function can(role: Role, needed: Role): boolean {
  return roleAtLeast(role, needed);
}
