/** How a chosen finding drives the charts: its evidence window, its series, its correlation target. */
import type { TimeWindow } from "@/components/charts/zoom";
import type { Evidence } from "@/lib/analysis/types";
import { evidenceSeriesIds } from "./chart-specs";

/**
 * The window of a finding's evidence: from the earliest `from` to the latest `to` (wall-clock
 * evidence only), widened around its centre to at least `minSpanMs` so a one-sample finding is
 * still a readable window.
 */
export function evidenceWindow(
  evidence: readonly Pick<Evidence, "from" | "to">[],
  minSpanMs = 10_000,
): TimeWindow | null {
  let from = Infinity;
  let to = -Infinity;
  for (const e of evidence) {
    if (typeof e.from !== "string" || typeof e.to !== "string") continue;
    const a = Date.parse(e.from);
    const b = Date.parse(e.to);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    from = Math.min(from, a, b);
    to = Math.max(to, a, b);
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  if (to - from < minSpanMs) {
    const mid = (from + to) / 2;
    return { from: Math.round(mid - minSpanMs / 2), to: Math.round(mid + minSpanMs / 2) };
  }
  return { from, to };
}

/** The charted series a finding is about (drawn thicker while it is chosen). */
export function findingSeriesIds(
  evidence: readonly Pick<Evidence, "metric" | "labels">[],
): Set<string> {
  return new Set(evidence.flatMap((e) => evidenceSeriesIds(e)));
}

/** The series to rank correlations for: the first series of the first evidence. */
export function findingTarget(
  evidence: readonly Pick<Evidence, "metric" | "labels">[],
): string | null {
  const first = evidence[0];
  return first ? (evidenceSeriesIds(first)[0] ?? null) : null;
}
