import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteRunbook } from "@/components/runbooks/delete-runbook";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { MarkdownView } from "@/components/workflow/document/markdown-view";
import { requireActor } from "@/lib/auth/page";
import { cn } from "@/lib/cn";
import { getRunbookVersion, listRunbookVersions } from "@/lib/db/runbooks";
import { renderMarkdown } from "@/lib/postmortem/markdown";

export const metadata: Metadata = { title: "Runbook" };

/** A runbook: its current text (or `?version=N`), what it is tagged with, and every version. */
export default async function RunbookPage({
  params,
  searchParams,
}: {
  params: Promise<{ rid: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { rid } = await params;
  const sp = await searchParams;
  const actor = await requireActor(`/runbooks/${rid}`);
  if (!actor) return null;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(rid)) notFound();
  const asked =
    typeof sp.version === "string" && /^\d{1,6}$/.test(sp.version) ? Number(sp.version) : undefined;
  const [rb, versions] = await Promise.all([
    getRunbookVersion(actor.teamId, rid, asked),
    listRunbookVersions(actor.teamId, rid),
  ]);
  if (!rb || !versions) notFound();
  const old = rb.version !== rb.currentVersion;
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
      <article className="flex min-w-0 flex-col gap-3">
        <p className="text-sm">
          <Link href="/runbooks" className="underline">
            Runbooks
          </Link>
          {rb.sourceIncident ? (
            <>
              {" · from "}
              <Link href={`/incidents/${rb.sourceIncident.id}/document`} className="underline">
                {rb.sourceIncident.key}: {rb.sourceIncident.title}
              </Link>
            </>
          ) : null}
        </p>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-xl font-semibold">{rb.title}</h1>
          {actor.role !== "viewer" ? (
            <div className="flex items-center gap-2">
              <Button asChild size="sm" variant="secondary">
                <Link href={`/runbooks/${rb.id}/edit`}>Edit</Link>
              </Button>
              <DeleteRunbook id={rb.id} title={rb.title} />
            </div>
          ) : null}
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted">Finding rules</dt>
          <dd className="flex flex-wrap gap-1">
            {rb.rules.length > 0
              ? rb.rules.map((r) => (
                  <Link key={r} href={`/runbooks?rule=${encodeURIComponent(r)}`}>
                    <Badge tone="info">{r}</Badge>
                  </Link>
                ))
              : "none (it is never suggested automatically)"}
          </dd>
          <dt className="text-muted">Symptoms</dt>
          <dd>{rb.symptoms.length > 0 ? rb.symptoms.join("; ") : "—"}</dd>
          <dt className="text-muted">Tags</dt>
          <dd className="flex flex-wrap gap-1">
            {rb.tags.length > 0
              ? rb.tags.map((t) => (
                  <Link key={t} href={`/runbooks?tag=${encodeURIComponent(t)}`}>
                    <Badge>{t}</Badge>
                  </Link>
                ))
              : "—"}
          </dd>
        </dl>
        {old ? (
          <p
            role="status"
            className="rounded-md border border-warn/50 bg-warn/10 px-3 py-2 text-sm"
          >
            You are reading version {rb.version} of {rb.currentVersion}.{" "}
            <Link href={`/runbooks/${rb.id}`} className="underline">
              Show the current version
            </Link>
          </p>
        ) : null}
        <div className="rounded-lg border border-border bg-surface p-6">
          <MarkdownView
            html={renderMarkdown(rb.markdown)}
            label={`${rb.title}, version ${rb.version}`}
          />
        </div>
      </article>
      <Card aria-labelledby="versions-title" className="h-fit">
        <h2 id="versions-title" className="mb-2 text-base font-semibold">
          Versions ({versions.length})
        </h2>
        <ol className="flex flex-col gap-1 text-sm" data-testid="runbook-versions">
          {versions.map((v) => (
            <li key={v.version}>
              <Link
                href={
                  v.version === rb.currentVersion
                    ? `/runbooks/${rb.id}`
                    : `/runbooks/${rb.id}?version=${v.version}`
                }
                aria-current={v.version === rb.version ? "page" : undefined}
                className={cn(
                  "block rounded px-2 py-1",
                  v.version === rb.version ? "bg-surface-2 font-medium" : "hover:bg-surface-2",
                )}
              >
                v{v.version}
                {v.version === rb.currentVersion ? " (current)" : ""}
                <span className="block text-xs text-muted">
                  {v.author?.name ?? "someone"} · {v.createdAt.slice(0, 16).replace("T", " ")} UTC
                </span>
              </Link>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
