/**
 * Everything the postmortem draft is written from, as one plain object: the service in
 * lib/investigation/postmortem.ts gathers it from the database, the renderer (./draft.ts) turns
 * it into Markdown, and the unit tests build it by hand. Dates are ISO strings.
 */
import type { Evidence } from "@/lib/analysis/types";
import type { Verdict } from "@/lib/workflow/verify";

export interface DossierFinding {
  rule: string;
  domain: string;
  severity: "critical" | "warning" | "info";
  /** USE class: errors, saturation or utilization. */
  kind?: "errors" | "saturation" | "utilization";
  title: string;
  summary: string;
  hostname: string | null;
  evidence: Evidence[];
  /** The baseline showed the same: normal for the host, not a cause. */
  normalForHost?: boolean;
}

export interface DossierHypothesis {
  text: string;
  status: "proposed" | "testing" | "confirmed" | "refuted";
  author: string | null;
  /** Findings the hypothesis links as its evidence (resolved from the finding ids). */
  findings: DossierFinding[];
  /** Chart windows it links: ISO times and metric selectors. */
  windows: { from: string; to: string; metrics: string[]; note?: string }[];
}

export interface DossierFix {
  description: string;
  target: string;
  appliedAt: string;
  author: string | null;
}

export interface DossierVerificationRow {
  hostname: string;
  metric: string;
  labels: Record<string, string>;
  unit: string;
  stat: "median" | "mean";
  before: number | null;
  after: number | null;
  baseline: number | null;
  verdict: Verdict;
  reason: string;
}

export interface DossierVerification {
  hasVerifySnapshot: boolean;
  hasBaseline: boolean;
  rows: DossierVerificationRow[];
}

export interface DossierTimelineEntry {
  at: string;
  kind: string;
  message: string;
  author: string | null;
}

export interface DossierActionItem {
  title: string;
  owner: string | null;
  dueDate: string | null;
  status: "open" | "done" | "cancelled";
}

export interface PostmortemDossier {
  incident: {
    key: string;
    title: string;
    /** "Who is affected and how", as written in the Identify step. */
    summary: string;
    severity: string;
    status: string;
    environment: string;
    startedAt: string | null;
    detectedAt: string;
    mitigatedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
    commander: string | null;
  };
  generatedAt: string;
  hosts: { hostname: string; roles: ("baseline" | "incident" | "verify")[] }[];
  /** Where "normal" came from, in words (e.g. "baseline snapshot of db-1, 17:09–17:10 UTC"). */
  baseline: string | null;
  /** Most important first (as the analysis ranks them). */
  findings: DossierFinding[];
  hypotheses: DossierHypothesis[];
  fixes: DossierFix[];
  verification: DossierVerification | null;
  timeline: DossierTimelineEntry[];
  actionItems: DossierActionItem[];
}
