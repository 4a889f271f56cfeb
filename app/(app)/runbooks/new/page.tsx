import type { Metadata } from "next";
import Link from "next/link";
import { RunbookForm } from "@/components/runbooks/runbook-form";
import { requireActor } from "@/lib/auth/page";
import { knownRules } from "@/lib/db/runbooks";

export const metadata: Metadata = { title: "New runbook" };

export default async function NewRunbookPage() {
  const actor = await requireActor("/runbooks/new");
  if (!actor) return null;
  if (actor.role === "viewer")
    return (
      <p role="alert" className="text-sm">
        Viewers can read runbooks but not write them.{" "}
        <Link href="/runbooks" className="underline">
          Back to the runbooks
        </Link>
      </p>
    );
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        <Link href="/runbooks" className="underline">
          Runbooks
        </Link>
      </p>
      <h1 className="text-xl font-semibold">New runbook</h1>
      <RunbookForm knownRules={await knownRules(actor.teamId)} />
    </div>
  );
}
