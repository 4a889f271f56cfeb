/**
 * Text generation for the parse benchmark's inputs: a real output's samples repeated with every
 * date and time shifted past the previous copy's (times of day wrap at midnight, which the parsers
 * read as the next day), so no sample collides and every one is kept.
 */

type TimeKind = "iso" | "datetime" | "us" | "tod" | "tod12" | "json";

interface Template {
  /** Literal text pieces; `times[i]` goes between `parts[i]` and `parts[i + 1]`. */
  parts: string[];
  times: { kind: TimeKind; seconds: number }[];
  /** Seconds from the body's first time to one past its last. */
  span: number;
}

const TIME_RE = new RegExp(
  [
    /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.source, // iostat -t ISO
    /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/.source, // vmstat -t
    /(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([AP]M)/.source, // iostat -t en_US
    /"date": "(\d{4})-(\d{2})-(\d{2})", "time": "(\d{2}):(\d{2}):(\d{2})"/.source, // sadf -j
    /(?<=^|\n)(\d{2}):(\d{2}):(\d{2})( [AP]M)?/.source, // sysstat time of day
  ].join("|"),
  "g",
);

function n(s: string | undefined): number {
  return Number(s ?? "0");
}

function hours12(h: number, meridiem: string): number {
  if (meridiem === "AM") return h === 12 ? 0 : h;
  return h === 12 ? 12 : h + 12;
}

function template(body: string): Template {
  const parts: string[] = [];
  const times: Template["times"] = [];
  let last = 0;
  for (const m of body.matchAll(TIME_RE)) {
    const g = (i: number): string | undefined => m[i];
    let kind: TimeKind;
    let seconds: number;
    if (g(1) !== undefined) {
      kind = "iso";
      seconds = Date.UTC(n(g(1)), n(g(2)) - 1, n(g(3)), n(g(4)), n(g(5)), n(g(6))) / 1000;
    } else if (g(7) !== undefined) {
      kind = "datetime";
      seconds = Date.UTC(n(g(7)), n(g(8)) - 1, n(g(9)), n(g(10)), n(g(11)), n(g(12))) / 1000;
    } else if (g(13) !== undefined) {
      kind = "us";
      const h = hours12(n(g(16)), g(19) ?? "AM");
      seconds = Date.UTC(n(g(15)), n(g(13)) - 1, n(g(14)), h, n(g(17)), n(g(18))) / 1000;
    } else if (g(20) !== undefined) {
      kind = "json";
      seconds = Date.UTC(n(g(20)), n(g(21)) - 1, n(g(22)), n(g(23)), n(g(24)), n(g(25))) / 1000;
    } else {
      const mer = g(29)?.trim();
      kind = mer === undefined ? "tod" : "tod12";
      const h = mer === undefined ? n(g(26)) : hours12(n(g(26)), mer);
      seconds = h * 3600 + n(g(27)) * 60 + n(g(28));
    }
    parts.push(body.slice(last, m.index));
    times.push({ kind, seconds });
    last = m.index + m[0].length;
  }
  parts.push(body.slice(last));
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t.seconds);
    hi = Math.max(hi, t.seconds);
  }
  return { parts, times, span: times.length === 0 ? 0 : hi - lo + 1 };
}

const pad2 = (v: number): string => (v < 10 ? `0${v}` : String(v));

function formatTime(kind: TimeKind, seconds: number): string {
  if (kind === "tod" || kind === "tod12") {
    const s = ((seconds % 86400) + 86400) % 86400;
    const h = Math.floor(s / 3600);
    const rest = `${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
    if (kind === "tod") return `${pad2(h)}:${rest}`;
    return `${pad2(h % 12 === 0 ? 12 : h % 12)}:${rest} ${h < 12 ? "AM" : "PM"}`;
  }
  const d = new Date(seconds * 1000);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const clock = `${pad2(h)}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  switch (kind) {
    case "iso":
      return `${date}T${clock}`;
    case "datetime":
      return `${date} ${clock}`;
    case "json":
      return `"date": "${date}", "time": "${clock}"`;
    default: {
      const h12 = h % 12 === 0 ? 12 : h % 12;
      const rest = `${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
      return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(h12)}:${rest}`;
    }
  }
}

/** A text to repeat: printed once at the top, the body copied with its times shifted, then the tail. */
export interface Repeatable {
  head: string;
  body: string;
  tail: string;
  /** Put between copies of the body. */
  sep?: string;
}

/** Seconds from the first time of `body` to one past its last (0 without times). */
export function timeSpan(body: string): number {
  return template(body).span;
}

/**
 * Writes `r.head`, copies of `r.body` (each copy's times `span` seconds, by default the body's own
 * span, after the previous copy's) until about `until.bytes` bytes or `until.copies` copies, then
 * `r.tail`; hands the text out in pieces (a 100 MB string is not needed). Returns the copies.
 */
export function writeRepeated(
  r: Repeatable,
  until: { bytes?: number; copies?: number; span?: number },
  write: (piece: string) => void,
): number {
  const { head, body, tail } = r;
  const sep = r.sep ?? "";
  const tpl = template(body);
  const span = until.span ?? tpl.span;
  const more = (written: number, copies: number): boolean =>
    until.copies !== undefined ? copies < until.copies : written < (until.bytes ?? 0);
  let written = Buffer.byteLength(head);
  write(head);
  let buf: string[] = [];
  let bufLen = 0;
  let copies = 0;
  const cache = new Map<string, string>();
  while (more(written, copies)) {
    const offset = copies * span;
    let piece = copies > 0 ? sep + (tpl.parts[0] ?? "") : (tpl.parts[0] ?? "");
    for (let i = 0; i < tpl.times.length; i++) {
      const t = tpl.times[i];
      if (t === undefined) continue;
      const key = `${t.kind}${t.seconds + offset}`;
      let s = cache.get(key);
      if (s === undefined) {
        s = formatTime(t.kind, t.seconds + offset);
        if (cache.size > 10_000) cache.clear();
        cache.set(key, s);
      }
      piece += s + (tpl.parts[i + 1] ?? "");
    }
    buf.push(piece);
    bufLen += piece.length;
    written += Buffer.byteLength(piece);
    copies++;
    if (bufLen > 1 << 20) {
      write(buf.join(""));
      buf = [];
      bufLen = 0;
    }
  }
  write(buf.join("") + tail);
  return copies;
}
