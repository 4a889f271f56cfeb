/**
 * A team runbook made from an incident's postmortem: what the symptom looks like, the commands
 * that confirm it, the fix that worked, how to verify, and the postmortem itself for the details.
 * Its `rules` are the finding rules the incident raised, so the next incident whose findings
 * match can suggest it.
 */
import type { NextStep } from "@/lib/analysis/types";
import type { DossierFinding } from "./dossier";

export interface RunbookDraft {
  title: string;
  markdown: string;
  symptoms: string[];
  rules: string[];
  tags: string[];
}

export interface RunbookSource {
  incidentKey: string;
  incidentTitle: string;
  environment: string;
  postmortemMarkdown: string;
  findings: (DossierFinding & { nextSteps?: NextStep[] })[];
  fixes: { description: string; target: string }[];
}

const DEVICE = /\b(x?vd[a-z]+|sd[a-z]\d*|nvme\d+n\d+(p\d+)?|eth\d+|ens\d+\w*|enp\w+)\b/g;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Drops the postmortem's own top heading: the runbook has its own title. */
function body(markdown: string): string {
  return markdown.replace(/^#\s+[^\n]*\n+/, "").trim();
}

export function runbookFromIncident(src: RunbookSource): RunbookDraft {
  const real = src.findings.filter((f) => !f.normalForHost);
  const ranked = real.length > 0 ? real : src.findings;
  const lead = ranked[0];
  // "Disk vda saturated" → "Disk <device> saturated": the next incident may be on another device.
  const title = lead ? lead.title.replace(DEVICE, "<device>") : src.incidentTitle;
  const symptoms = unique(ranked.slice(0, 5).map((f) => f.title));
  const rules = unique(ranked.map((f) => f.rule));
  const tags = unique([...ranked.map((f) => f.domain), src.environment]);
  const steps = unique(
    ranked
      .slice(0, 3)
      .flatMap((f) => (f.nextSteps ?? []).slice(0, 3))
      .map((s) => `- \`${s.command}\` — ${s.why}`),
  );
  const lines = [
    `# Runbook: ${title}`,
    "",
    `_From ${src.incidentKey} (${src.incidentTitle}). Applies when Warroom raises: ${rules.map((r) => `\`${r}\``).join(", ") || "—"}._`,
    "",
    "## Symptoms",
    "",
    ...(symptoms.length > 0
      ? symptoms.map((s) => `- ${s}`)
      : ["- _Describe what responders see._"]),
    "",
    "## Confirm",
    "",
    ...(steps.length > 0 ? steps : ["- _Commands that confirm the cause._"]),
    "",
    "## Fix",
    "",
    ...(src.fixes.length > 0
      ? src.fixes.map((f) => `- ${f.description} (on ${f.target})`)
      : ["- _What fixed it last time._"]),
    "",
    "## Verify",
    "",
    "- Capture again with the same collector and compare with the baseline in Warroom's Verify step.",
    "",
    "## The postmortem",
    "",
    body(src.postmortemMarkdown).replace(/^## /gm, "### "),
    "",
  ];
  return {
    title: `Runbook: ${title}`.slice(0, 200),
    markdown: lines.join("\n"),
    symptoms,
    rules,
    tags,
  };
}
