import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { MarkdownView } from "@/components/workflow/document/markdown-view";
import { requireActor } from "@/lib/auth/page";
import { getRunbook } from "@/lib/db/runbooks";
import { renderMarkdown } from "@/lib/postmortem/markdown";

export const metadata: Metadata = { title: "Runbook" };

export default async function RunbookPage({ params }: { params: Promise<{ rid: string }> }) {
  const { rid } = await params;
  const actor = await requireActor(`/runbooks/${rid}`);
  if (!actor) return null;
  const rb = /^[A-Za-z0-9_-]{1,64}$/.test(rid) ? await getRunbook(actor.teamId, rid) : null;
  if (!rb) notFound();
  return (
    <article className="flex flex-col gap-3">
      <p className="text-sm">
        <Link href="/runbooks" className="underline">
          Runbooks
        </Link>
        {rb.sourceIncident ? (
          <>
            {" · from "}
            <Link href={`/incidents/${rb.sourceIncident.id}/document`} className="underline">
              {rb.sourceIncident.key}
            </Link>
          </>
        ) : null}
      </p>
      <div className="flex flex-wrap gap-1">
        {rb.rules.map((r) => (
          <Badge key={r} tone="info">
            {r}
          </Badge>
        ))}
      </div>
      <div className="rounded-lg border border-border bg-surface p-6">
        <MarkdownView html={renderMarkdown(rb.markdown)} label={rb.title} />
      </div>
    </article>
  );
}
