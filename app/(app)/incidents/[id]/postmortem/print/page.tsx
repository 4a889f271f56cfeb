import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MarkdownView } from "@/components/workflow/document/markdown-view";
import { PrintButton } from "@/components/workflow/document/print-button";
import { requireActor } from "@/lib/auth/page";
import { getPostmortemVersion } from "@/lib/db/postmortems";
import { postmortemForExport } from "@/lib/investigation/postmortem";
import { renderMarkdown } from "@/lib/postmortem/markdown";

export const metadata: Metadata = { title: "Postmortem (print)" };

/**
 * The postmortem as a page to print or save as PDF: the latest saved version (else the draft),
 * rendered on the server. Navigation and buttons carry `no-print`; the print style sheet in
 * globals.css prints black on white.
 */
export default async function PostmortemPrintPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/incidents/${id}/postmortem/print`);
  if (!actor) return null;
  const pm = await postmortemForExport(actor.teamId, id);
  if (!pm) notFound();
  const saved =
    pm.version === null ? null : await getPostmortemVersion(actor.teamId, id, pm.version);
  return (
    <article className="mx-auto max-w-4xl rounded-lg border border-border bg-surface p-6 print:max-w-none print:border-0 print:bg-transparent print:p-0">
      <div className="no-print mb-4 flex flex-wrap items-center justify-between gap-2 border-b border-border pb-3">
        <p className="text-sm text-muted">
          {saved
            ? `${pm.key} postmortem, version ${saved.version}, saved by ${saved.author?.name ?? "someone"} at ${saved.createdAt.slice(0, 16).replace("T", " ")} UTC`
            : `${pm.key} postmortem: unsaved draft generated from the incident`}
        </p>
        <div className="flex gap-2">
          <Link
            href={`/incidents/${id}/document`}
            className="rounded-md px-3 py-1.5 text-sm underline"
          >
            Back to the Document step
          </Link>
          <PrintButton />
        </div>
      </div>
      <MarkdownView html={renderMarkdown(pm.markdown)} label={`${pm.key} postmortem`} />
    </article>
  );
}
