import "server-only";
import { AppError } from "@/lib/http/errors";
import type {
  ActionItemCreateInput,
  ActionItemStatus,
  ActionItemUpdateInput,
} from "@/lib/postmortem/schemas";
import { recordAudit } from "./audit";
import { db } from "./client";
import type { Prisma } from "./generated/client";
import { notifyIncident } from "./notify";

export interface ActionItemView {
  id: string;
  incidentId: string | null;
  title: string;
  owner: { id: string; name: string } | null;
  /** `YYYY-MM-DD` */
  dueDate: string | null;
  status: ActionItemStatus;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Prisma.ActionItemGetPayload<object>;

async function names(ids: (string | null)[]): Promise<Map<string, { id: string; name: string }>> {
  const list = [...new Set(ids.filter((x): x is string => x !== null))];
  if (list.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: list } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u]));
}

function toView(r: Row, people: Map<string, { id: string; name: string }>): ActionItemView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    title: r.title,
    owner: r.ownerId ? (people.get(r.ownerId) ?? null) : null,
    dueDate: r.dueDate ? r.dueDate.toISOString().slice(0, 10) : null,
    status: r.status,
    createdBy: r.createdById ? (people.get(r.createdById) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);

async function assertMember(tx: Prisma.TransactionClient, teamId: string, userId: string) {
  const m = await tx.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { id: true },
  });
  if (!m) throw new AppError("bad_request", "ownerId: not a member of this team");
}

export async function listActionItems(
  teamId: string,
  incidentId: string,
): Promise<ActionItemView[]> {
  const rows = await db.actionItem.findMany({
    where: { teamId, incidentId, incident: { teamId } },
    orderBy: [{ createdAt: "asc" }],
  });
  const people = await names(rows.flatMap((r) => [r.ownerId, r.createdById]));
  return rows.map((r) => toView(r, people));
}

/** Null when the team has no such incident; 400 when the owner is not in the team. */
export async function createActionItem(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: ActionItemCreateInput,
): Promise<ActionItemView | null> {
  const row = await db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { id: incidentId, teamId },
      select: { id: true },
    });
    if (!incident) return null;
    if (input.ownerId) await assertMember(tx, teamId, input.ownerId);
    if (input.timelineEntryId) {
      const entry = await tx.timelineEntry.findFirst({
        where: { id: input.timelineEntryId, incidentId },
        select: { id: true },
      });
      if (!entry)
        throw new AppError("bad_request", "timelineEntryId: no such entry in this incident");
    }
    const item = await tx.actionItem.create({
      data: {
        teamId,
        incidentId,
        title: input.title,
        ownerId: input.ownerId ?? null,
        dueDate: input.dueDate ? day(input.dueDate) : null,
        createdById: actorId,
      },
    });
    await tx.timelineEntry.create({
      data: {
        incidentId,
        kind: "action",
        message: `Action item: ${input.title}`,
        authorId: actorId,
        data: {
          actionItemId: item.id,
          ...(input.timelineEntryId ? { fromEntryId: input.timelineEntryId } : {}),
        },
      },
    });
    await recordAudit(
      { teamId, actorId, action: "action.create", targetType: "action", targetId: item.id },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["actions", "timeline"], actorId });
    return item;
  });
  return row ? toView(row, await names([row.ownerId, row.createdById])) : null;
}

export async function updateActionItem(
  teamId: string,
  incidentId: string,
  itemId: string,
  actorId: string,
  patch: ActionItemUpdateInput,
): Promise<ActionItemView | null> {
  const row = await db.$transaction(async (tx) => {
    const current = await tx.actionItem.findFirst({ where: { id: itemId, teamId, incidentId } });
    if (!current) return null;
    if (patch.ownerId) await assertMember(tx, teamId, patch.ownerId);
    const item = await tx.actionItem.update({
      where: { id: itemId },
      data: {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
        ...(patch.dueDate !== undefined
          ? { dueDate: patch.dueDate === null ? null : day(patch.dueDate) }
          : {}),
      },
    });
    if (patch.status !== undefined && patch.status !== current.status) {
      await tx.timelineEntry.create({
        data: {
          incidentId,
          kind: "action",
          message: `Action item ${patch.status}: ${item.title}`,
          authorId: actorId,
          data: { actionItemId: item.id },
        },
      });
    }
    await recordAudit(
      {
        teamId,
        actorId,
        action: "action.update",
        targetType: "action",
        targetId: item.id,
        detail: { fields: Object.keys(patch) },
      },
      tx,
    );
    await notifyIncident(tx, { teamId, incidentId, topics: ["actions", "timeline"], actorId });
    return item;
  });
  return row ? toView(row, await names([row.ownerId, row.createdById])) : null;
}

/** An action item in the team-wide list: where it came from, and whether it is late. */
export interface TeamActionItemView extends ActionItemView {
  incident: { id: string; key: string; title: string } | null;
  /** Open and past its due date (UTC day). */
  overdue: boolean;
}

/**
 * The team's action items across incidents: open ones by default, optionally one owner's (or
 * nobody's). Overdue first, then by due date (undated last), then oldest first.
 */
export async function listTeamActionItems(
  teamId: string,
  filter: { status: ActionItemStatus | "all"; ownerId?: string | null },
): Promise<TeamActionItemView[]> {
  const rows = await db.actionItem.findMany({
    where: {
      teamId,
      ...(filter.status === "all" ? {} : { status: filter.status }),
      ...(filter.ownerId !== undefined ? { ownerId: filter.ownerId } : {}),
    },
    include: { incident: { select: { id: true, number: true, title: true, teamId: true } } },
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: 1000,
  });
  const people = await names(rows.flatMap((r) => [r.ownerId, r.createdById]));
  const today = new Date().toISOString().slice(0, 10);
  const views = rows.map((r) => {
    const v = toView(r, people);
    return {
      ...v,
      incident:
        r.incident && r.incident.teamId === teamId
          ? { id: r.incident.id, key: `INC-${r.incident.number}`, title: r.incident.title }
          : null,
      overdue: v.status === "open" && v.dueDate !== null && v.dueDate < today,
    };
  });
  // Stable: overdue ones first, the rest keep the due-date order.
  return [...views.filter((v) => v.overdue), ...views.filter((v) => !v.overdue)];
}

/** Changes an action item found by its id in the team (whatever incident it belongs to). */
export async function updateTeamActionItem(
  teamId: string,
  itemId: string,
  actorId: string,
  patch: ActionItemUpdateInput,
): Promise<ActionItemView | null> {
  const item = await db.actionItem.findFirst({
    where: { id: itemId, teamId },
    select: { incidentId: true },
  });
  if (!item) return null;
  if (item.incidentId) return updateActionItem(teamId, item.incidentId, itemId, actorId, patch);
  const row = await db.$transaction(async (tx) => {
    if (patch.ownerId) await assertMember(tx, teamId, patch.ownerId);
    const updated = await tx.actionItem.update({
      where: { id: itemId },
      data: {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
        ...(patch.dueDate !== undefined
          ? { dueDate: patch.dueDate === null ? null : day(patch.dueDate) }
          : {}),
      },
    });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "action.update",
        targetType: "action",
        targetId: itemId,
        detail: { fields: Object.keys(patch) },
      },
      tx,
    );
    return updated;
  });
  return toView(row, await names([row.ownerId, row.createdById]));
}

/** Deletes an action item of the team (audited; its incident's timeline says so). */
export async function deleteActionItem(
  teamId: string,
  itemId: string,
  actorId: string,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const item = await tx.actionItem.findFirst({ where: { id: itemId, teamId } });
    if (!item) return false;
    await tx.actionItem.delete({ where: { id: itemId } });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "action.delete",
        targetType: "action",
        targetId: itemId,
        detail: { title: item.title, incidentId: item.incidentId },
      },
      tx,
    );
    if (item.incidentId) {
      await tx.timelineEntry.create({
        data: {
          incidentId: item.incidentId,
          kind: "action",
          message: `Action item deleted: ${item.title}`,
          authorId: actorId,
        },
      });
      await notifyIncident(tx, {
        teamId,
        incidentId: item.incidentId,
        topics: ["actions", "timeline"],
        actorId,
      });
    }
    return true;
  });
}
