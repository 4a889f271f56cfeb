import "server-only";
import { AppError } from "@/lib/http/errors";
import type {
  EnvironmentName,
  IncidentCreateInput,
  IncidentListQuery,
  IncidentUpdateInput,
} from "@/lib/validation/incident";
import { assertStatusTransition, statusTimes } from "@/lib/workflow/lifecycle";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";
import type { Environment, Prisma } from "./generated/client";
import type { IncidentView } from "./incident-view";

export type { IncidentView };

export const toDbEnvironment = (e: EnvironmentName): Environment =>
  e === "bare-metal" ? "bare_metal" : e;
export const fromDbEnvironment = (e: Environment): EnvironmentName =>
  e === "bare_metal" ? "bare-metal" : e;

const include = {
  commander: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.IncidentInclude;

type IncidentRow = Prisma.IncidentGetPayload<{ include: typeof include }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(row: IncidentRow): IncidentView {
  return {
    id: row.id,
    number: row.number,
    key: `INC-${row.number}`,
    title: row.title,
    summary: row.summary,
    severity: row.severity,
    status: row.status,
    environment: fromDbEnvironment(row.environment),
    currentStep: row.currentStep,
    startedAt: iso(row.startedAt),
    detectedAt: row.detectedAt.toISOString(),
    mitigatedAt: iso(row.mitigatedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    commander: row.commander,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listIncidents(
  teamId: string,
  query: IncidentListQuery,
): Promise<IncidentView[]> {
  const where: Prisma.IncidentWhereInput = { teamId };
  if (query.status.length > 0) where.status = { in: query.status };
  if (query.severity.length > 0) where.severity = { in: query.severity };
  if (query.q) where.title = { contains: query.q, mode: "insensitive" };
  const rows = await db.incident.findMany({
    where,
    include,
    orderBy: [{ detectedAt: "desc" }, { number: "desc" }],
    take: 500,
  });
  return rows.map(toView);
}

export async function getIncident(teamId: string, id: string): Promise<IncidentView | null> {
  const row = await db.incident.findFirst({ where: { id, teamId }, include });
  return row ? toView(row) : null;
}

export async function createIncident(
  teamId: string,
  actorId: string,
  input: IncidentCreateInput,
): Promise<IncidentView> {
  return db.$transaction(async (tx) => {
    // The per-team counter row is locked by this update, so numbers never repeat.
    const team = await tx.team.update({
      where: { id: teamId },
      data: { incidentSeq: { increment: 1 } },
      select: { incidentSeq: true },
    });
    const row = await tx.incident.create({
      data: {
        teamId,
        number: team.incidentSeq,
        title: input.title,
        summary: input.summary ?? "",
        severity: input.severity,
        environment: toDbEnvironment(input.environment),
        startedAt: input.startedAt ? new Date(input.startedAt) : null,
        detectedAt: input.detectedAt ? new Date(input.detectedAt) : new Date(),
        createdById: actorId,
        commanderId: actorId,
      },
      include,
    });
    await tx.timelineEntry.create({
      data: {
        incidentId: row.id,
        kind: "status",
        message: `Incident opened as ${row.severity}`,
        authorId: actorId,
        at: row.detectedAt,
      },
    });
    await recordAudit(
      { teamId, actorId, action: "incident.create", targetType: "incident", targetId: row.id },
      tx,
    );
    return toView(row);
  });
}

/** Applies a partial update; null when the team has no such incident. */
export async function updateIncident(
  teamId: string,
  actorId: string,
  id: string,
  patch: IncidentUpdateInput,
): Promise<IncidentView | null> {
  return db.$transaction(async (tx) => {
    // FOR UPDATE: two responders changing status at once are applied one after the other.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Incident" WHERE id = ${id} AND "teamId" = ${teamId} FOR UPDATE`;
    if (locked.length === 0) return null;
    const current = await tx.incident.findUniqueOrThrow({ where: { id } });
    const now = new Date();
    const data: Prisma.IncidentUncheckedUpdateInput = {};
    const notes: { kind: string; message: string }[] = [];

    if (patch.title !== undefined) data.title = patch.title;
    if (patch.summary !== undefined) data.summary = patch.summary;
    if (patch.environment !== undefined) data.environment = toDbEnvironment(patch.environment);
    if (patch.startedAt !== undefined)
      data.startedAt = patch.startedAt ? new Date(patch.startedAt) : null;
    if (patch.detectedAt !== undefined) data.detectedAt = new Date(patch.detectedAt);
    if (patch.severity !== undefined && patch.severity !== current.severity) {
      data.severity = patch.severity;
      notes.push({
        kind: "severity",
        message: `Severity changed from ${current.severity} to ${patch.severity}`,
      });
    }
    if (patch.status !== undefined && patch.status !== current.status) {
      assertStatusTransition(current.status, patch.status);
      Object.assign(data, statusTimes(current.status, patch.status, now));
      data.status = patch.status;
      notes.push({
        kind: "status",
        message: `Status changed from ${current.status} to ${patch.status}`,
      });
    }
    if (patch.currentStep !== undefined && patch.currentStep !== current.currentStep) {
      data.currentStep = patch.currentStep;
      notes.push({ kind: "step", message: `Moved to step ${patch.currentStep}` });
    }
    if (patch.commanderId !== undefined && patch.commanderId !== current.commanderId) {
      if (patch.commanderId !== null) {
        const member = await tx.membership.findUnique({
          where: { teamId_userId: { teamId, userId: patch.commanderId } },
          include: { user: { select: { name: true } } },
        });
        if (!member) throw new AppError("bad_request", "commanderId: not a member of this team");
        notes.push({ kind: "role", message: `${member.user.name} is now incident commander` });
      } else {
        notes.push({ kind: "role", message: "Incident commander unassigned" });
      }
      data.commanderId = patch.commanderId;
    }

    const row = await tx.incident.update({ where: { id }, data, include });
    if (notes.length > 0) {
      await tx.timelineEntry.createMany({
        data: notes.map((n) => ({
          incidentId: id,
          kind: n.kind,
          message: n.message,
          authorId: actorId,
          at: now,
        })),
      });
    }
    await recordAudit(
      {
        teamId,
        actorId,
        action: "incident.update",
        targetType: "incident",
        targetId: id,
        detail: { fields: Object.keys(patch) },
      },
      tx,
    );
    await notifyIncident(tx, {
      teamId,
      incidentId: id,
      topics: notes.length > 0 ? ["incident", "timeline"] : ["incident"],
      actorId,
    });
    return toView(row);
  });
}
