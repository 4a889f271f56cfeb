"use client";

import { useLiveIncident, usePresence } from "@/lib/client/use-live-incident";
import { cn } from "@/lib/cn";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((p) => p[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/** Connection state of the live updates and who else has the incident open. */
export function LiveBar({ incidentId }: { incidentId: string }) {
  const state = useLiveIncident(incidentId);
  const { data } = usePresence(incidentId);
  const users = data?.users ?? [];
  return (
    <div className="no-print flex items-center gap-3 text-xs text-muted">
      <span className="flex items-center gap-1" role="status" aria-live="polite">
        <span
          aria-hidden
          className={cn(
            "inline-block h-2 w-2 rounded-full",
            state === "live" ? "bg-ok" : "bg-warn",
          )}
        />
        {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
      </span>
      <section aria-label="People here now" className="flex items-center gap-1">
        <span className="sr-only">People here now:</span>
        <ul className="flex -space-x-1" data-testid="presence">
          {users.map((u) => (
            <li
              key={u.id}
              title={`${u.name} (${u.email})`}
              className="flex h-6 w-6 items-center justify-center rounded-full border border-surface bg-surface-2 text-[10px] font-semibold text-fg"
            >
              <span aria-hidden>{initials(u.name)}</span>
              <span className="sr-only">{u.name}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
