/** Number and time formatting for the plain-language summaries. */

export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100_000) return Math.round(v).toLocaleString("en-US");
  if (a >= 100) return String(Math.round(v));
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, "");
  return v.toFixed(2).replace(/\.?0+$/, "");
}

export function fmtPct(v: number): string {
  return `${fmtNum(v)}%`;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function fmtBytes(v: number): string {
  let x = Math.abs(v);
  let u = 0;
  while (x >= 1024 && u < UNITS.length - 1) {
    x /= 1024;
    u++;
  }
  return `${v < 0 ? "-" : ""}${fmtNum(x)} ${UNITS[u] ?? "B"}`;
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/** `17:10:15` (UTC) for wall-clock times, `+12 s` for offsets from the capture start. */
export function fmtTime(ms: number, relative: boolean): string {
  if (relative) return `+${fmtDuration(ms)}`;
  const iso = new Date(ms).toISOString();
  return iso.slice(11, 19);
}

export function fmtSpan(from: number, to: number, relative: boolean): string {
  const tail = relative ? "" : " UTC";
  return `${fmtTime(from, relative)}–${fmtTime(to, relative)}${tail}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtNum(n)} ${n === 1 ? one : many}`;
}
