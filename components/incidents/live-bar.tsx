"use client";

import { useLiveIncident, usePresence } from "@/lib/client/use-live-incident";
import { cn } from "@/lib/cn";
import type { Topic } from "@/lib/realtime/channel";

const TOPIC_WORDS: Partial<Record<Topic, string>> = {
  incident: "incident details",
  timeline: "timeline",
  snapshots: "snapshots",
  findings: "findings",
  hypotheses: "hypotheses",
  fixes: "fixes",
  postmortem: "postmortem",
  actions: "action items",
  participants: "roles",
};

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((p) => p[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/**
 * Connection state of the live updates, who has the incident open (each person once, the
 * signed-in user included), and a polite announcement when a teammate changes something.
 */
export function LiveBar({ incidentId, selfId }: { incidentId: string; selfId: string }) {
  const { state, lastChange } = useLiveIncident(incidentId, selfId);
  const { data } = usePresence(incidentId);
  const users = data?.users ?? [];
  const changed =
    lastChange?.byOther === true
      ? lastChange.topics.map((t) => TOPIC_WORDS[t]).filter((w): w is string => w !== undefined)
      : [];
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
        <span data-testid="live-state">
          {state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </span>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {changed.length > 0 ? `A teammate updated the ${changed.join(", ")}.` : ""}
      </p>
      <section aria-label="People here now" className="flex items-center gap-1">
        <span className="sr-only">People here now ({users.length}):</span>
        <ul className="flex -space-x-1" data-testid="presence">
          {users.map((u) => (
            <li
              key={u.id}
              title={`${u.name} (${u.email})${u.id === selfId ? " — you" : ""}`}
              data-user-email={u.email}
              className={cn(
                "flex h-6 w-6 items-center justify-center rounded-full border bg-surface-2 text-[10px] font-semibold text-fg",
                u.id === selfId ? "border-accent" : "border-surface",
              )}
            >
              <span aria-hidden>{initials(u.name)}</span>
              <span className="sr-only">
                {u.name}
                {u.id === selfId ? " (you)" : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
