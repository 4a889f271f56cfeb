import "server-only";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";

export interface FixView {
  id: string;
  description: string;
  target: string;
  appliedAt: string;
  author: { id: string; name: string } | null;
  hypothesisId: string | null;
  createdAt: string;
}

export async function listFixes(teamId: string, incidentId: string): Promise<FixView[]> {
  const rows = await db.fix.findMany({
    where: { incidentId, incident: { teamId } },
    orderBy: { appliedAt: "asc" },
  });
  const users = new Map(
    (
      await db.user.findMany({
        where: { id: { in: rows.map((r) => r.authorId).filter((x): x is string => !!x) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u]),
  );
  return rows.map((f) => ({
    id: f.id,
    description: f.description,
    target: f.target,
    appliedAt: f.appliedAt.toISOString(),
    author: f.authorId ? (users.get(f.authorId) ?? null) : null,
    hypothesisId: f.hypothesisId,
    createdAt: f.createdAt.toISOString(),
  }));
}

/** Records a change applied (what, where, when, who); null when the incident or hypothesis is not the team's. */
export async function recordFix(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: { description: string; target: string; appliedAt?: string; hypothesisId?: string },
): Promise<FixView | null> {
  const row = await db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { id: incidentId, teamId },
      select: { id: true },
    });
    if (!incident) return null;
    if (input.hypothesisId) {
      const h = await tx.hypothesis.findFirst({
        where: { id: input.hypothesisId, incidentId },
        select: { id: true },
      });
      if (!h) return null;
    }
    const appliedAt = input.appliedAt ? new Date(input.appliedAt) : new Date();
    const f = await tx.fix.create({
      data: {
        incidentId,
        description: input.description,
        target: input.target,
        appliedAt,
        authorId: actorId,
        hypothesisId: input.hypothesisId ?? null,
      },
    });
    await tx.timelineEntry.create({
      data: {
        incidentId,
        kind: "fix",
        message: `Fix applied on ${input.target}: ${input.description}`,
        at: appliedAt,
        authorId: actorId,
        data: { fixId: f.id },
      },
    });
    await recordAudit(
      { teamId, actorId, action: "fix.record", targetType: "fix", targetId: f.id },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["fixes", "timeline"], actorId });
    return f;
  });
  if (!row) return null;
  const author = await db.user.findUnique({
    where: { id: actorId },
    select: { id: true, name: true },
  });
  return {
    id: row.id,
    description: row.description,
    target: row.target,
    appliedAt: row.appliedAt.toISOString(),
    author,
    hypothesisId: row.hypothesisId,
    createdAt: row.createdAt.toISOString(),
  };
}
