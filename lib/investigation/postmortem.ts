import "server-only";
import { listActionItems } from "@/lib/db/action-items";
import { db } from "@/lib/db/client";
import { listFindings, type StoredFinding } from "@/lib/db/findings";
import { listFixes } from "@/lib/db/fixes";
import { listHypotheses } from "@/lib/db/hypotheses";
import { getIncident } from "@/lib/db/incidents";
import {
  getPostmortemVersion,
  listPostmortemVersions,
  type PostmortemVersionMeta,
  type PostmortemVersionView,
} from "@/lib/db/postmortems";
import { listTimeline } from "@/lib/db/timeline";
import type { DossierFinding, PostmortemDossier } from "@/lib/postmortem/dossier";
import { renderPostmortemDraft, utcMinute } from "@/lib/postmortem/draft";
import { runbookFromIncident, type RunbookDraft } from "@/lib/postmortem/runbook";
import { linkedFindings, verifyReport } from "./verify";

/** Entries about the postmortem itself are not part of the incident's story. */
const OWN_KINDS = new Set(["postmortem", "runbook"]);

function toDossierFinding(f: StoredFinding): DossierFinding {
  return {
    rule: f.rule,
    domain: f.domain,
    severity: f.severity,
    kind: f.kind,
    title: f.title,
    summary: f.summary,
    hostname: f.hostname,
    evidence: f.evidence,
    ...(f.normalForHost ? { normalForHost: true } : {}),
  };
}

/** Everything the draft is written from, gathered for one incident; null when not the team's. */
export async function buildDossier(
  teamId: string,
  incidentId: string,
): Promise<PostmortemDossier | null> {
  const incident = await getIncident(teamId, incidentId);
  if (!incident) return null;
  const [links, findings, hypotheses, fixes, verification, timeline, actions] = await Promise.all([
    db.incidentSnapshot.findMany({
      where: { incidentId, incident: { teamId }, snapshot: { teamId } },
      include: {
        snapshot: {
          select: { capturedFrom: true, capturedTo: true, host: { select: { hostname: true } } },
        },
      },
      orderBy: { addedAt: "asc" },
    }),
    listFindings(teamId, incidentId),
    listHypotheses(teamId, incidentId),
    listFixes(teamId, incidentId),
    verifyReport(teamId, incidentId),
    listTimeline(teamId, incidentId),
    listActionItems(teamId, incidentId),
  ]);
  const hosts = new Map<string, PostmortemDossier["hosts"][number]>();
  for (const l of links) {
    const h = hosts.get(l.snapshot.host.hostname) ?? {
      hostname: l.snapshot.host.hostname,
      roles: [],
    };
    if (!h.roles.includes(l.role)) h.roles.push(l.role);
    hosts.set(h.hostname, h);
  }
  const baselines = links.filter((l) => l.role === "baseline");
  const baseline =
    baselines.length > 0
      ? baselines
          .map(
            (l) =>
              `baseline snapshot of ${l.snapshot.host.hostname} captured ${utcMinute(l.snapshot.capturedFrom?.toISOString())}`,
          )
          .join("; ")
      : null;
  const byId = new Map(findings.map((f) => [f.id, f]));
  return {
    incident: {
      key: incident.key,
      title: incident.title,
      summary: incident.summary,
      severity: incident.severity,
      status: incident.status,
      environment: incident.environment,
      startedAt: incident.startedAt,
      detectedAt: incident.detectedAt,
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
      closedAt: incident.closedAt,
      commander: incident.commander?.name ?? null,
    },
    generatedAt: new Date().toISOString(),
    hosts: [...hosts.values()],
    baseline,
    findings: findings.map(toDossierFinding),
    hypotheses: hypotheses.map((h) => ({
      text: h.text,
      status: h.status,
      author: h.author?.name ?? null,
      findings: h.evidence.flatMap((e) =>
        e.kind === "finding" ? linkedFindings(e, findings, byId).map(toDossierFinding) : [],
      ),
      windows: h.evidence.flatMap((e) =>
        e.kind === "window"
          ? [{ from: e.from, to: e.to, metrics: e.metrics, ...(e.note ? { note: e.note } : {}) }]
          : [],
      ),
    })),
    fixes: fixes.map((f) => ({
      description: f.description,
      target: f.target,
      appliedAt: f.appliedAt,
      author: f.author?.name ?? null,
    })),
    verification: verification
      ? {
          hasVerifySnapshot: verification.hasVerifySnapshot,
          hasBaseline: verification.hasBaseline,
          rows: verification.rows.map((r) => ({
            hostname: r.host.hostname,
            metric: r.metric,
            labels: r.labels,
            unit: r.unit,
            stat: r.stat,
            before: r.before ? r.before[r.stat] : null,
            after: r.after ? r.after[r.stat] : null,
            baseline: r.baseline ? r.baseline[r.stat] : null,
            verdict: r.verdict,
            reason: r.reason,
          })),
        }
      : null,
    timeline: timeline
      .filter((e) => !OWN_KINDS.has(e.kind))
      .map((e) => ({ at: e.at, kind: e.kind, message: e.message, author: e.author?.name ?? null })),
    actionItems: actions.map((a) => ({
      title: a.title,
      owner: a.owner?.name ?? null,
      dueDate: a.dueDate,
      status: a.status,
    })),
  };
}

export interface PostmortemView {
  latest: PostmortemVersionView | null;
  versions: PostmortemVersionMeta[];
  /** Always freshly generated from the incident as it is now. */
  draft: string;
  /** The version asked for with `?version=N`. */
  selected?: PostmortemVersionView | null;
}

export async function postmortemView(
  teamId: string,
  incidentId: string,
  version?: number,
): Promise<PostmortemView | null> {
  const dossier = await buildDossier(teamId, incidentId);
  if (!dossier) return null;
  const [latest, versions] = await Promise.all([
    getPostmortemVersion(teamId, incidentId),
    listPostmortemVersions(teamId, incidentId),
  ]);
  const view: PostmortemView = { latest, versions, draft: renderPostmortemDraft(dossier) };
  if (version !== undefined)
    view.selected = await getPostmortemVersion(teamId, incidentId, version);
  return view;
}

/** The text to export: the latest saved version, else the fresh draft. */
export async function postmortemForExport(
  teamId: string,
  incidentId: string,
): Promise<{ key: string; version: number | null; markdown: string } | null> {
  const incident = await getIncident(teamId, incidentId);
  if (!incident) return null;
  const latest = await getPostmortemVersion(teamId, incidentId);
  if (latest) return { key: incident.key, version: latest.version, markdown: latest.markdown };
  const dossier = await buildDossier(teamId, incidentId);
  return dossier
    ? { key: incident.key, version: null, markdown: renderPostmortemDraft(dossier) }
    : null;
}

/** A runbook made from the incident's postmortem and findings; null when not the team's. */
export async function runbookDraftFromIncident(
  teamId: string,
  incidentId: string,
): Promise<RunbookDraft | null> {
  const incident = await getIncident(teamId, incidentId);
  if (!incident) return null;
  const [pm, findings, fixes] = await Promise.all([
    postmortemForExport(teamId, incidentId),
    listFindings(teamId, incidentId),
    listFixes(teamId, incidentId),
  ]);
  if (!pm) return null;
  return runbookFromIncident({
    incidentKey: incident.key,
    incidentTitle: incident.title,
    environment: incident.environment,
    postmortemMarkdown: pm.markdown,
    findings: findings.map((f) => ({ ...toDossierFinding(f), nextSteps: f.nextSteps })),
    fixes: fixes.map((f) => ({ description: f.description, target: f.target })),
  });
}
