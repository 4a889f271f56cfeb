import "server-only";
import { recordAudit } from "./audit";
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

/**
 * Records a use of the token: its last-used time, and an audit row — at most once per `everyMs`
 * per token. The conditional update lets one of several simultaneous requests win, so a burst of
 * uploads writes one row, not one each. True when this call recorded the use.
 */
export async function touchApiToken(
  token: { id: string; teamId: string; name: string },
  at: Date,
  everyMs: number,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const r = await tx.apiToken.updateMany({
      where: {
        id: token.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - everyMs) } }],
      },
      data: { lastUsedAt: at },
    });
    if (r.count === 0) return false;
    await recordAudit(
      {
        teamId: token.teamId,
        action: "token.use",
        targetType: "token",
        targetId: token.id,
        detail: { name: token.name },
      },
      tx,
    );
    return true;
  });
}
