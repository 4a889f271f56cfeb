/**
 * Incident times are shown and entered in UTC, like the captures and the postmortem: a war room
 * spread over time zones reads one clock. `<input type="datetime-local" step="1">` values here are
 * UTC wall-clock times.
 */
export function toUtcInput(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === "") return "";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 19);
}

/** A datetime-local value read as UTC, as ISO; undefined when empty or invalid. */
export function fromUtcInput(value: string): string | undefined {
  const v = value.trim();
  if (v === "") return undefined;
  const d = new Date(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** `2026-12-04 17:18:10` (UTC). */
export function utcTime(t: string | number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(0, 19).replace("T", " ");
}
