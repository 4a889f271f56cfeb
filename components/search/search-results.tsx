import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SearchKind, SearchResult } from "@/lib/db/search";

const KIND: Record<SearchKind, { label: string; tone: BadgeTone }> = {
  incident: { label: "Incident", tone: "danger" },
  postmortem: { label: "Postmortem", tone: "ok" },
  runbook: { label: "Runbook", tone: "info" },
};

/** Ranked full-text results with their snippet, matched words marked. */
export function SearchResults({ results }: { results: SearchResult[] }) {
  return (
    <ol className="flex flex-col gap-2" aria-label="Search results" data-testid="search-results">
      {results.map((r) => (
        <li
          key={`${r.kind}-${r.id}`}
          className="rounded-lg border border-border bg-surface p-3"
          data-kind={r.kind}
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={KIND[r.kind].tone}>{KIND[r.kind].label}</Badge>
            <Link
              href={r.href}
              className="font-medium text-accent underline-offset-2 hover:underline"
            >
              {r.title}
            </Link>
            <span className="text-xs text-muted">{r.meta}</span>
          </div>
          <p className="mt-1 text-sm text-muted">
            {r.snippet.map((p, i) =>
              p.hit ? (
                <mark key={i} className="rounded bg-warn/25 px-0.5 text-fg">
                  {p.text}
                </mark>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}
