import "server-only";
import {
  sharesEvidence,
  similarity,
  type IncidentFeatures,
  type SharedFeatures,
} from "@/lib/workflow/similarity";
import { db } from "./client";
import { fromDbEnvironment } from "./incidents";

export interface SimilarIncident {
  id: string;
  key: string;
  title: string;
  severity: string;
  status: string;
  detectedAt: string;
  /** 0..1 weighted Jaccard over rules, metrics, domains, hosts, environment and title words. */
  score: number;
  shared: SharedFeatures;
  /** It has a saved postmortem (worth reading first). */
  hasPostmortem: boolean;
}

/** How many recent incidents of the team are compared (newest first). */
const CANDIDATES = 500;
const MIN_SCORE = 0.1;

interface Loaded {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  detectedAt: Date;
  features: IncidentFeatures;
  hasPostmortem: boolean;
}

function metricsOf(evidence: unknown): string[] {
  if (!Array.isArray(evidence)) return [];
  return evidence
    .map((e) => (e && typeof e === "object" ? (e as { metric?: unknown }).metric : undefined))
    .filter((m): m is string => typeof m === "string");
}

async function loadFeatures(teamId: string, ids: string[] | null): Promise<Loaded[]> {
  const incidents = await db.incident.findMany({
    where: { teamId, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { detectedAt: "desc" },
    take: ids ? undefined : CANDIDATES,
    select: {
      id: true,
      number: true,
      title: true,
      severity: true,
      status: true,
      environment: true,
      detectedAt: true,
      findings: { select: { rule: true, domain: true, evidence: true, processes: true } },
      snapshots: { select: { snapshot: { select: { host: { select: { hostname: true } } } } } },
      _count: { select: { postmortems: true } },
    },
  });
  return incidents.map((i) => {
    // Normal for the host (in its baseline too): not evidence of this incident.
    const real = i.findings.filter(
      (f) => !(f.processes as { extra?: { normalForHost?: boolean } } | null)?.extra?.normalForHost,
    );
    return {
      id: i.id,
      number: i.number,
      title: i.title,
      severity: i.severity,
      status: i.status,
      detectedAt: i.detectedAt,
      hasPostmortem: i._count.postmortems > 0,
      features: {
        rules: [...new Set(real.map((f) => f.rule))],
        metrics: [...new Set(real.flatMap((f) => metricsOf(f.evidence)))],
        domains: [...new Set(real.map((f) => f.domain))],
        hosts: [...new Set(i.snapshots.map((s) => s.snapshot.host.hostname))],
        environment: fromDbEnvironment(i.environment),
        title: i.title,
      },
    };
  });
}

/**
 * Past incidents of the team most like this one by its findings and hosts (see
 * lib/workflow/similarity.ts for the score and its weights), best first. Only incidents that
 * share some evidence (a rule, metric, domain or host) qualify: same words alone are not enough.
 * Null when the team has no such incident.
 */
export async function similarIncidents(
  teamId: string,
  incidentId: string,
  limit = 5,
): Promise<SimilarIncident[] | null> {
  const [self] = await loadFeatures(teamId, [incidentId]);
  if (!self) return null;
  const candidates = await loadFeatures(teamId, null);
  return candidates
    .filter((c) => c.id !== incidentId)
    .map((c) => ({ c, s: similarity(self.features, c.features) }))
    .filter(({ s }) => s.score >= MIN_SCORE && sharesEvidence(s))
    .sort((a, b) => b.s.score - a.s.score || b.c.detectedAt.getTime() - a.c.detectedAt.getTime())
    .slice(0, limit)
    .map(({ c, s }) => ({
      id: c.id,
      key: `INC-${c.number}`,
      title: c.title,
      severity: c.severity,
      status: c.status,
      detectedAt: c.detectedAt.toISOString(),
      score: Math.round(s.score * 1000) / 1000,
      shared: s.shared,
      hasPostmortem: c.hasPostmortem,
    }));
}
