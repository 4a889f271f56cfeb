/**
 * "Similar past incidents": how alike two incidents are by what happened on the hosts, not by
 * what someone typed in the title. Pure (no database): lib/db/similar.ts loads the features.
 *
 * Each incident becomes a set of typed features, and two sets are compared with a weighted
 * Jaccard index: the weight of the features both have, over the weight of the features either
 * has — 1 for identical evidence, 0 for nothing in common; a feature only one incident has
 * counts against the match, so a busy incident is not "similar" to everything.
 *
 * Weights, and why:
 * - rule (5): the finding rule (`disk-saturation`, `tcp-retransmits`) is the diagnosis the
 *   engine reached from the metrics; the same rule is the strongest sign of the same problem.
 * - metric (2): the metrics the findings' evidence is about (`disk.util_pct`, `disk.aqu_sz`) —
 *   the metric pattern. It separates two findings of one domain (latency vs saturation) and still
 *   matches when a rule was renamed or split.
 * - domain (2): cpu / memory / disk / network / system / container — the same layer, even when
 *   the rules differ (a near miss: saturation here, latency there).
 * - host (2): the same machine misbehaving again (a recurring problem, the same bad disk).
 * - environment (1): vm / container / kubernetes / bare metal: context, shared by many incidents,
 *   so it weighs least of the evidence.
 * - word (0.25 each): title words, so that two incidents with the same evidence but different
 *   words stay far above two with the same words and different evidence.
 * Findings that are normal for the host (also in its baseline) are not evidence of the incident
 * and are left out by the caller.
 */
export const FEATURE_WEIGHTS = {
  rule: 5,
  metric: 2,
  domain: 2,
  host: 2,
  environment: 1,
  word: 0.25,
} as const;

export type FeatureKind = keyof typeof FEATURE_WEIGHTS;

export interface IncidentFeatures {
  rules: readonly string[];
  metrics: readonly string[];
  domains: readonly string[];
  /** Host names (stable across the team's snapshots of one machine). */
  hosts: readonly string[];
  environment: string;
  title: string;
}

/** What two incidents share, by kind: the explanation shown next to the score. */
export type SharedFeatures = Record<FeatureKind, string[]>;

export interface Similarity {
  /** 0..1, weighted Jaccard. */
  score: number;
  shared: SharedFeatures;
}

// Words that say nothing about the problem (and the usual English glue).
const STOP_WORDS = new Set(
  "a an and are as at be by for from has have in is it of on or the to was were with after before during high low slow on-call incident issue problem".split(
    " ",
  ),
);

export function titleWords(title: string): string[] {
  return [
    ...new Set(
      title
        .toLowerCase()
        .split(/[^a-z0-9.-]+/)
        .map((w) => w.replace(/^[.-]+|[.-]+$/g, ""))
        .filter((w) => w.length > 2 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)),
    ),
  ];
}

function featureSet(f: IncidentFeatures): Map<string, { kind: FeatureKind; value: string }> {
  const out = new Map<string, { kind: FeatureKind; value: string }>();
  const add = (kind: FeatureKind, values: readonly string[]) => {
    for (const value of values) if (value !== "") out.set(`${kind}:${value}`, { kind, value });
  };
  add("rule", f.rules);
  add("metric", f.metrics);
  add("domain", f.domains);
  add("host", f.hosts);
  add("environment", [f.environment]);
  add("word", titleWords(f.title));
  return out;
}

export function similarity(a: IncidentFeatures, b: IncidentFeatures): Similarity {
  const fa = featureSet(a);
  const fb = featureSet(b);
  const shared: SharedFeatures = {
    rule: [],
    metric: [],
    domain: [],
    host: [],
    environment: [],
    word: [],
  };
  let both = 0;
  let either = 0;
  for (const [key, f] of fa) {
    const w = FEATURE_WEIGHTS[f.kind];
    either += w;
    if (fb.has(key)) {
      both += w;
      shared[f.kind].push(f.value);
    }
  }
  for (const [key, f] of fb) if (!fa.has(key)) either += FEATURE_WEIGHTS[f.kind];
  return { score: either === 0 ? 0 : both / either, shared };
}

/** True when the two share some evidence (a rule, metric, domain or host), not just context. */
export function sharesEvidence(s: Similarity): boolean {
  return (
    s.shared.rule.length + s.shared.metric.length + s.shared.domain.length + s.shared.host.length >
    0
  );
}
