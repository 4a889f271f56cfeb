import "server-only";
import type { EvidenceLink } from "@/lib/validation/workflow";
import { recordAudit } from "./audit";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import { notifyIncident } from "./notify";

export interface HypothesisView {
  id: string;
  text: string;
  status: "proposed" | "testing" | "confirmed" | "refuted";
  evidence: EvidenceLink[];
  author: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Prisma.HypothesisGetPayload<object>;

async function authors(ids: (string | null)[]) {
  const list = ids.filter((x): x is string => x !== null);
  const users = await db.user.findMany({
    where: { id: { in: list } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u]));
}

function toView(h: Row, names: Map<string, { id: string; name: string }>): HypothesisView {
  return {
    id: h.id,
    text: h.text,
    status: h.status,
    evidence: h.evidence as unknown as EvidenceLink[],
    author: h.authorId ? (names.get(h.authorId) ?? null) : null,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function listHypotheses(
  teamId: string,
  incidentId: string,
): Promise<HypothesisView[]> {
  const rows = await db.hypothesis.findMany({
    where: { incidentId, incident: { teamId } },
    orderBy: { createdAt: "asc" },
  });
  const names = await authors(rows.map((r) => r.authorId));
  return rows.map((r) => toView(r, names));
}

export async function createHypothesis(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: { text: string; evidence: EvidenceLink[] },
): Promise<HypothesisView | null> {
  const row = await db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { id: incidentId, teamId },
      select: { id: true },
    });
    if (!incident) return null;
    const h = await tx.hypothesis.create({
      data: { incidentId, text: input.text, evidence: input.evidence, authorId: actorId },
    });
    await tx.timelineEntry.create({
      data: {
        incidentId,
        kind: "hypothesis",
        message: `Hypothesis: ${input.text}`,
        authorId: actorId,
        data: { hypothesisId: h.id, status: "proposed" },
      },
    });
    await recordAudit(
      { teamId, actorId, action: "hypothesis.create", targetType: "hypothesis", targetId: h.id },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["hypotheses", "timeline"], actorId });
    return h;
  });
  return row ? toView(row, await authors([row.authorId])) : null;
}

const STATUS_WORD = {
  proposed: "proposed again",
  testing: "being tested",
  confirmed: "confirmed",
  refuted: "refuted",
} as const;

export async function updateHypothesis(
  teamId: string,
  incidentId: string,
  hypothesisId: string,
  actorId: string,
  patch: { text?: string; status?: HypothesisView["status"]; evidence?: EvidenceLink[] },
): Promise<HypothesisView | null> {
  const row = await db.$transaction(async (tx) => {
    const current = await tx.hypothesis.findFirst({
      where: { id: hypothesisId, incidentId, incident: { teamId } },
    });
    if (!current) return null;
    const h = await tx.hypothesis.update({
      where: { id: hypothesisId },
      data: {
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.evidence !== undefined ? { evidence: patch.evidence } : {}),
      },
    });
    const notes: string[] = [];
    if (patch.status !== undefined && patch.status !== current.status)
      notes.push(`Hypothesis ${STATUS_WORD[patch.status]}: ${h.text}`);
    if (patch.text !== undefined && patch.text !== current.text)
      notes.push(`Hypothesis reworded: ${h.text}`);
    if (patch.evidence !== undefined)
      notes.push(`Evidence of hypothesis updated (${patch.evidence.length} linked): ${h.text}`);
    for (const message of notes) {
      await tx.timelineEntry.create({
        data: {
          incidentId,
          kind: "hypothesis",
          message,
          authorId: actorId,
          data: { hypothesisId, status: h.status },
        },
      });
    }
    await recordAudit(
      {
        teamId,
        actorId,
        action: "hypothesis.update",
        targetType: "hypothesis",
        targetId: hypothesisId,
        detail: { fields: Object.keys(patch) },
      },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["hypotheses", "timeline"], actorId });
    return h;
  });
  return row ? toView(row, await authors([row.authorId])) : null;
}
