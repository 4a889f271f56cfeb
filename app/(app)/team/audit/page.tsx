import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuditLog } from "@/components/audit/audit-log";
import { requireActor } from "@/lib/auth/page";
import { listMembers } from "@/lib/db/members";

export const metadata: Metadata = { title: "Audit log" };

/** The team's audit log: owners only (the API answers 403 to everyone else, so does this page). */
export default async function AuditPage() {
  const actor = await requireActor("/team/audit");
  if (!actor) return null;
  if (actor.role !== "owner") {
    return (
      <div className="flex flex-col gap-2">
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p role="alert" className="text-sm">
          Only team owners can read the audit log; you are {actor.role} in this team.{" "}
          <Link href="/team" className="underline">
            Back to the team
          </Link>
        </p>
      </div>
    );
  }
  const members = await listMembers(actor.teamId);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <p className="text-sm">
          <Link href="/team" className="underline">
            Team
          </Link>
        </p>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-muted">
          Sign-ins, API token use (the first use in each minute), edits and deletions, newest first.
        </p>
      </div>
      <Suspense fallback={<p className="text-sm text-muted">Loading…</p>}>
        <AuditLog members={members.map((m) => ({ userId: m.userId, name: m.name }))} />
      </Suspense>
    </div>
  );
}
