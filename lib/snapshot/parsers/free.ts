/**
 * free (procps 3.2 with `-/+ buffers/cache`, procps-ng 3.3+/4 with `available`; `-b -k -m -g`,
 * `--kilo/--mega/--giga`, `-h`, `--si`, `-w`, `-t`, `-l`, repeated with `-s N [-c N]`, any locale).
 *
 * ```
 *                total        used        free      shared  buff/cache   available
 * Mem:           24105         532       23442          47         508       23572
 * Swap:              0           0           0
 * ```
 *
 * Rows are told apart by position (Mem first, then Low/High with `-l`, Swap, Total) because the
 * labels are translated (`Speicher:`). Units come from argv (`-m`, `--si`), else KiB; `-h` values
 * carry their suffix. procps 3.2's `-/+ buffers/cache` row gives used and free without the caches:
 * they become mem.used_bytes and mem.available_bytes (the estimate old free printed for "available").
 * With `-s N`, block i is `i × N` seconds after the start.
 */
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { parseHumanSize } from "../util/numbers";
import {
  head,
  num,
  readNumberBefore,
  RecurringText,
  scanNumbersIn,
  shortcuts,
  tokens,
} from "../util/scan";
import {
  argValue,
  emptyResult,
  hasFlag,
  type Instant,
  SeriesSet,
  type SetSeries,
  TimeBase,
  Warnings,
} from "./common";
import type { ToolParser } from "./parser";

type Field =
  "total" | "used" | "free" | "shared" | "buff_cache" | "buffers" | "cache" | "available";

const HEADER_WORDS: Record<string, Field> = {
  total: "total",
  gesamt: "total",
  used: "used",
  benutzt: "used",
  free: "free",
  frei: "free",
  shared: "shared",
  "gemns.": "shared",
  "gemeins.": "shared",
  "buff/cache": "buff_cache",
  "puffer/cache": "buff_cache",
  buffers: "buffers",
  puffer: "buffers",
  cache: "cache",
  cached: "cache",
  available: "available",
  verfügbar: "available",
};

const MEM_METRIC: Record<Field, string> = {
  total: "mem.total_bytes",
  used: "mem.used_bytes",
  free: "mem.free_bytes",
  shared: "mem.shared_bytes",
  buff_cache: "mem.buff_cache_bytes",
  buffers: "mem.buffers_bytes",
  cache: "mem.cached_bytes",
  available: "mem.available_bytes",
};

const SWAP_METRIC: Partial<Record<Field, string>> = {
  total: "mem.swap_total_bytes",
  used: "mem.swap_used_bytes",
  free: "mem.swap_free_bytes",
};

function isHeader(line: string): boolean {
  const t = line.toLowerCase();
  return (
    (t.includes("total") && t.includes("used") && t.includes("free")) ||
    (t.includes("gesamt") && t.includes("frei"))
  );
}

/** Bytes per printed unit for plain numbers, from argv. */
function unitScale(argv: readonly string[] | undefined): number {
  if (!argv) return 1024;
  const si = hasFlag(argv, undefined, "--si");
  for (const a of argv.slice(1)) {
    if (a === "--bytes") return 1;
    if (a === "--kilo") return 1000;
    if (a === "--mega") return 1e6;
    if (a === "--giga") return 1e9;
    if (a === "--tera") return 1e12;
    if (a === "--kibi") return 1024;
    if (a === "--mebi") return 1024 ** 2;
    if (a === "--gibi") return 1024 ** 3;
    if (a === "--tebi") return 1024 ** 4;
    if (a.startsWith("-") && !a.startsWith("--")) {
      const f = a.slice(1);
      const base = si ? 1000 : 1024;
      if (f.includes("b")) return 1;
      if (f.includes("k")) return base;
      if (f.includes("m")) return base ** 2;
      if (f.includes("g")) return base ** 3;
    }
  }
  return 1024;
}

export const freeParser: ToolParser = {
  tool: "free",
  detect(text, fileName) {
    const h = head(text, 4);
    const hdr = h[0];
    if (hdr === undefined || !isHeader(hdr)) return 0;
    const row = h[1] ?? "";
    let score = /^\S+:\s+[\d.,]/.test(row) ? 0.95 : 0.5;
    if (fileName !== undefined && /free/i.test(fileName)) score += 0.03;
    return score;
  },
  parse(text, ctx) {
    return parseFree(text, ctx);
  },
};

/** End offsets of the whitespace-separated tokens of `line`. */
function tokenEnds(line: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && line.charCodeAt(i) <= 32) i++;
    if (i >= line.length) break;
    while (i < line.length && line.charCodeAt(i) > 32) i++;
    out.push(i);
  }
  return out;
}

/**
 * The fixed-column reader as a local binding: under the parse CLI's loader (tsx compiles to
 * CommonJS) each use of an imported name is a getter call, which shows in a loop run millions of
 * times.
 */
const readBefore = readNumberBefore;

function parseFree(text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult("free");
  if (text.trim() === "") return result;
  const warnings = new Warnings("free");
  const time = new TimeBase(ctx, warnings);
  const out = new SeriesSet();
  const scale = unitScale(ctx.argv);
  const si = hasFlag(ctx.argv, undefined, "--si");
  const secondsArg = argValue(ctx.argv, "-s", "--seconds");
  const interval = ctx.interval ?? (secondsArg !== undefined ? num(secondsArg) : undefined);

  let fields: Field[] | undefined;
  let block = -1;
  let row = 0;
  let oldStyle = false;
  let blocks = 0;
  let lineNo = 0;
  let sawHeader = false;
  let t: Instant = { ms: 0, relative: true };
  const value = (tok: string | undefined): number => {
    if (tok === undefined) return NaN;
    const n = num(tok);
    if (!Number.isNaN(n)) return n * scale;
    // -h: 23Gi, 9,5Mi, 0B; with --si the suffixes are powers of 1000.
    const bytes = parseHumanSize(tok);
    if (bytes === undefined) return NaN;
    if (si) {
      const m = /([KMGTP])i?B?$/i.exec(tok);
      const p = m ? "KMGTP".indexOf((m[1] ?? "K").toUpperCase()) + 1 : 0;
      return p > 0 ? (bytes / 1024 ** p) * 1000 ** p : bytes;
    }
    return bytes;
  };

  // Hot loop of a long `free -s 1` capture: the same header line, the same row labels and plain
  // numbers over and over. Header fields, labels and series are cached; numbers are scanned in
  // place (the token path remains for -h sizes).
  const fast = shortcuts.enabled;
  let lastHeader: RecurringText | undefined;
  /** Where the header's names end: procps right-aligns each value under its name. */
  let ends: number[] = [];
  const labels = new Map<string, string>();
  const nums = new Float64Array(16);
  let count = 0;
  let toks: string[] | undefined;
  /** Value of token i of the current row: scanned number × unit, or the token's human size. */
  const valueAt = (i: number): number => {
    if (toks !== undefined) return value(toks[i]);
    return i < count && i < nums.length ? (nums[i] ?? NaN) * scale : NaN;
  };
  const memSeries = new Map<string, SetSeries>();
  const target = (metric: string): SetSeries => {
    let s = memSeries.get(metric);
    if (s === undefined) {
      s = out.get(metric, {}, "B");
      memSeries.set(metric, s);
    }
    return s;
  };
  const push = (metric: string, v: number): void => {
    // No series for a value that is no sample (the order of first samples orders the output).
    if (Number.isFinite(v)) out.add(target(metric), t, v);
  };
  /**
   * {@link push} of header field i's metric through `cache` (per field, reset with the header): a
   * map lookup per value showed in the profile.
   */
  let memTargets: (SetSeries | undefined)[] = [];
  let swapTargets: (SetSeries | undefined)[] = [];
  const pushField = (
    cache: (SetSeries | undefined)[],
    i: number,
    metric: string,
    v: number,
  ): void => {
    if (!Number.isFinite(v)) return;
    let s = cache[i];
    if (s === undefined) {
      s = target(metric);
      cache[i] = s;
    }
    out.add(s, t, v);
  };
  /** Per row of a block: its label text before the colon and its label (rows repeat every block). */
  const rowRaw: string[] = [];
  const rowLabel: string[] = [];

  const n = text.length;
  out.total = n;
  let pos = 0;
  while (pos <= n) {
    let end = text.indexOf("\n", pos);
    if (end === -1) end = n;
    if (end === n && pos === n) break;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    const a = pos;
    pos = end + 1;
    lineNo++;
    out.read = pos;
    // The header read before, recognised in place (no substring, no string compare).
    if (
      fast &&
      lastHeader !== undefined &&
      stop - a === lastHeader.pattern.length &&
      lastHeader.at(text, a)
    ) {
      // The header read before: same fields.
      block++;
      blocks++;
      row = 0;
      continue;
    }
    const line = text.slice(a, stop);
    // A printable first character: not blank (trim() allocates).
    const c0 = line.charCodeAt(0);
    if (!(c0 > 32 && c0 < 127) && line.trim() === "") continue;
    // Rows have a `Label:`; only a line without one can be the header (saves lower-casing every row).
    if (line.indexOf(":") < 0 && isHeader(line)) {
      sawHeader = true;
      const words = tokens(line.toLowerCase());
      const mapped = words.map((w) => HEADER_WORDS[w]);
      if (mapped.every((f) => f !== undefined))
        fields = mapped.filter((f): f is Field => f !== undefined);
      else {
        // Unknown language: procps' fixed column order.
        fields =
          words.length >= 7
            ? ["total", "used", "free", "shared", "buffers", "cache", "available"]
            : ["total", "used", "free", "shared", "buff_cache", "available"];
      }
      oldStyle = fields.includes("cache") && !fields.includes("available");
      lastHeader = new RecurringText(line);
      memTargets = [];
      swapTargets = [];
      ends = tokenEnds(line);
      block++;
      blocks++;
      row = 0;
      continue;
    }
    if (fields === undefined) {
      throw new ParseError("free", "no column header", lineNo);
    }
    const colon = line.indexOf(":");
    if (colon < 0) {
      warnings.add("row without a label", lineNo);
      continue;
    }
    // The label of this row of the last block, when the text is the same; else by the map.
    const seen = rowRaw[row];
    let label =
      seen !== undefined && seen.length === colon && line.startsWith(seen)
        ? rowLabel[row]
        : undefined;
    if (label === undefined) {
      const rawLabel = line.slice(0, colon);
      label = labels.get(rawLabel);
      if (label === undefined) {
        label = rawLabel.trim().toLowerCase();
        if (labels.size < 100) labels.set(rawLabel, label);
      }
      if (row < 8) {
        rowRaw[row] = rawLabel;
        rowLabel[row] = label;
      }
    }
    toks = undefined;
    // The values under the header's names, read in place; else scan the row's tokens.
    count = 0;
    const want = fast ? Math.min(ends.length, fields.length, nums.length) : 0;
    // Read in `text`, not in `line`: each character of a substring costs an indirection.
    for (; count < want; count++) {
      const e = a + (ends[count] ?? 0);
      if (e > stop) {
        nums[count] = NaN;
        break;
      }
      if (!readBefore(text, e, a + colon, stop, nums, count)) break;
    }
    if (!fast || (count < want && !(count >= 3 && line.length <= (ends[count - 1] ?? 0)))) {
      count = scanNumbersIn(text, a + colon + 1, stop, nums);
      for (let i = 0; i < count && i < nums.length; i++) {
        if (Number.isNaN(nums[i])) {
          toks = tokens(line.slice(colon + 1));
          break;
        }
      }
    }
    if (row === 0) {
      t = blocks > 1 || block > 0 ? time.rel(block * (interval ?? 1)) : time.instant();
      if (block === 1 && interval === undefined)
        warnings.add("repeated output without a known interval: assuming 1 s");
    }
    if (label.startsWith("-/+")) {
      // procps 3.2: used/free without buffers and cache.
      push("mem.used_bytes", valueAt(0));
      push("mem.available_bytes", valueAt(1));
      continue;
    }
    if (label === "low" || label === "high" || label === "niedrig" || label === "hoch") continue;
    if (row === 0) {
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i];
        if (f === undefined) continue;
        if (oldStyle && f === "used") continue; // includes caches: the -/+ row gives the real one
        pushField(memTargets, i, MEM_METRIC[f], valueAt(i));
      }
      if (oldStyle) {
        const i = fields.indexOf("used");
        // kept apart so the -/+ row's figure is the canonical used
        push("mem.used_with_cache_bytes", valueAt(i));
      }
    } else if (row === 1 || label.startsWith("swap")) {
      if (label.startsWith("total") || label.startsWith("gesamt")) continue;
      for (let i = 0; i < 3; i++) {
        const f = fields[i];
        const m = f === undefined ? undefined : SWAP_METRIC[f];
        if (m !== undefined) pushField(swapTargets, i, m, valueAt(i));
      }
    }
    row++;
  }
  if (!sawHeader) throw new ParseError("free", "no column header");
  result.series = out.list(warnings);
  result.warnings = warnings.done();
  return result;
}
