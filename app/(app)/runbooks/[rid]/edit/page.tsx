import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunbookForm } from "@/components/runbooks/runbook-form";
import { requireActor } from "@/lib/auth/page";
import { getRunbook, knownRules } from "@/lib/db/runbooks";

export const metadata: Metadata = { title: "Edit runbook" };

/** Edits a runbook; saving writes a new version (the old ones stay in the history). */
export default async function EditRunbookPage({ params }: { params: Promise<{ rid: string }> }) {
  const { rid } = await params;
  const actor = await requireActor(`/runbooks/${rid}/edit`);
  if (!actor) return null;
  const rb = /^[A-Za-z0-9_-]{1,64}$/.test(rid) ? await getRunbook(actor.teamId, rid) : null;
  if (!rb) notFound();
  if (actor.role === "viewer")
    return (
      <p role="alert" className="text-sm">
        Viewers can read runbooks but not change them.{" "}
        <Link href={`/runbooks/${rid}`} className="underline">
          Back to the runbook
        </Link>
      </p>
    );
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        <Link href="/runbooks" className="underline">
          Runbooks
        </Link>
        {" · "}
        <Link href={`/runbooks/${rid}`} className="underline">
          {rb.title}
        </Link>
      </p>
      <h1 className="text-xl font-semibold">
        Edit runbook <span className="text-sm font-normal text-muted">(v{rb.currentVersion})</span>
      </h1>
      <RunbookForm editing={rb} knownRules={await knownRules(actor.teamId)} />
    </div>
  );
}
