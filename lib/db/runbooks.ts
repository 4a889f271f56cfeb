import "server-only";
import { recordAudit } from "./audit";
import { db } from "./client";
import { notifyIncident } from "./notify";

export interface RunbookSummary {
  id: string;
  title: string;
  symptoms: string[];
  rules: string[];
  tags: string[];
  currentVersion: number;
  sourceIncident: { id: string; key: string; title: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunbookView extends RunbookSummary {
  markdown: string;
}

export interface RunbookWrite {
  title: string;
  markdown: string;
  symptoms: string[];
  rules: string[];
  tags: string[];
  sourceIncidentId?: string;
}

const include = {
  sourceIncident: { select: { id: true, number: true, title: true, teamId: true } },
} as const;

function summary(r: {
  id: string;
  title: string;
  symptoms: string[];
  rules: string[];
  tags: string[];
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  sourceIncident: { id: string; number: number; title: string } | null;
}): RunbookSummary {
  return {
    id: r.id,
    title: r.title,
    symptoms: r.symptoms,
    rules: r.rules,
    tags: r.tags,
    currentVersion: r.currentVersion,
    sourceIncident: r.sourceIncident
      ? {
          id: r.sourceIncident.id,
          key: `INC-${r.sourceIncident.number}`,
          title: r.sourceIncident.title,
        }
      : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * A new team runbook with its version 1. When it comes from an incident, the incident's timeline
 * says so. Null when `sourceIncidentId` is not the team's.
 */
export async function createRunbook(
  teamId: string,
  actorId: string,
  input: RunbookWrite,
): Promise<RunbookView | null> {
  return db.$transaction(async (tx) => {
    if (input.sourceIncidentId) {
      const incident = await tx.incident.findFirst({
        where: { id: input.sourceIncidentId, teamId },
        select: { id: true },
      });
      if (!incident) return null;
    }
    const rb = await tx.runbook.create({
      data: {
        teamId,
        title: input.title,
        symptoms: input.symptoms,
        rules: input.rules,
        tags: input.tags,
        currentVersion: 1,
        sourceIncidentId: input.sourceIncidentId ?? null,
        createdById: actorId,
        versions: { create: { version: 1, markdown: input.markdown, authorId: actorId } },
      },
      include,
    });
    await tx.auditLog.create({
      data: { teamId, actorId, action: "runbook.create", targetType: "runbook", targetId: rb.id },
    });
    if (input.sourceIncidentId) {
      await tx.timelineEntry.create({
        data: {
          incidentId: input.sourceIncidentId,
          kind: "runbook",
          message: `Saved as runbook: ${rb.title}`,
          authorId: actorId,
          data: { runbookId: rb.id },
        },
      });
      await notifyIncident(tx, {
        teamId,
        incidentId: input.sourceIncidentId,
        topics: ["timeline"],
        actorId,
      });
    }
    return { ...summary(rb), markdown: input.markdown };
  });
}

export async function listRunbooks(teamId: string): Promise<RunbookSummary[]> {
  const rows = await db.runbook.findMany({
    where: { teamId },
    include,
    orderBy: { updatedAt: "desc" },
    take: 500,
  });
  return rows.map(summary);
}

export async function getRunbook(teamId: string, id: string): Promise<RunbookView | null> {
  const row = await db.runbook.findFirst({ where: { id, teamId }, include });
  if (!row) return null;
  const v = await db.runbookVersion.findFirst({
    where: { runbookId: id, version: row.currentVersion },
  });
  return { ...summary(row), markdown: v?.markdown ?? "" };
}

/** Filters of the runbook library: words (full-text), a tag, a symptom or a finding rule. */
export interface RunbookFilter {
  q?: string;
  tag?: string;
  rule?: string;
}

/**
 * The library, filtered. `q` is full-text over the title and the current version's Markdown
 * (`websearch_to_tsquery`: words, "a phrase", -not, or), ranked by ts_rank; without `q`, most
 * recently updated first. A tag matches tags and symptoms alike.
 */
export async function searchRunbooks(
  teamId: string,
  filter: RunbookFilter,
): Promise<RunbookSummary[]> {
  const q = filter.q?.trim() ?? "";
  if (q === "") {
    const rows = await db.runbook.findMany({
      where: {
        teamId,
        ...(filter.rule ? { rules: { has: filter.rule } } : {}),
        ...(filter.tag
          ? { OR: [{ tags: { has: filter.tag } }, { symptoms: { has: filter.tag } }] }
          : {}),
      },
      include,
      orderBy: { updatedAt: "desc" },
      take: 500,
    });
    return rows.map(summary);
  }
  const hits = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id
      FROM "Runbook" r
      JOIN "RunbookVersion" v ON v."runbookId" = r.id AND v.version = r."currentVersion",
           websearch_to_tsquery('english', ${q}) AS query
     WHERE r."teamId" = ${teamId}
       AND (v."searchVector" @@ query OR to_tsvector('english', r.title) @@ query)
     ORDER BY ts_rank(setweight(to_tsvector('english', r.title), 'A') || v."searchVector", query) DESC,
              r."updatedAt" DESC
     LIMIT 200`;
  if (hits.length === 0) return [];
  const rows = await db.runbook.findMany({
    where: {
      teamId,
      id: { in: hits.map((h) => h.id) },
      ...(filter.rule ? { rules: { has: filter.rule } } : {}),
      ...(filter.tag
        ? { OR: [{ tags: { has: filter.tag } }, { symptoms: { has: filter.tag } }] }
        : {}),
    },
    include,
  });
  const order = new Map(hits.map((h, i) => [h.id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)).map(summary);
}

export interface RunbookVersionInfo {
  version: number;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface RunbookVersionView extends RunbookView {
  /** The version shown (the current one unless asked for another). */
  version: number;
  versionAuthor: { id: string; name: string } | null;
  versionCreatedAt: string;
}

async function authorsOf(ids: (string | null)[]) {
  const list = [...new Set(ids.filter((x): x is string => x !== null))];
  const users = await db.user.findMany({
    where: { id: { in: list } },
    select: { id: true, name: true },
  });
  return new Map(users.map((u) => [u.id, u]));
}

/** Every saved version, newest first. Null when the team has no such runbook. */
export async function listRunbookVersions(
  teamId: string,
  id: string,
): Promise<RunbookVersionInfo[] | null> {
  const rb = await db.runbook.findFirst({ where: { id, teamId }, select: { id: true } });
  if (!rb) return null;
  const rows = await db.runbookVersion.findMany({
    where: { runbookId: id },
    orderBy: { version: "desc" },
    select: { version: true, authorId: true, createdAt: true },
  });
  const people = await authorsOf(rows.map((r) => r.authorId));
  return rows.map((r) => ({
    version: r.version,
    author: r.authorId ? (people.get(r.authorId) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One version of a runbook (the current one by default). */
export async function getRunbookVersion(
  teamId: string,
  id: string,
  version?: number,
): Promise<RunbookVersionView | null> {
  const row = await db.runbook.findFirst({ where: { id, teamId }, include });
  if (!row) return null;
  const v = await db.runbookVersion.findFirst({
    where: { runbookId: id, version: version ?? row.currentVersion },
  });
  if (!v) return null;
  const people = await authorsOf([v.authorId]);
  return {
    ...summary(row),
    markdown: v.markdown,
    version: v.version,
    versionAuthor: v.authorId ? (people.get(v.authorId) ?? null) : null,
    versionCreatedAt: v.createdAt.toISOString(),
  };
}

export type RunbookSaveResult =
  { kind: "saved"; runbook: RunbookVersionView } | { kind: "conflict"; currentVersion: number };

/**
 * Saves an edit as a new version (versions are never changed in place). `baseVersion` is the
 * version the editor started from: when someone saved in between, nothing is written and the
 * answer names the version that got in first. Null when the team has no such runbook.
 */
export async function updateRunbook(
  teamId: string,
  id: string,
  actorId: string,
  input: Omit<RunbookWrite, "sourceIncidentId"> & { baseVersion: number },
): Promise<RunbookSaveResult | null> {
  const out = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ currentVersion: number }[]>`
      SELECT "currentVersion" FROM "Runbook" WHERE id = ${id} AND "teamId" = ${teamId} FOR UPDATE`;
    const current = locked[0];
    if (!current) return null;
    if (current.currentVersion !== input.baseVersion)
      return { kind: "conflict" as const, currentVersion: current.currentVersion };
    const version = current.currentVersion + 1;
    await tx.runbookVersion.create({
      data: { runbookId: id, version, markdown: input.markdown, authorId: actorId },
    });
    await tx.runbook.update({
      where: { id },
      data: {
        title: input.title,
        symptoms: input.symptoms,
        rules: input.rules,
        tags: input.tags,
        currentVersion: version,
      },
    });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "runbook.update",
        targetType: "runbook",
        targetId: id,
        detail: { version },
      },
      tx,
    );
    return { kind: "saved" as const };
  });
  if (out === null) return null;
  if (out.kind === "conflict") return out;
  const runbook = await getRunbookVersion(teamId, id);
  return runbook ? { kind: "saved", runbook } : null;
}

/** Deletes a runbook with its versions (audited). False when the team has no such runbook. */
export async function deleteRunbook(teamId: string, id: string, actorId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const rb = await tx.runbook.findFirst({
      where: { id, teamId },
      select: { id: true, title: true },
    });
    if (!rb) return false;
    await tx.runbook.delete({ where: { id } });
    await recordAudit(
      {
        teamId,
        actorId,
        action: "runbook.delete",
        targetType: "runbook",
        targetId: id,
        detail: { title: rb.title },
      },
      tx,
    );
    return true;
  });
}

export interface RunbookSuggestion extends RunbookSummary {
  /** The incident's finding rules this runbook addresses. */
  matchedRules: string[];
  /** matched / the runbook's rules: 1 when every rule it is written for fired here. */
  coverage: number;
}

/**
 * Runbooks for an incident, ranked by how well their rules match the incident's findings: most
 * matched rules first (weighted by the findings' scores, so the lead finding counts most), then
 * by coverage of the runbook's own rules, then the most recently updated. Findings that are normal
 * for the host (seen in the baseline too) do not suggest anything. A runbook made from this very
 * incident is left out. Null when the team has no such incident.
 */
export async function runbookSuggestions(
  teamId: string,
  incidentId: string,
): Promise<RunbookSuggestion[] | null> {
  const incident = await db.incident.findFirst({
    where: { id: incidentId, teamId },
    select: {
      id: true,
      findings: { select: { rule: true, score: true, processes: true } },
    },
  });
  if (!incident) return null;
  const weight = new Map<string, number>();
  for (const f of incident.findings) {
    const extra = (f.processes as { extra?: { normalForHost?: boolean } } | null)?.extra;
    if (extra?.normalForHost) continue;
    weight.set(f.rule, Math.max(weight.get(f.rule) ?? 0, f.score));
  }
  if (weight.size === 0) return [];
  const rows = await db.runbook.findMany({
    where: { teamId, rules: { hasSome: [...weight.keys()] } },
    include,
  });
  return rows
    .filter((r) => r.sourceIncidentId !== incidentId)
    .map((r) => {
      const matchedRules = r.rules.filter((rule) => weight.has(rule));
      const strength = matchedRules.reduce((s, rule) => s + (weight.get(rule) ?? 0), 0);
      return {
        ...summary(r),
        matchedRules,
        coverage: r.rules.length > 0 ? matchedRules.length / r.rules.length : 0,
        strength,
      };
    })
    .sort(
      (a, b) =>
        b.matchedRules.length - a.matchedRules.length ||
        b.strength - a.strength ||
        b.coverage - a.coverage ||
        b.updatedAt.localeCompare(a.updatedAt),
    )
    .slice(0, 10)
    .map(({ strength: _strength, ...s }) => s);
}

/** Finding rules the team has seen (in incidents or runbooks): choices for a runbook's rules. */
export async function knownRules(teamId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ rule: string }[]>`
    SELECT DISTINCT f.rule FROM "Finding" f JOIN "Incident" i ON i.id = f."incidentId"
     WHERE i."teamId" = ${teamId}
    UNION
    SELECT DISTINCT unnest(r.rules) FROM "Runbook" r WHERE r."teamId" = ${teamId}
    ORDER BY 1`;
  return rows.map((r) => r.rule);
}

/** Tags (with symptoms) and rules used by the team's runbooks: the library's filter choices. */
export async function runbookFacets(teamId: string): Promise<{ tags: string[]; rules: string[] }> {
  const rows = await db.runbook.findMany({
    where: { teamId },
    select: { tags: true, rules: true },
  });
  const sorted = (xs: string[]) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
  return {
    tags: sorted(rows.flatMap((r) => r.tags)),
    rules: sorted(rows.flatMap((r) => r.rules)),
  };
}
