import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/page";
import { listRunbooks } from "@/lib/db/runbooks";

export const metadata: Metadata = { title: "Runbooks" };

/** The team's runbooks (a minimal list; the library with editing and search comes later). */
export default async function RunbooksPage() {
  const actor = await requireActor("/runbooks");
  if (!actor) return null;
  const runbooks = await listRunbooks(actor.teamId);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Runbooks</h1>
      {runbooks.length === 0 ? (
        <p className="text-sm text-muted">
          No runbooks yet: save a postmortem as a runbook in an incident&apos;s Document step.
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {runbooks.map((r) => (
            <li key={r.id}>
              <Card className="flex flex-col gap-1">
                <Link
                  href={`/runbooks/${r.id}`}
                  className="font-medium underline-offset-2 hover:underline"
                >
                  {r.title}
                </Link>
                <p className="text-xs text-muted">
                  v{r.currentVersion} · updated {r.updatedAt.slice(0, 10)}
                  {r.sourceIncident
                    ? ` · from ${r.sourceIncident.key}: ${r.sourceIncident.title}`
                    : ""}
                </p>
                <div className="flex flex-wrap gap-1">
                  {r.rules.map((rule) => (
                    <Badge key={rule} tone="info">
                      {rule}
                    </Badge>
                  ))}
                  {r.tags.map((t) => (
                    <Badge key={t}>{t}</Badge>
                  ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
