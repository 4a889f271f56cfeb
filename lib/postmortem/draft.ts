/**
 * The postmortem draft: a plain incident dossier in, Markdown out. The team edits the result; the
 * draft's job is to put every fact Warroom already knows (times, numbers, who did what) in the
 * usual postmortem sections so nobody has to copy them from the charts by hand.
 *
 * Sections: Summary, Impact, Timeline, Root cause (with the evidence: observed vs threshold vs
 * baseline), Fix, Verification (verdict per metric), Action items, the alert that would have
 * caught it, Lessons learned. Pure and deterministic: the same dossier gives the same text.
 */
import type { Evidence, EvidenceStat } from "@/lib/analysis/types";
import { overallVerdict, VERDICT_LABEL } from "@/lib/workflow/verify";
import { formatValue, metricLabel, selectorText } from "@/lib/workflow/verify-metrics";
import { suggestAlert } from "./alert";
import type { DossierFinding, DossierHypothesis, PostmortemDossier } from "./dossier";

export const POSTMORTEM_SECTIONS = [
  "Summary",
  "Impact",
  "Timeline",
  "Root cause",
  "Fix",
  "Verification",
  "Action items",
  "What alert would have caught it",
  "Lessons learned",
] as const;

/** `2026-12-04 17:17 UTC` */
export function utcMinute(iso: string | null | undefined): string {
  if (!iso) return "unknown";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function utcSecond(t: string | number): string {
  if (typeof t === "number") return `+${Math.round(t)} s`;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : t;
}

function span(from: string | number, to: string | number): string {
  const tail = typeof from === "string" ? " UTC" : "";
  return `${utcSecond(from)}–${utcSecond(to)}${tail}`;
}

function duration(fromIso: string | null, toIso: string | null): string | null {
  if (!fromIso || !toIso) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return null;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
}

/** Text that goes into one table cell: no line breaks, no column separators. */
function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

/** User text as a sentence: one line, ending with a full stop unless it has its own. */
function sentence(text: string): string {
  const t = inline(text);
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

/** One line of prose: user text must not open a heading or a list by accident. */
function inline(text: string): string {
  return text.replace(/\r?\n+/g, " ").trim();
}

const STAT_WORD: Record<EvidenceStat, string> = {
  mean: "mean",
  p95: "p95",
  max: "max",
  min: "min",
  last: "last",
  delta: "increase",
  count: "count",
  ratio: "ratio",
};

function observed(e: Evidence): string {
  return `${formatValue(e.observed, e.unit)} (${STAT_WORD[e.stat]} of ${e.samples} ${e.stat === "count" ? "events" : "samples"})`;
}

/** Evidence the rule compared with a level (threshold 0 means "context", e.g. throughput). */
function keyEvidence(f: DossierFinding, max = 4): Evidence[] {
  const compared = f.evidence.filter((e) => e.threshold > 0);
  return (compared.length > 0 ? compared : f.evidence).slice(0, max);
}

function evidenceTable(findings: readonly DossierFinding[]): string[] {
  const lines = [
    "| Finding | Host | Metric | Observed | Threshold | Baseline | Window |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const f of findings) {
    for (const e of keyEvidence(f)) {
      lines.push(
        `| ${cell(f.title)} | ${cell(f.hostname ?? "–")} | \`${cell(selectorText(e.metric, e.labels))}\` | ${observed(e)} | ${formatValue(e.threshold, e.unit)} | ${e.baseline === undefined ? "no baseline" : formatValue(e.baseline, e.unit)} | ${span(e.from, e.to)} |`,
      );
    }
  }
  return lines;
}

/** Findings that point at the cause: not normal for the host, most important first. */
function leadingFindings(d: PostmortemDossier, max = 3): DossierFinding[] {
  const real = d.findings.filter((f) => !f.normalForHost && f.severity !== "info");
  return (real.length > 0 ? real : d.findings.filter((f) => !f.normalForHost)).slice(0, max);
}

function headline(f: DossierFinding): string {
  const e = keyEvidence(f, 1)[0];
  if (!e) return f.title;
  const base = e.baseline === undefined ? "" : `, baseline ${formatValue(e.baseline, e.unit)}`;
  return `${f.title} (${metricLabel(e.metric, e.labels)} ${formatValue(e.observed, e.unit)} against a threshold of ${formatValue(e.threshold, e.unit)}${base})`;
}

function confirmed(d: PostmortemDossier): DossierHypothesis[] {
  return d.hypotheses.filter((h) => h.status === "confirmed");
}

function summarySection(d: PostmortemDossier): string[] {
  const i = d.incident;
  const hosts = d.hosts.map((h) => h.hostname);
  const parts: string[] = [];
  parts.push(
    `${i.severity} incident on ${hosts.length > 0 ? hosts.map((h) => `\`${h}\``).join(", ") : "hosts not yet named"} (${i.environment}), detected ${utcMinute(i.detectedAt)}${i.startedAt ? `, started ${utcMinute(i.startedAt)}` : ""}; status **${i.status}**.`,
  );
  const lead = leadingFindings(d, 1)[0];
  if (lead) parts.push(`The analysis found: ${headline(lead)}.`);
  const cause = confirmed(d)[0];
  parts.push(
    cause
      ? `Root cause (confirmed): ${sentence(cause.text)}`
      : "The root cause is not confirmed yet.",
  );
  const fix = d.fixes[0];
  if (fix) {
    parts.push(
      `Fixed by: ${inline(fix.description).replace(/[.!]$/, "")} on ${inline(fix.target)} at ${utcMinute(fix.appliedAt)}${d.fixes.length > 1 ? ` (and ${d.fixes.length - 1} more change${d.fixes.length > 2 ? "s" : ""})` : ""}.`,
    );
  }
  const v = d.verification;
  if (v && v.hasVerifySnapshot && v.rows.length > 0) {
    const back = v.rows.filter((r) => r.verdict === "back-to-baseline").length;
    parts.push(
      `After the fix, ${back} of ${v.rows.length} checked metrics are back to baseline (overall: ${VERDICT_LABEL[overallVerdict(v.rows.map((r) => r.verdict))].toLowerCase()}).`,
    );
  }
  const times = [
    ["Started", i.startedAt],
    ["Detected", i.detectedAt],
    ["Mitigated", i.mitigatedAt],
    ["Resolved", i.resolvedAt],
  ] as const;
  const lines = [parts.join(" "), ""];
  lines.push("| Milestone | When (UTC) |", "|---|---|");
  for (const [label, at] of times)
    if (at) lines.push(`| ${label} | ${utcMinute(at).replace(" UTC", "")} |`);
  const ttm = duration(i.startedAt ?? i.detectedAt, i.mitigatedAt);
  if (ttm) lines.push("", `Time to mitigate: ${ttm}.`);
  if (i.commander) lines.push("", `Incident commander: ${inline(i.commander)}.`);
  return lines;
}

function impactSection(d: PostmortemDossier): string[] {
  const text = d.incident.summary.trim();
  return [
    text.length > 0
      ? text
      : "_Who was affected, how many, for how long, and what it cost (errors, latency, revenue)._",
  ];
}

function timelineSection(d: PostmortemDossier): string[] {
  if (d.timeline.length === 0) return ["_No timeline entries._"];
  const rows = [...d.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, 200);
  return [
    "| Time (UTC) | What | Who |",
    "|---|---|---|",
    ...rows.map(
      (e) =>
        `| ${utcMinute(e.at).replace(" UTC", "")} | ${cell(e.message)} | ${cell(e.author ?? "Warroom")} |`,
    ),
  ];
}

function rootCauseSection(d: PostmortemDossier): string[] {
  const lines: string[] = [];
  const causes = confirmed(d);
  if (causes.length === 0) {
    lines.push(
      "_No hypothesis is confirmed yet: confirm one in the Analyze step, or write the cause here._",
    );
  }
  for (const h of causes) {
    lines.push(
      `**${inline(h.text)}**${h.author ? ` (hypothesis by ${inline(h.author)}, confirmed)` : ""}`,
      "",
    );
    for (const w of h.windows) {
      lines.push(
        `- Chart window ${span(w.from, w.to)}${w.metrics.length > 0 ? `: ${w.metrics.map((m) => `\`${m}\``).join(", ")}` : ""}${w.note ? ` — ${inline(w.note)}` : ""}`,
      );
    }
    if (h.windows.length > 0) lines.push("");
  }
  const linked = causes.flatMap((h) => h.findings);
  const evidence = linked.length > 0 ? linked : leadingFindings(d);
  if (evidence.length > 0) {
    lines.push(
      linked.length > 0
        ? "Evidence linked to the hypothesis:"
        : "Leading evidence from the analysis:",
      "",
      ...evidenceTable(evidence),
      "",
    );
    for (const f of evidence) lines.push(`- **${inline(f.title)}**: ${inline(f.summary)}`);
  }
  const refuted = d.hypotheses.filter((h) => h.status === "refuted");
  if (refuted.length > 0) {
    lines.push("", "Ruled out:", ...refuted.map((h) => `- ~~${inline(h.text)}~~`));
  }
  if (d.baseline) lines.push("", `Compared with: ${inline(d.baseline)}.`);
  return lines;
}

function fixSection(d: PostmortemDossier): string[] {
  if (d.fixes.length === 0) return ["_No change recorded yet (Fix step)._"];
  return d.fixes.map(
    (f) =>
      `- **${utcMinute(f.appliedAt)}** on \`${inline(f.target)}\`${f.author ? ` by ${inline(f.author)}` : ""}: ${inline(f.description)}`,
  );
}

function verificationSection(d: PostmortemDossier): string[] {
  const v = d.verification;
  if (!v || !v.hasVerifySnapshot) {
    return [
      "_No after-fix capture yet: upload one in the Verify step to compare with the incident._",
    ];
  }
  if (v.rows.length === 0) return ["_No symptom or hypothesis metrics to compare._"];
  const overall = overallVerdict(v.rows.map((r) => r.verdict));
  const lines = [
    `Overall: **${VERDICT_LABEL[overall]}** (${v.hasBaseline ? "compared with the baseline and the incident" : "no baseline: compared with the incident only"}).`,
    "",
    "| Host | Metric | Baseline | Incident | After fix | Verdict |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of v.rows) {
    lines.push(
      `| ${cell(r.hostname)} | ${cell(metricLabel(r.metric, r.labels))} (${r.stat}) | ${formatValue(r.baseline, r.unit)} | ${formatValue(r.before, r.unit)} | ${formatValue(r.after, r.unit)} | ${VERDICT_LABEL[r.verdict]} |`,
    );
  }
  return lines;
}

function actionItemsSection(d: PostmortemDossier, alertSentence: string | null): string[] {
  if (d.actionItems.length > 0) {
    return d.actionItems.map((a) => {
      const who = `owner: ${a.owner ? inline(a.owner) : "unassigned"}${a.dueDate ? `, due ${a.dueDate.slice(0, 10)}` : ""}`;
      if (a.status === "cancelled") return `- [ ] ~~${inline(a.title)}~~ — ${who} (cancelled)`;
      return `- [${a.status === "done" ? "x" : " "}] ${inline(a.title)} — ${who}`;
    });
  }
  const suggestions = [
    alertSentence ? `Add the alert: ${alertSentence}` : "Add an alert for the symptom",
    "Save this postmortem as a runbook for the next incident like it",
  ];
  if (!d.baseline) suggestions.push("Keep a baseline for these hosts (enable sysstat history)");
  return [
    "_Suggested; create them as action items with an owner and a due date:_",
    "",
    ...suggestions.map((s) => `- [ ] ${s} — owner: unassigned`),
  ];
}

function alertSection(d: PostmortemDossier): { lines: string[]; sentence: string | null } {
  const a = suggestAlert(leadingFindings(d).length > 0 ? leadingFindings(d) : d.findings);
  if (!a) return { lines: ["_No finding to derive an alert from._"], sentence: null };
  const lines = [
    `**${a.sentence}**`,
    "",
    `From "${inline(a.findingTitle)}"${a.hostname ? ` on \`${a.hostname}\`` : ""}: the incident showed ${formatValue(a.observed, a.unit)}${a.baseline === undefined ? "" : ` where ${formatValue(a.baseline, a.unit)} is normal`}; the rule's threshold is ${formatValue(a.threshold, a.unit)}.`,
  ];
  if (a.promql) {
    lines.push(
      "",
      "With node_exporter and Prometheus:",
      "",
      "```yaml",
      `- alert: ${a.rule.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase())}`,
      `  expr: ${a.promql}`,
      `  for: ${a.forMinutes}m`,
      `  labels: { severity: ${a.forMinutes === 1 ? "page" : "ticket"} }`,
      `  annotations: { summary: "${a.findingTitle.replace(/"/g, "'")}" }`,
      "```",
    );
  }
  return { lines, sentence: a.sentence };
}

/** Renders the postmortem draft of an incident. */
export function renderPostmortemDraft(d: PostmortemDossier): string {
  const alert = alertSection(d);
  const sections: [string, string[]][] = [
    ["Summary", summarySection(d)],
    ["Impact", impactSection(d)],
    ["Timeline", timelineSection(d)],
    ["Root cause", rootCauseSection(d)],
    ["Fix", fixSection(d)],
    ["Verification", verificationSection(d)],
    ["Action items", actionItemsSection(d, alert.sentence)],
    ["What alert would have caught it", alert.lines],
    [
      "Lessons learned",
      ["- What went well: _…_", "- What went badly: _…_", "- Where we were lucky: _…_"],
    ],
  ];
  const out = [
    `# ${d.incident.key}: ${inline(d.incident.title)} — postmortem`,
    "",
    `_Drafted by Warroom from the incident on ${utcMinute(d.generatedAt)}. Blameless: describe what the system and the process allowed, not who erred._`,
  ];
  for (const [title, body] of sections) out.push("", `## ${title}`, "", ...body);
  return `${out.join("\n")}\n`;
}
