import { AppError } from "@/lib/http/errors";
import { STATUSES, type IncidentStatus } from "@/lib/validation/incident";

/**
 * Incident status lifecycle: open -> mitigated -> resolved -> closed. Moving forward may skip a
 * state (a fix can resolve at once); an incident that flares up again can be reopened from
 * mitigated or resolved; closed is final (open a new incident and link it instead).
 */
export function assertStatusTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (from === to) return;
  if (from === "closed") {
    throw new AppError(
      "conflict",
      "status: a closed incident cannot change status; open a new incident",
    );
  }
  const forward = STATUSES.indexOf(to) > STATUSES.indexOf(from);
  if (!forward && to !== "open") {
    throw new AppError(
      "conflict",
      `status: cannot go back from ${from} to ${to}; reopen it (status open) instead`,
    );
  }
}

/** Timestamps to set when entering `to` from `from` (skipped states get the same time). */
export function statusTimes(
  from: IncidentStatus,
  to: IncidentStatus,
  at: Date,
): { mitigatedAt?: Date | null; resolvedAt?: Date | null; closedAt?: Date | null } {
  if (from === to) return {};
  if (to === "open") return { mitigatedAt: null, resolvedAt: null, closedAt: null };
  const out: { mitigatedAt?: Date; resolvedAt?: Date; closedAt?: Date } = {};
  const fromIdx = STATUSES.indexOf(from);
  const toIdx = STATUSES.indexOf(to);
  if (fromIdx < 1 && toIdx >= 1) out.mitigatedAt = at;
  if (fromIdx < 2 && toIdx >= 2) out.resolvedAt = at;
  if (toIdx >= 3) out.closedAt = at;
  return out;
}

/** The states `from` may move to (what the status control offers), in lifecycle order. */
export function nextStatuses(from: IncidentStatus): IncidentStatus[] {
  return STATUSES.filter((to) => {
    if (to === from) return false;
    try {
      assertStatusTransition(from, to);
      return true;
    } catch {
      return false;
    }
  });
}
