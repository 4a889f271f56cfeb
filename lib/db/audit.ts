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
