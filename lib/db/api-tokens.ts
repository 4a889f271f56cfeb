import "server-only";
import { db } from "./client";

export async function insertApiToken(data: {
  teamId: string;
  name: string;
  prefix: string;
  secretHash: string;
  createdById: string;
}) {
  return db.apiToken.create({ data, select: tokenView });
}

const tokenView = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

export function listApiTokens(teamId: string) {
  return db.apiToken.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    select: tokenView,
  });
}

/** Revokes a token of this team; false when the team has no such token. */
export async function revokeApiToken(teamId: string, id: string): Promise<boolean> {
  const r = await db.apiToken.updateMany({
    where: { id, teamId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count > 0) return true;
  return (await db.apiToken.count({ where: { id, teamId } })) > 0;
}

export function findLiveTokenByHash(secretHash: string) {
  return db.apiToken.findFirst({
    where: { secretHash, revokedAt: null },
    select: { id: true, teamId: true, name: true, lastUsedAt: true },
  });
}

export async function touchApiToken(id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
