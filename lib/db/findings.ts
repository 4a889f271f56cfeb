import "server-only";
import { createHash } from "node:crypto";
import type { Finding } from "@/lib/analysis/types";
import { db } from "./client";
import { notifyIncident } from "./notify";

export interface StoredFinding extends Finding {
  id: string;
  hostId: string | null;
  hostname: string | null;
  snapshotId: string | null;
  windowFrom: string | null;
  windowTo: string | null;
  computedAt: string;
}

export interface FindingWrite {
  hostId: string;
  snapshotId: string | null;
  finding: Finding;
  windowFrom: number | null;
  windowTo: number | null;
}

/**
 * A finding's id, the same each time the analysis finds the same thing: the incident, the host,
 * the rule, and the series of its first evidence (its metric and labels), plus an ordinal when
 * one analysis gives several such findings. Hypotheses, timeline pins and `?finding=` links keep
 * pointing at it when the findings are recomputed (a new upload, "Recompute"); a random id made
 * every recompute strand them.
 */
export function stableFindingIds(incidentId: string, rows: readonly FindingWrite[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const first = r.finding.evidence[0];
    const labels = first
      ? Object.keys(first.labels)
          .sort()
          .map((k) => [k, first.labels[k]])
      : [];
    const key = JSON.stringify([incidentId, r.hostId, r.finding.rule, first?.metric ?? "", labels]);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const digest = createHash("sha256")
      .update(`${key}#${String(n)}`)
      .digest("base64url");
    return `f_${digest.slice(0, 24)}`;
  });
}

/**
 * Replaces an incident's findings with a fresh analysis, in one transaction, and tells the room.
 * Two recomputes at once run one after the other (the incident row is locked): the second one
 * replaces the first one's findings instead of adding to them.
 */
export async function replaceFindings(
  teamId: string,
  incidentId: string,
  rows: FindingWrite[],
  actorId?: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Incident" WHERE id = ${incidentId} AND "teamId" = ${teamId} FOR UPDATE`;
    if (locked.length === 0) return;
    await tx.finding.deleteMany({ where: { incidentId } });
    if (rows.length > 0) {
      const ids = stableFindingIds(incidentId, rows);
      await tx.finding.createMany({
        data: rows.map((r, i) => {
          const {
            rule,
            domain,
            severity,
            score,
            title,
            summary,
            evidence,
            processes,
            nextSteps,
            ...extra
          } = r.finding;
          return {
            id: ids[i],
            incidentId,
            hostId: r.hostId,
            snapshotId: r.snapshotId,
            rule,
            domain,
            severity,
            score,
            title,
            summary,
            evidence: JSON.parse(JSON.stringify(evidence)) as object,
            processes: JSON.parse(JSON.stringify({ processes, extra })) as object,
            nextSteps: JSON.parse(JSON.stringify(nextSteps)) as object,
            windowFrom: r.windowFrom === null ? null : new Date(r.windowFrom),
            windowTo: r.windowTo === null ? null : new Date(r.windowTo),
          };
        }),
      });
    }
    await notifyIncident(tx, { teamId, incidentId, topics: ["findings"], actorId });
  });
}

export async function listFindings(teamId: string, incidentId: string): Promise<StoredFinding[]> {
  const rows = await db.finding.findMany({
    where: { incidentId, incident: { teamId } },
    orderBy: [{ score: "desc" }, { rule: "asc" }],
  });
  const hostIds = [...new Set(rows.map((r) => r.hostId).filter((h): h is string => h !== null))];
  const hosts = new Map(
    (
      await db.host.findMany({
        where: { id: { in: hostIds }, teamId },
        select: { id: true, hostname: true },
      })
    ).map((h) => [h.id, h.hostname]),
  );
  return rows.map((r) => {
    const stored = r.processes as {
      processes?: Finding["processes"];
      extra?: Partial<Finding>;
    } | null;
    return {
      ...(stored?.extra ?? {}),
      id: r.id,
      rule: r.rule,
      domain: r.domain as Finding["domain"],
      severity: r.severity as Finding["severity"],
      score: r.score,
      title: r.title,
      summary: r.summary,
      evidence: r.evidence as unknown as Finding["evidence"],
      processes: stored?.processes ?? [],
      nextSteps: r.nextSteps as unknown as Finding["nextSteps"],
      kind: stored?.extra?.kind ?? "utilization",
      hostId: r.hostId,
      hostname: r.hostId ? (hosts.get(r.hostId) ?? null) : null,
      snapshotId: r.snapshotId,
      windowFrom: r.windowFrom?.toISOString() ?? null,
      windowTo: r.windowTo?.toISOString() ?? null,
      computedAt: r.computedAt.toISOString(),
    };
  });
}
