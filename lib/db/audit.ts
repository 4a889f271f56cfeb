import "server-only";
import type { Prisma } from "./generated/client";
import { db } from "./client";

export interface AuditEntry {
  teamId?: string | null;
  actorId?: string | null;
  /** `<area>.<verb>`: auth.sign_in, incident.create, member.role_change, token.revoke, ... */
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Prisma.InputJsonValue;
}

/** Who did what. Never put secrets or passwords in `detail`. */
export async function recordAudit(
  entry: AuditEntry,
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      teamId: entry.teamId ?? null,
      actorId: entry.actorId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? undefined,
    },
  });
}

export interface AuditView {
  id: string;
  at: string;
  action: string;
  actor: { id: string; name: string; email: string } | null;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
}

export interface AuditFilter {
  /** An action (`runbook.delete`) or an area with a trailing dot (`auth.`). */
  action?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  /** Rows older than this id (the previous page's last id). */
  before?: bigint;
  limit: number;
}

/**
 * What happened in a team, newest first: the team's own rows, plus the sign-ins (which belong to
 * no team) of its members and failed sign-ins on their e-mail addresses.
 */
export async function listAudit(
  teamId: string,
  filter: AuditFilter,
): Promise<{ entries: AuditView[]; nextBefore: string | null }> {
  const action = filter.action ?? null;
  const prefix = action?.endsWith(".") ? `${action}%` : null;
  const rows = await db.$queryRaw<
    {
      id: bigint;
      createdAt: Date;
      action: string;
      actorId: string | null;
      name: string | null;
      email: string | null;
      targetType: string | null;
      targetId: string | null;
      detail: unknown;
    }[]
  >`
    WITH members AS (
      SELECT u.id, u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."teamId" = ${teamId}
    )
    SELECT a.id, a."createdAt", a.action, a."actorId", u.name, u.email, a."targetType", a."targetId", a.detail
      FROM "AuditLog" a
      LEFT JOIN "User" u ON u.id = a."actorId"
     WHERE (a."teamId" = ${teamId}
            OR (a."teamId" IS NULL
                AND (a."actorId" IN (SELECT id FROM members)
                     OR (a."actorId" IS NULL AND a.detail->>'email' IN (SELECT email FROM members)))))
       AND (${action}::text IS NULL OR (${prefix}::text IS NOT NULL AND a.action LIKE ${prefix}) OR a.action = ${action})
       AND (${filter.userId ?? null}::text IS NULL OR a."actorId" = ${filter.userId ?? null})
       AND (${filter.from ?? null}::timestamp IS NULL OR a."createdAt" >= ${filter.from ?? null})
       AND (${filter.to ?? null}::timestamp IS NULL OR a."createdAt" <= ${filter.to ?? null})
       AND (${filter.before ?? null}::bigint IS NULL OR a.id < ${filter.before ?? null})
     ORDER BY a.id DESC
     LIMIT ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      at: r.createdAt.toISOString(),
      action: r.action,
      actor:
        r.actorId && r.name && r.email ? { id: r.actorId, name: r.name, email: r.email } : null,
      targetType: r.targetType,
      targetId: r.targetId,
      detail: r.detail,
    })),
    nextBefore: rows.length > filter.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/** The actions recorded for a team so far (choices for the audit page's filter). */
export async function auditActions(teamId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ action: string }[]>`
    SELECT DISTINCT action FROM "AuditLog"
     WHERE "teamId" = ${teamId} OR ("teamId" IS NULL AND action LIKE 'auth.%')
     ORDER BY action`;
  return rows.map((r) => r.action);
}
