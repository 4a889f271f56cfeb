import "server-only";
import { AppError } from "@/lib/http/errors";
import type { EvidenceLink } from "@/lib/validation/workflow";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";

export interface TimelineView {
  id: string;
  kind: string;
  message: string;
  at: string;
  author: { id: string; name: string } | null;
  data: unknown;
  createdAt: string;
  editedAt: string | null;
}

export async function listTimeline(
  teamId: string,
  incidentId: string,
  kinds?: string[],
): Promise<TimelineView[]> {
  const rows = await db.timelineEntry.findMany({
    where: {
      incidentId,
      incident: { teamId },
      ...(kinds && kinds.length > 0 ? { kind: { in: kinds } } : {}),
    },
    include: { author: { select: { id: true, name: true } } },
    orderBy: [{ at: "asc" }, { createdAt: "asc" }],
    take: 5000,
  });
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    message: e.message,
    at: e.at.toISOString(),
    author: e.author,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
    editedAt: e.editedAt?.toISOString() ?? null,
  }));
}

/**
 * A note on the timeline, optionally with evidence pinned to it: a finding of this incident (its
 * rule and title are copied from the finding, so the entry still reads right after a re-analysis
 * replaced it; 400 when the incident has no such finding) or a chart window.
 */
export async function addNote(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: { message: string; at?: string; pin?: EvidenceLink },
): Promise<TimelineView | null> {
  return db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { id: incidentId, teamId },
      select: { id: true },
    });
    if (!incident) return null;
    let pin = input.pin;
    if (pin?.kind === "finding") {
      const f = await tx.finding.findFirst({
        where: { id: pin.findingId, incidentId },
        select: { rule: true, title: true, hostId: true },
      });
      if (!f) throw new AppError("bad_request", "pin.findingId: no such finding in this incident");
      pin = { ...pin, rule: f.rule, title: f.title };
    }
    const e = await tx.timelineEntry.create({
      data: {
        incidentId,
        kind: "note",
        message: input.message,
        at: input.at ? new Date(input.at) : new Date(),
        authorId: actorId,
        data: pin ? { pin } : undefined,
      },
      include: { author: { select: { id: true, name: true } } },
    });
    await recordAudit(
      {
        teamId,
        actorId,
        action: pin ? "timeline.pin" : "timeline.note",
        targetType: "timeline",
        targetId: e.id,
        ...(pin ? { detail: { kind: pin.kind } } : {}),
      },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["timeline"], actorId });
    return {
      id: e.id,
      kind: e.kind,
      message: e.message,
      at: e.at.toISOString(),
      author: e.author,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
      editedAt: null,
    };
  });
}

/** Corrects an entry's text or time (things learned late); the entry records that it was edited. */
export async function editEntry(
  teamId: string,
  incidentId: string,
  entryId: string,
  actorId: string,
  patch: { message?: string; at?: string },
): Promise<TimelineView | null> {
  return db.$transaction(async (tx) => {
    const found = await tx.timelineEntry.findFirst({
      where: { id: entryId, incidentId, incident: { teamId } },
    });
    if (!found) return null;
    const e = await tx.timelineEntry.update({
      where: { id: entryId },
      data: {
        ...(patch.message !== undefined ? { message: patch.message } : {}),
        ...(patch.at !== undefined ? { at: new Date(patch.at) } : {}),
        editedAt: new Date(),
      },
      include: { author: { select: { id: true, name: true } } },
    });
    await tx.auditLog.create({
      data: {
        teamId,
        actorId,
        action: "timeline.edit",
        targetType: "timeline",
        targetId: entryId,
        detail: { fields: Object.keys(patch) },
      },
    });
    await notifyIncident(tx, { teamId, incidentId, topics: ["timeline"], actorId });
    return {
      id: e.id,
      kind: e.kind,
      message: e.message,
      at: e.at.toISOString(),
      author: e.author,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
      editedAt: e.editedAt?.toISOString() ?? null,
    };
  });
}
