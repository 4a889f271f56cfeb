import "server-only";
import { AppError, type FieldIssue } from "@/lib/http/errors";
import type { ParticipantsInput } from "@/lib/validation/participants";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";

/** The incident's roles: the commander (on the incident) and its scribe and responders. */
export interface ParticipantsView {
  commander: { id: string; name: string; email: string } | null;
  scribe: { id: string; name: string; email: string } | null;
  responders: { id: string; name: string; email: string }[];
}

type Person = { id: string; name: string; email: string };

export async function getParticipants(
  teamId: string,
  incidentId: string,
): Promise<ParticipantsView | null> {
  const incident = await db.incident.findFirst({
    where: { id: incidentId, teamId },
    select: {
      commander: { select: { id: true, name: true, email: true } },
      participants: { orderBy: { addedAt: "asc" }, select: { userId: true, role: true } },
    },
  });
  if (!incident) return null;
  const users = await db.user.findMany({
    where: { id: { in: incident.participants.map((p) => p.userId) } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const pick = (role: "scribe" | "responder") =>
    incident.participants
      .filter((p) => p.role === role)
      .map((p) => byId.get(p.userId))
      .filter((u): u is Person => u !== undefined);
  return {
    commander: incident.commander,
    scribe: pick("scribe")[0] ?? null,
    responders: pick("responder").sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Sets who has which role (a full replacement of scribe and responders; the commander only when
 * given). Everyone named must be a member of the team (400 naming the field otherwise). Each
 * change is a timeline entry ("Ana is now scribe"), audited, and broadcast. The scribe is not also
 * listed as a responder. Null when the team has no such incident.
 */
export async function setParticipants(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: ParticipantsInput,
): Promise<ParticipantsView | null> {
  const changed = await db.$transaction(async (tx) => {
    // FOR UPDATE: two people editing roles at once are applied one after the other.
    const locked = await tx.$queryRaw<{ commanderId: string | null }[]>`
      SELECT "commanderId" FROM "Incident" WHERE id = ${incidentId} AND "teamId" = ${teamId} FOR UPDATE`;
    const incident = locked[0];
    if (!incident) return null;

    const scribeId = input.scribeId;
    const responderIds = [...new Set(input.responderIds)].filter((id) => id !== scribeId);
    const named = [
      ...(scribeId ? [scribeId] : []),
      ...responderIds,
      ...(input.commanderId ? [input.commanderId] : []),
    ];
    const members = await tx.membership.findMany({
      where: { teamId, userId: { in: named } },
      select: { user: { select: { id: true, name: true } } },
    });
    const nameOf = new Map(members.map((m) => [m.user.id, m.user.name]));
    const issues: FieldIssue[] = [];
    if (scribeId && !nameOf.has(scribeId))
      issues.push({ path: "scribeId", message: "not a member of this team" });
    input.responderIds.forEach((id, i) => {
      if (!nameOf.has(id))
        issues.push({ path: `responderIds.${i}`, message: "not a member of this team" });
    });
    if (input.commanderId && !nameOf.has(input.commanderId))
      issues.push({ path: "commanderId", message: "not a member of this team" });
    if (issues.length > 0)
      throw new AppError("bad_request", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
        issues,
      });

    const current = await tx.incidentParticipant.findMany({ where: { incidentId } });
    const oldScribe = current.find((p) => p.role === "scribe")?.userId ?? null;
    const oldResponders = new Set(
      current.filter((p) => p.role === "responder").map((p) => p.userId),
    );
    const formerNames = new Map(
      (
        await tx.user.findMany({
          where: { id: { in: current.map((p) => p.userId) } },
          select: { id: true, name: true },
        })
      ).map((u) => [u.id, u.name]),
    );
    const name = (id: string) => nameOf.get(id) ?? formerNames.get(id) ?? "Someone";
    const notes: string[] = [];

    if (input.commanderId !== undefined && input.commanderId !== incident.commanderId) {
      await tx.incident.update({
        where: { id: incidentId },
        data: { commanderId: input.commanderId },
      });
      notes.push(
        input.commanderId
          ? `${name(input.commanderId)} is now incident commander`
          : "Incident commander unassigned",
      );
    }
    // One line per person whose role changed, in the order: scribe, responders, left.
    const roleOf = (scribe: string | null, responders: Set<string>, id: string) =>
      id === scribe ? "scribe" : responders.has(id) ? "responder" : null;
    const next = new Set(responderIds);
    const people = [
      ...new Set([
        ...(scribeId ? [scribeId] : []),
        ...responderIds,
        ...(oldScribe ? [oldScribe] : []),
        ...oldResponders,
      ]),
    ];
    for (const id of people) {
      const before = roleOf(oldScribe, oldResponders, id);
      const after = roleOf(scribeId, next, id);
      if (before === after) continue;
      if (after === "scribe") notes.push(`${name(id)} is now scribe`);
      else if (after === "responder")
        notes.push(before ? `${name(id)} is now a responder` : `${name(id)} joined as responder`);
      else notes.push(`${name(id)} is no longer ${before === "scribe" ? "scribe" : "a responder"}`);
    }

    await tx.incidentParticipant.deleteMany({ where: { incidentId } });
    await tx.incidentParticipant.createMany({
      data: [
        ...(scribeId ? [{ incidentId, userId: scribeId, role: "scribe" as const }] : []),
        ...responderIds.map((userId) => ({ incidentId, userId, role: "responder" as const })),
      ],
    });
    const now = new Date();
    if (notes.length > 0) {
      await tx.timelineEntry.createMany({
        data: notes.map((message) => ({
          incidentId,
          kind: "role",
          message,
          authorId: actorId,
          at: now,
        })),
      });
    }
    await recordAudit(
      {
        teamId,
        actorId,
        action: "incident.participants",
        targetType: "incident",
        targetId: incidentId,
        detail: {
          scribeId,
          responderIds,
          ...(input.commanderId !== undefined ? { commanderId: input.commanderId } : {}),
        },
      },
      tx,
    );
    await notifyIncident(tx, {
      teamId,
      incidentId,
      topics: [
        "participants",
        ...(input.commanderId !== undefined ? (["incident"] as const) : []),
        ...(notes.length > 0 ? (["timeline"] as const) : []),
      ],
      actorId,
    });
    return true;
  });
  return changed ? getParticipants(teamId, incidentId) : null;
}
