/**
 * The charts' formatters: values by unit (the metric names' unit suffixes: `%`, `B`, `B/s`, `/s`,
 * `ms`, `s`, `count`) and times on the shared axis. Times are shown in UTC, like the findings and
 * the kernel logs they are compared with, so a war room spread over time zones reads one clock.
 */
import { fmtBytes, fmtDuration, fmtNum } from "@/lib/analysis/format";

const SI = [
  { at: 1e12, suffix: "T" },
  { at: 1e9, suffix: "G" },
  { at: 1e6, suffix: "M" },
  { at: 1e3, suffix: "k" },
] as const;

/** `1234` → `1.23k`, `2.5e6` → `2.5M`; small numbers as {@link fmtNum} prints them. */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  for (const { at, suffix } of SI) {
    if (a >= at) return `${fmtNum(v / at)}${suffix}`;
  }
  return fmtNum(v);
}

/** Bytes with binary units: `1536` → `1.5 KiB`. */
export function formatBytes(v: number): string {
  if (!Number.isFinite(v)) return "–";
  return fmtBytes(v);
}

export function formatPercent(v: number): string {
  if (!Number.isFinite(v)) return "–";
  return `${fmtNum(v)}%`;
}

/** A per-second rate: bytes get binary units (`1.5 MiB/s`), anything else SI (`12.3k/s`). */
export function formatRate(v: number, unit: "B/s" | "/s" = "/s"): string {
  if (!Number.isFinite(v)) return "–";
  return unit === "B/s" ? `${fmtBytes(v)}/s` : `${formatCompact(v)}/s`;
}

/** A value in its metric's unit, for tooltips, legends and findings. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  switch (unit) {
    case "%":
      return formatPercent(v);
    case "B":
      return formatBytes(v);
    case "B/s":
      return formatRate(v, "B/s");
    case "/s":
      return formatRate(v, "/s");
    case "ms":
      return `${fmtNum(v)} ms`;
    case "s":
      return `${fmtNum(v)} s`;
    case "s/s":
      return `${fmtNum(v)} s/s`;
    case "bool":
      return v ? "yes" : "no";
    case "":
    case "count":
      return formatCompact(v);
    default:
      return `${fmtNum(v)} ${unit}`;
  }
}

/** A shorter form for axis ticks (no space before SI suffixes, `%` without decimals past 10). */
export function formatAxisValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return "";
  if (unit === "%") return `${Math.abs(v) >= 10 ? Math.round(v) : fmtNum(v)}%`;
  return formatValue(v, unit);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick steps a reader can count in: 1-2-5 seconds, then whole minutes, hours and days. */
const TICK_STEPS = [
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** The step of the ticks {@link timeTicks} would place in [from, to]. */
export function tickStep(from: number, to: number, maxTicks: number): number {
  const span = Math.max(0, to - from);
  const want = Math.max(1, maxTicks);
  for (const step of TICK_STEPS) if (span / step <= want) return step;
  return Math.ceil(span / want / DAY) * DAY;
}

/**
 * Time axis ticks: round UTC times (every 5 s, every 10 min, ...) inside [from, to], at most
 * `maxTicks` of them, so every chart of the page gets the same ticks for the same window.
 */
export function timeTicks(from: number, to: number, maxTicks = 6): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return [];
  const step = tickStep(from, to, maxTicks);
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `17:10:15` (UTC). */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-12-04 17:10:15 UTC`. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatTime(ms)} UTC`;
}

/** A tick label as precise as the step needs: `17:10:15.500`, `17:10:15`, `17:10`, `12-04`. */
export function formatTimeTick(ms: number, stepMs: number): string {
  const d = new Date(ms);
  if (stepMs >= DAY) return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (stepMs >= MINUTE) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (stepMs >= SECOND) return formatTime(ms);
  return `${formatTime(ms)}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** `17:10:15–17:10:49 UTC (34 s)`. */
export function formatWindow(from: number, to: number): string {
  const sameDay =
    new Date(from).toISOString().slice(0, 10) === new Date(to).toISOString().slice(0, 10);
  const start = sameDay ? formatTime(from) : formatDateTime(from).replace(" UTC", "");
  const end = sameDay ? formatTime(to) : formatDateTime(to).replace(" UTC", "");
  return `${start}–${end} UTC (${formatSpan(to - from)})`;
}

/** A length of time: `850 ms`, `34 s`, `12 min 5 s`, `3 h`. */
export function formatSpan(ms: number): string {
  if (Math.abs(ms) < SECOND) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 10 * SECOND && ms % SECOND !== 0) return `${fmtNum(ms / SECOND)} s`;
  return fmtDuration(ms);
}

/** A correlation lag: `0 s`, `+2 s` (moves after the target), `−500 ms` (moves before). */
export function formatLag(ms: number): string {
  if (ms === 0) return "0 s";
  return `${ms > 0 ? "+" : "−"}${formatSpan(Math.abs(ms))}`;
}

/** A "nice" step near `raw`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/**
 * Value axis ticks from 0 to at least `max`, about `count` of them, round in the unit's own scale:
 * bytes step in KiB/MiB/GiB (0, 5, 10, 15 GiB), anything else in 1-2-2.5-5 steps.
 */
export function valueTicks(max: number, unit: string, count = 4): number[] {
  const bytes = unit === "B" || unit === "B/s";
  // Nothing to scale by (all zero): a readable empty axis, 0–1 KiB for bytes rather than fractions of a byte.
  const top = Number.isFinite(max) && max > 0 ? max : bytes ? 1024 : 1;
  let scale = 1;
  if (bytes) while (top / scale >= 1024 && scale < 1024 ** 5) scale *= 1024;
  const step = Math.max(bytes ? 1 : 0, niceStep(top / scale / Math.max(1, count)) * scale);
  const out: number[] = [];
  for (let i = 0; i * step < top + step * 1e-9 || out.length < 2; i++) out.push(i * step);
  const last = out[out.length - 1] ?? 0;
  if (last < top - step * 1e-9) out.push(last + step);
  return out;
}
