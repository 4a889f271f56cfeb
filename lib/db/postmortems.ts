import "server-only";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";

type Person = { id: string; name: string };

export interface PostmortemVersionMeta {
  version: number;
  author: Person | null;
  createdAt: string;
}

export interface PostmortemVersionView extends PostmortemVersionMeta {
  markdown: string;
}

export type PostmortemSaveResult =
  | { kind: "saved"; version: PostmortemVersionView }
  /** Someone saved a newer version since the editor loaded `baseVersion`. */
  | { kind: "conflict"; latest: PostmortemVersionMeta };

async function people(ids: (string | null)[]): Promise<Map<string, Person>> {
  const list = [...new Set(ids.filter((x): x is string => x !== null))];
  if (list.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: list } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u]));
}

/** Every saved version of an incident's postmortem, newest first (without the text). */
export async function listPostmortemVersions(
  teamId: string,
  incidentId: string,
): Promise<PostmortemVersionMeta[]> {
  const rows = await db.postmortemVersion.findMany({
    where: { incidentId, incident: { teamId } },
    select: { version: true, authorId: true, createdAt: true },
    orderBy: { version: "desc" },
  });
  const names = await people(rows.map((r) => r.authorId));
  return rows.map((r) => ({
    version: r.version,
    author: r.authorId ? (names.get(r.authorId) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One version (the latest when `version` is not given); null when there is none. */
export async function getPostmortemVersion(
  teamId: string,
  incidentId: string,
  version?: number,
): Promise<PostmortemVersionView | null> {
  const row = await db.postmortemVersion.findFirst({
    where: { incidentId, incident: { teamId }, ...(version !== undefined ? { version } : {}) },
    orderBy: { version: "desc" },
  });
  if (!row) return null;
  const names = await people([row.authorId]);
  return {
    version: row.version,
    markdown: row.markdown,
    author: row.authorId ? (names.get(row.authorId) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}

/**
 * Saves a new version on top of `baseVersion` (0 for the first). Versions are never edited in
 * place. Two editors who started from the same version: the first save wins, the second gets a
 * conflict naming the version that got in between (the unique (incident, version) key settles a
 * race between two saves in the same instant). Null when the team has no such incident.
 */
export async function savePostmortemVersion(
  teamId: string,
  incidentId: string,
  actorId: string,
  input: { markdown: string; baseVersion: number },
): Promise<PostmortemSaveResult | null> {
  const conflict = async (): Promise<PostmortemSaveResult> => {
    const latest = (await listPostmortemVersions(teamId, incidentId))[0];
    return {
      kind: "conflict",
      latest: latest ?? { version: 0, author: null, createdAt: new Date().toISOString() },
    };
  };
  try {
    const saved = await db.$transaction(async (tx) => {
      const incident = await tx.incident.findFirst({
        where: { id: incidentId, teamId },
        select: { id: true },
      });
      if (!incident) return null;
      const latest = await tx.postmortemVersion.findFirst({
        where: { incidentId },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      if ((latest?.version ?? 0) !== input.baseVersion) return "conflict" as const;
      const row = await tx.postmortemVersion.create({
        data: {
          incidentId,
          version: input.baseVersion + 1,
          markdown: input.markdown,
          authorId: actorId,
        },
      });
      await tx.timelineEntry.create({
        data: {
          incidentId,
          kind: "postmortem",
          message: `Postmortem version ${row.version} saved`,
          authorId: actorId,
          data: { version: row.version },
        },
      });
      await recordAudit(
        {
          teamId,
          actorId,
          action: "postmortem.save",
          targetType: "incident",
          targetId: incidentId,
          detail: { version: row.version },
        },
        tx,
      );
      await notifyIncident(tx, { teamId, incidentId, topics: ["postmortem", "timeline"], actorId });
      return row;
    });
    if (saved === null) return null;
    if (saved === "conflict") return conflict();
    const names = await people([actorId]);
    return {
      kind: "saved",
      version: {
        version: saved.version,
        markdown: saved.markdown,
        author: names.get(actorId) ?? null,
        createdAt: saved.createdAt.toISOString(),
      },
    };
  } catch (err) {
    if (isUniqueViolation(err)) return conflict();
    throw err;
  }
}
