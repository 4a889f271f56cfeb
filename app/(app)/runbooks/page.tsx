import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { RunbookLibrary } from "@/components/runbooks/runbook-library";
import { requireActor } from "@/lib/auth/page";
import { getQueryClient } from "@/lib/client/query-client";
import { warroomKeys } from "@/lib/client/warroom-keys";
import { runbookFacets, searchRunbooks } from "@/lib/db/runbooks";

export const metadata: Metadata = { title: "Runbooks" };

const param = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 200) : "");

/** The team's runbook library (?q=&tag=&rule=). */
export default async function RunbooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor("/runbooks");
  if (!actor) return null;
  const sp = await searchParams;
  const filter = { q: param(sp.q), tag: param(sp.tag), rule: param(sp.rule) };
  const [runbooks, facets] = await Promise.all([
    searchRunbooks(actor.teamId, filter),
    runbookFacets(actor.teamId),
  ]);
  const qc = getQueryClient();
  qc.setQueryData(warroomKeys.runbooks(filter), { runbooks });
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-xl font-semibold">Runbooks</h1>
          <p className="text-sm text-muted">
            What to do when a problem shows up again. Each is tagged with the finding rules it
            addresses: an incident that raises them suggests it in Analyze and Fix.
          </p>
        </div>
        <Suspense fallback={<p className="text-sm text-muted">Loading…</p>}>
          <RunbookLibrary
            allTags={facets.tags}
            allRules={facets.rules}
            canEdit={actor.role !== "viewer"}
          />
        </Suspense>
      </div>
    </HydrationBoundary>
  );
}
