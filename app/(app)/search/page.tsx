import type { Metadata } from "next";
import Link from "next/link";
import { SearchResults } from "@/components/search/search-results";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { requireActor } from "@/lib/auth/page";
import { cn } from "@/lib/cn";
import { searchTeam, SEARCH_KINDS, type SearchKind } from "@/lib/db/search";

export const metadata: Metadata = { title: "Search" };

const TABS: { type: SearchKind | ""; label: string }[] = [
  { type: "", label: "Everything" },
  { type: "incident", label: "Incidents" },
  { type: "postmortem", label: "Postmortems" },
  { type: "runbook", label: "Runbooks" },
];

/** Full-text search over the team's incidents, postmortems and runbooks (?q=&type=). */
export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.trim().slice(0, 200) : "";
  const rawType = typeof sp.type === "string" ? sp.type : "";
  const type = (SEARCH_KINDS as readonly string[]).includes(rawType) ? (rawType as SearchKind) : "";
  const actor = await requireActor(`/search${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  if (!actor) return null;
  const results = q ? await searchTeam(actor.teamId, q, { kinds: type ? [type] : [] }) : [];
  const href = (t: string) =>
    `/search?q=${encodeURIComponent(q)}${t ? `&type=${encodeURIComponent(t)}` : ""}`;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Search</h1>
      <form role="search" method="get" action="/search" className="flex flex-wrap gap-2">
        <label htmlFor="search-q" className="sr-only">
          Search for
        </label>
        <Input
          id="search-q"
          name="q"
          type="search"
          defaultValue={q}
          className="max-w-xl"
          placeholder='disk latency, "connection reset", oom -test'
        />
        {type ? <input type="hidden" name="type" value={type} /> : null}
        <Button type="submit">Search</Button>
      </form>
      {q ? (
        <>
          <nav aria-label="What to search" className="flex flex-wrap gap-1">
            {TABS.map((t) => (
              <Link
                key={t.label}
                href={href(t.type)}
                aria-current={t.type === type ? "page" : undefined}
                className={cn(
                  "rounded-md px-3 py-1 text-sm",
                  t.type === type ? "bg-surface-2 font-medium" : "text-muted hover:text-fg",
                )}
              >
                {t.label}
              </Link>
            ))}
          </nav>
          <p className="text-sm text-muted" role="status">
            {results.length === 0
              ? `Nothing matches “${q}”.`
              : `${results.length} result${results.length === 1 ? "" : "s"} for “${q}”, best match first.`}
          </p>
          {results.length > 0 ? <SearchResults results={results} /> : null}
        </>
      ) : (
        <p className="text-sm text-muted">
          Searches titles and summaries of incidents, the latest postmortems and the runbooks. Words
          match their forms (<em>saturated</em> finds <em>saturation</em>); use quotes for a phrase,{" "}
          <code>or</code> for either word and <code>-word</code> to leave one out. Press{" "}
          <kbd>/</kbd> anywhere to search.
        </p>
      )}
    </div>
  );
}
