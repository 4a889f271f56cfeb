import "server-only";
import { db } from "./client";

/**
 * Full-text search over a team's incidents (title + summary), postmortems (the latest version of
 * each) and runbooks (title + current version), with PostgreSQL's own full-text search: the
 * generated `"searchVector"` columns and their GIN indexes (migration
 * 20261204173516_snapshots_samples_workflow), `websearch_to_tsquery` for what people type
 * (`disk latency`, `"connection reset"`, `oom -test`, `vda or nvme`), `ts_rank` for the order and
 * `ts_headline` for the snippet.
 *
 * Ranking: titles count as weight A on top of the document (a match in a title beats one deep in
 * a postmortem) and ranks are normalised by document length (normalization 1: rank / (1 + log
 * length)), so a long postmortem that mentions a word many times does not bury a short incident
 * whose title is exactly it.
 */
export const SEARCH_KINDS = ["incident", "postmortem", "runbook"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchResult {
  kind: SearchKind;
  id: string;
  title: string;
  /** Where the result opens in the app. */
  href: string;
  rank: number;
  snippet: SnippetPart[];
  /** e.g. `INC-12 · SEV2 · resolved` or `v3 · disk-saturation`. */
  meta: string;
  updatedAt: string;
}

// Highlight markers ts_headline puts around matches; split into parts here, so the page renders
// text only (no HTML from the database reaches the browser).
const START = "\u27e6";
const STOP = "\u27e7";
const HEADLINE = `StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** `a ⟦disk⟧ b` -> [{a }, {disk, hit}, { b}]; Markdown punctuation is dropped from the text. */
export function snippetParts(headline: string): SnippetPart[] {
  const out: SnippetPart[] = [];
  const re = new RegExp(`${START}([^${STOP}]*)${STOP}`, "g");
  let last = 0;
  const plain = (s: string) => s.replace(/[#*_`>|]+/g, " ").replace(/\s+/g, " ");
  for (let m = re.exec(headline); m; m = re.exec(headline)) {
    if (m.index > last) out.push({ text: plain(headline.slice(last, m.index)), hit: false });
    out.push({ text: m[1] ?? "", hit: true });
    last = m.index + m[0].length;
  }
  if (last < headline.length) out.push({ text: plain(headline.slice(last)), hit: false });
  return out.filter((p) => p.text !== "");
}

interface Row {
  kind: SearchKind;
  id: string;
  title: string;
  rank: number;
  headline: string;
  number: number | null;
  severity: string | null;
  status: string | null;
  version: number | null;
  rules: string[] | null;
  incidentId: string | null;
  updatedAt: Date;
}

export async function searchTeam(
  teamId: string,
  q: string,
  opts: { kinds?: readonly SearchKind[]; limit?: number } = {},
): Promise<SearchResult[]> {
  const text = q.trim();
  if (text === "") return [];
  const kinds = opts.kinds && opts.kinds.length > 0 ? opts.kinds : SEARCH_KINDS;
  const limit = Math.min(Math.max(opts.limit ?? 30, 1), 100);
  const want = (k: SearchKind) => kinds.includes(k);
  const rows = await db.$queryRaw<Row[]>`
    WITH query AS (SELECT websearch_to_tsquery('english', ${text}) AS q)
    SELECT 'incident' AS kind, i.id, i.title,
           ts_rank(setweight(to_tsvector('english', i.title), 'A') || i."searchVector", query.q, 1)::float8 AS rank,
           ts_headline('english', i.title || '. ' || i.summary, query.q, ${HEADLINE}) AS headline,
           i.number, i.severity::text AS severity, i.status::text AS status,
           NULL::int AS version, NULL::text[] AS rules, i.id AS "incidentId", i."updatedAt"
      FROM "Incident" i, query
     WHERE ${want("incident")} AND i."teamId" = ${teamId} AND i."searchVector" @@ query.q
    UNION ALL
    SELECT 'postmortem', p.id, i.title,
           ts_rank(setweight(to_tsvector('english', i.title), 'A') || p."searchVector", query.q, 1)::float8,
           ts_headline('english', p.markdown, query.q, ${HEADLINE}),
           i.number, i.severity::text, i.status::text,
           p.version, NULL::text[], i.id, p."createdAt"
      FROM "PostmortemVersion" p
      JOIN "Incident" i ON i.id = p."incidentId", query
     WHERE ${want("postmortem")} AND i."teamId" = ${teamId}
       AND p.version = (SELECT max(p2.version) FROM "PostmortemVersion" p2 WHERE p2."incidentId" = p."incidentId")
       AND p."searchVector" @@ query.q
    UNION ALL
    SELECT 'runbook', r.id, r.title,
           ts_rank(setweight(to_tsvector('english', r.title), 'A') || v."searchVector", query.q, 1)::float8,
           ts_headline('english', v.markdown, query.q, ${HEADLINE}),
           NULL, NULL, NULL,
           r."currentVersion", r.rules, NULL, r."updatedAt"
      FROM "Runbook" r
      JOIN "RunbookVersion" v ON v."runbookId" = r.id AND v.version = r."currentVersion", query
     WHERE ${want("runbook")} AND r."teamId" = ${teamId}
       AND (v."searchVector" @@ query.q OR to_tsvector('english', r.title) @@ query.q)
    ORDER BY rank DESC, "updatedAt" DESC
    LIMIT ${limit}`;
  return rows.map((r) => {
    const key = r.number !== null ? `INC-${r.number}` : "";
    const base = {
      kind: r.kind,
      id: r.id,
      rank: Number(r.rank),
      snippet: snippetParts(r.headline),
      updatedAt: r.updatedAt.toISOString(),
    };
    switch (r.kind) {
      case "incident":
        return {
          ...base,
          title: r.title,
          href: `/incidents/${r.id}`,
          meta: [key, r.severity, r.status].filter(Boolean).join(" · "),
        };
      case "postmortem":
        return {
          ...base,
          title: `Postmortem of ${key}: ${r.title}`,
          href: `/incidents/${r.incidentId ?? ""}/document`,
          meta: [key, `v${r.version ?? 1}`, r.status].filter(Boolean).join(" · "),
        };
      default:
        return {
          ...base,
          title: r.title,
          href: `/runbooks/${r.id}`,
          meta: [`v${r.version ?? 1}`, ...(r.rules ?? [])].join(" · "),
        };
    }
  });
}
