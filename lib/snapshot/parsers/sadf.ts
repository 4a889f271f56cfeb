/**
 * `sadf -j` (sysstat history as JSON), the baseline source: a day of sa records per host.
 *
 * ```
 * {"sysstat": {
 * 	"hosts": [
 * 		{
 * 			"nodename": "vm", "release": "6.18.44-fc-v1252", "number-of-cpus": 2, "file-date": "2026-12-04",
 * 			"statistics": [
 * 				{
 * 					"timestamp": {"date": "2026-12-04", "time": "16:44:30", "utc": 1, "interval": 1},
 * 					"cpu-load": [ {"cpu": "all", "usr": 52.88, "nice": 0.00, "sys": 3.14, ...} ],
 * 					"queue": {"runq-sz": 3, "plist-sz": 102, "ldavg-1": 0.92, ...},
 * 					"network": { "net-dev": [ {"iface": "lo", "rxpck": 764.00, "rxkB": 24486.80, ...} ] }
 * ```
 *
 * Produces the same metric names as sar text (one table, ./sysstat/metrics.ts). Key names of
 * sysstat 10-12 are read: `cpu-load` / `cpu-load-all` with `user`/`usr` and `system`/`sys`,
 * `disk` items with sectors (`rd_sec`, `avgrq-sz`) or kB (`rkB`, `areq-sz`), `memory` holding the
 * swap values too, `io` with nested `io-reads`/`io-writes`, `interrupts` with `all` or `value`,
 * `network` → `net-dev`/`net-edev`/`net-tcp`/`net-etcp`/`net-sock`/`net-udp`, `psi`.
 * Timestamps with `"utc": 1` are UTC; `"utc": 0` (sadf -T) are local time in ctx.tz. `restarts`
 * become `restart` events and `comments` (sadf -C) `other` events.
 */
import type { HostInfo, Labels, ParseContext, ParseResult } from "../types";
import { ParseError } from "../types";
import { shortcuts } from "../util/scan";
import { isValidTimeZone, localToUtcMs } from "../util/time";
import type { ToolParser } from "./parser";
import {
  EventSink,
  type SeriesAcc,
  SeriesSink,
  type Stamp,
  Warnings,
  isBlankText,
  nameHint,
  parseSysstatDate,
  stampTime,
} from "./sysstat/common";
import {
  type Activity,
  JSON_ACTIVITIES,
  type MetricDef,
  PSI_JSON,
  SWAP_TOTAL,
  SYSTEM_INTERRUPTS,
} from "./sysstat/metrics";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numberOf(v: Json | undefined): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.replace(",", "."));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function stringOf(v: Json | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

class TimeReader {
  readonly tz: string;
  constructor(ctx: ParseContext, warnings: Warnings) {
    const tz = ctx.tz ?? "UTC";
    if (!isValidTimeZone(tz))
      warnings.add(`unknown time zone ${JSON.stringify(tz)}: reading local times as UTC`);
    this.tz = isValidTimeZone(tz) ? tz : "UTC";
  }

  /** {"date": "2026-12-04", "time": "16:44:30", "utc": 1} → stamp. */
  read(ts: Json | undefined): Stamp | undefined {
    let date: string | undefined;
    let time: string | undefined;
    let utc = true;
    if (isObject(ts)) {
      date = stringOf(ts.date);
      time = stringOf(ts.time);
      utc = numberOf(ts.utc) !== 0;
    } else if (typeof ts === "string") {
      // Some JSON writers (iostat/mpstat -o JSON) print "12/04/26 16:40:45".
      const sp = ts.trim().split(/\s+/);
      date = sp[0];
      time = sp[1];
    }
    if (date === undefined || time === undefined) return undefined;
    const d = parseSysstatDate(date, false);
    const tm = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
    if (!d || !tm) return undefined;
    const parts = {
      year: d.date.year,
      month: d.date.month,
      day: d.date.day,
      hour: Number(tm[1]),
      minute: Number(tm[2]),
      second: Number(tm[3]),
    };
    if (parts.hour > 23 || parts.minute > 59 || parts.second > 60) return undefined;
    const ms = utc
      ? Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
      : localToUtcMs(parts, this.tz);
    return { ms, rel: false };
  }
}

interface HostState {
  sink: SeriesSink;
  /** Series targets by host, activity and label value. */
  targets: Map<string, Target>;
  /** Number of the record being read: a series takes one value per record. */
  record: number;
  /**
   * The targets of the host being read by activity and printed label value: `targets` without
   * building its key string for every item of every record (reset for each host).
   */
  items: Map<Activity, Map<string, Target>>;
  plainItems: Map<Activity, Target>;
}

/**
 * The document with each `statistics` array's records cut out, to be parsed one at a time: parsed
 * whole, a day of records is a hundred megabytes of objects alive at once, which the garbage
 * collector copies and marks over and over (a third of the parse); a record parsed on its own dies
 * young. sadf prints each record from a `{` to a `}` at the start of a line indented like it; that
 * is where a record is taken to end, and `JSON.parse` of the piece proves it (a JSON object is
 * never a prefix of a longer one). In the skeleton each cut array holds one marker string instead:
 * parsed, it must show every marker as the only element of a host's `statistics`, else the cut was
 * not that array. Anything unexpected gives undefined or {@link NotSplit}: the text is then parsed
 * whole, so the result (or the error) is always that of `JSON.parse(text)`.
 */
interface SplitDoc {
  text: string;
  skeleton: string;
  /** Marker of cut k: `${marker}${k}`. */
  marker: string;
  /** Per cut: its records' [start, end) offsets, flat. */
  records: number[][];
}

/** The fast reading does not apply to this text (see {@link SplitDoc}). */
class NotSplit extends Error {}

function skipJsonBlanks(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}

function splitStatistics(text: string): SplitDoc | undefined {
  // Random, so no input can hold it elsewhere.
  const marker = `sadf-records-${globalThis.crypto.randomUUID()}-`;
  const parts: string[] = [];
  const records: number[][] = [];
  let copied = 0;
  let from = 0;
  for (;;) {
    const k = text.indexOf('"statistics"', from);
    if (k < 0) break;
    from = k + 12;
    let p = skipJsonBlanks(text, from);
    if (text.charCodeAt(p) !== 58 /* : */) continue;
    p = skipJsonBlanks(text, p + 1);
    if (text.charCodeAt(p) !== 91 /* [ */) continue;
    const open = p;
    p = skipJsonBlanks(text, p + 1);
    if (text.charCodeAt(p) === 93 /* ] */) continue;
    const spans: number[] = [];
    for (;;) {
      if (text.charCodeAt(p) !== 123 /* { */) return undefined;
      const lineStart = text.lastIndexOf("\n", p) + 1;
      for (let i = lineStart; i < p; i++) {
        const c = text.charCodeAt(i);
        if (c !== 32 && c !== 9) return undefined;
      }
      const close = text.indexOf(`\n${text.slice(lineStart, p)}}`, p);
      if (close < 0) return undefined;
      const end = close + (p - lineStart) + 2;
      spans.push(p, end);
      p = skipJsonBlanks(text, end);
      const c = text.charCodeAt(p);
      if (c === 93 /* ] */) break;
      if (c !== 44 /* , */) return undefined;
      p = skipJsonBlanks(text, p + 1);
    }
    parts.push(text.slice(copied, open + 1), JSON.stringify(`${marker}${records.length}`));
    records.push(spans);
    copied = p;
    from = p + 1;
  }
  if (records.length === 0) return undefined;
  parts.push(text.slice(copied));
  return { text, skeleton: parts.join(""), marker, records };
}

/** Per host index: the cut (index into `split.records`) its `statistics` stands for. */
function cutsOf(hosts: Json[], split: SplitDoc): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const used = new Array<boolean>(split.records.length).fill(false);
  hosts.forEach((h, hi) => {
    const s = isObject(h) ? h.statistics : undefined;
    if (!Array.isArray(s) || s.length !== 1) return;
    const m = s[0];
    if (typeof m !== "string" || !m.startsWith(split.marker)) return;
    const k = Number(m.slice(split.marker.length));
    if (!Number.isInteger(k) || `${split.marker}${k}` !== m || used[k] !== false) return;
    used[k] = true;
    out[hi] = k;
  });
  if (used.includes(false)) throw new NotSplit();
  return out;
}

function parseSadf(text: string, ctx: ParseContext): ParseResult {
  const tool = "sadf";
  if (isBlankText(text)) return { tool, series: [], events: [], host: {}, warnings: [] };
  const split = shortcuts.enabled ? splitStatistics(text) : undefined;
  if (split !== undefined) {
    try {
      return readDocument(JSON.parse(split.skeleton) as Json, ctx, split);
    } catch (e) {
      // A piece that is not JSON, a cut that was not a host's statistics: read the text whole.
      if (!(e instanceof SyntaxError) && !(e instanceof NotSplit)) throw e;
    }
  }
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // A cut-off file (sadf killed mid-write) is common: say so, but it is not sadf -j we can read.
    throw new ParseError(tool, `not valid JSON: ${why.slice(0, 120)}`);
  }
  return readDocument(doc, ctx, undefined);
}

/** The series and events of a parsed document (with `split`: its skeleton, records read as they come). */
function readDocument(doc: Json, ctx: ParseContext, split: SplitDoc | undefined): ParseResult {
  const tool = "sadf";
  const warnings = new Warnings(tool);
  const result: ParseResult = { tool, series: [], events: [], host: {}, warnings: [] };
  if (!isObject(doc) || !isObject(doc.sysstat) || !Array.isArray(doc.sysstat.hosts)) {
    if (split !== undefined) throw new NotSplit();
    throw new ParseError(tool, 'not sadf -j output (no {"sysstat": {"hosts": [...]}})');
  }
  const cuts = split === undefined ? [] : cutsOf(doc.sysstat.hosts, split);

  const times = new TimeReader(ctx, warnings);
  const events = new EventSink();
  const sink = new SeriesSink();
  const hosts = doc.sysstat.hosts;
  const state: HostState = {
    sink,
    targets: new Map(),
    record: 0,
    items: new Map(),
    plainItems: new Map(),
  };
  const hostNames = new Set<string>();

  // The sink sizes its columns by the share of the input read so far: here, of the records.
  hosts.forEach((h, hi) => {
    const cut = cuts[hi];
    const spans = split === undefined || cut === undefined ? undefined : split.records[cut];
    if (spans !== undefined) sink.total += spans.length / 2;
    else if (isObject(h) && Array.isArray(h.statistics)) sink.total += h.statistics.length;
  });

  for (const h of hosts) {
    if (!isObject(h)) continue;
    const name = stringOf(h.nodename);
    if (name !== undefined) hostNames.add(name);
  }
  // Several hosts in one document: tell their series apart by a host label.
  const multiHost = hostNames.size > 1;

  hosts.forEach((h, hi) => {
    if (!isObject(h)) {
      warnings.add(`hosts[${hi}] is not an object`);
      return;
    }
    const hostName = stringOf(h.nodename);
    if (hi === 0) result.host = hostInfo(h);
    const hostLabels: Labels = multiHost && hostName !== undefined ? { host: hostName } : {};
    const hostKey = hostLabels.host ?? "";
    state.items = new Map();
    state.plainItems = new Map();
    const stats = h.statistics;
    const readOne = (rec: Json, ri: number): void => {
      sink.read++;
      if (!isObject(rec)) return;
      const st = times.read(rec.timestamp);
      if (st === undefined) {
        warnings.add(
          `statistics[${ri}]: timestamp ${String(JSON.stringify(rec.timestamp)).slice(0, 80)} not understood`,
        );
        return;
      }
      readRecord(rec, st, hostLabels, hostKey, state, warnings, ri);
    };
    const cut = cuts[hi];
    const spans = split === undefined || cut === undefined ? undefined : split.records[cut];
    if (split !== undefined && spans !== undefined) {
      for (let ri = 0; ri * 2 < spans.length; ri++) {
        const piece = split.text.slice(spans[ri * 2] ?? 0, spans[ri * 2 + 1] ?? 0);
        readOne(JSON.parse(piece) as Json, ri);
      }
    } else if (!Array.isArray(stats)) {
      warnings.add(`hosts[${hi}] has no "statistics" array`);
    } else {
      stats.forEach(readOne);
    }
    for (const r of Array.isArray(h.restarts) ? h.restarts : []) {
      if (!isObject(r)) continue;
      const boot = isObject(r.boot) ? r.boot : r;
      const st = times.read(boot);
      if (!st) continue;
      const attrs: Record<string, string | number> = {};
      const n = numberOf(boot.cpu_count);
      if (n !== undefined) attrs.nCpu = n;
      if (hostName !== undefined) attrs.host = hostName;
      events.add({
        at: stampTime(st),
        kind: "restart",
        message: n === undefined ? "LINUX RESTART" : `LINUX RESTART (${n} CPU)`,
        attrs,
      });
    }
    for (const c of Array.isArray(h.comments) ? h.comments : []) {
      if (!isObject(c)) continue;
      const com = isObject(c.comment) ? c.comment : c;
      const st = times.read(com);
      const comment = stringOf(com.com) ?? "";
      if (!st) continue;
      events.add({
        at: stampTime(st),
        kind: "other",
        message: `sar comment: ${comment}`,
        attrs: { comment },
      });
    }
  });

  result.series = sink.finish(warnings);
  result.events = events.list;
  result.warnings = warnings.done();
  return result;
}

function hostInfo(h: JsonObject): HostInfo {
  const host: HostInfo = {};
  const name = stringOf(h.nodename);
  if (name !== undefined) host.hostname = name;
  const rel = stringOf(h.release);
  if (rel !== undefined) host.kernel = rel;
  const n = numberOf(h["number-of-cpus"]);
  if (n !== undefined && Number.isInteger(n) && n > 0) host.nCpu = n;
  const sys = stringOf(h.sysname);
  if (sys !== undefined) host.os = sys;
  return host;
}

/** The series of one item (`cpu-load` entry for CPU 1, `net-dev` entry for eth0): by metric. */
interface Target {
  labels: Labels;
  accs: Map<MetricDef, SeriesAcc>;
}

/** The target of `key` (activity and label value), made on first use. */
function targetOf(state: HostState, key: string, labels: Labels): Target {
  let t = state.targets.get(key);
  if (t === undefined) {
    t = { labels, accs: new Map() };
    state.targets.set(key, t);
  }
  return t;
}

function push(state: HostState, t: Target, def: MetricDef, st: Stamp, value: number): void {
  let a = t.accs.get(def);
  if (a === undefined) {
    a = state.sink.acc(def.metric, t.labels, def.unit);
    t.accs.set(def, a);
  }
  // 12.x writes the same quantity twice (rd_sec and rkB, avgrq-sz and areq-sz): the first wins.
  if (a.tag === state.record) return;
  a.tag = state.record;
  state.sink.push(a, st, value * def.scale, 0);
}

/** The numbers of an item (nested groups such as `io-reads` included) that the activity maps. */
function pushLeaves(act: Activity, o: JsonObject, t: Target, st: Stamp, state: HostState): void {
  for (const k in o) {
    const v = o[k];
    if (isObject(v)) {
      pushLeaves(act, v, t, st, state);
      continue;
    }
    const def = act.json.get(k);
    if (def === undefined) continue;
    const n = numberOf(v);
    if (n !== undefined) push(state, t, def, st, n);
  }
}

function readItem(
  act: Activity,
  item: JsonObject,
  base: Labels,
  baseKey: string,
  st: Stamp,
  state: HostState,
): void {
  let t: Target | undefined;
  if (act.jsonLabel !== undefined && act.labelName !== undefined) {
    const printed = stringOf(item[act.jsonLabel]);
    if (printed === undefined) return;
    let byLabel = state.items.get(act);
    if (byLabel === undefined) {
      byLabel = new Map();
      state.items.set(act, byLabel);
    }
    t = byLabel.get(printed);
    if (t === undefined) {
      // Some versions name CPUs "cpu0".
      const v = act.labelName === "cpu" && printed.startsWith("cpu") ? printed.slice(3) : printed;
      const key = `${baseKey}\u0000${act.id}\u0000${v}`;
      t = state.targets.get(key) ?? targetOf(state, key, { ...base, [act.labelName]: v });
      byLabel.set(printed, t);
    }
  } else {
    t = state.plainItems.get(act);
    if (t === undefined) {
      t = targetOf(state, `${baseKey}\u0000${act.id}`, base);
      state.plainItems.set(act, t);
    }
  }
  pushLeaves(act, item, t, st, state);
  if (act.id === "memory") {
    const free = numberOf(item.swpfree);
    const used = numberOf(item.swpused);
    if (free !== undefined && used !== undefined) push(state, t, SWAP_TOTAL, st, free + used);
  }
}

function readRecord(
  rec: JsonObject,
  st: Stamp,
  base: Labels,
  baseKey: string,
  state: HostState,
  warnings: Warnings,
  ri: number,
): void {
  state.record++;
  const plain = targetOf(state, baseKey, base);
  for (const key in rec) {
    const v = rec[key];
    if (v !== undefined) readActivity(key, v, st, base, baseKey, plain, state, warnings, ri);
  }
}

function readActivity(
  key: string,
  v: Json,
  st: Stamp,
  base: Labels,
  baseKey: string,
  plain: Target,
  state: HostState,
  warnings: Warnings,
  ri: number,
): void {
  if (key === "timestamp") return;
  if (key === "network" && isObject(v)) {
    for (const k2 in v) {
      const v2 = v[k2];
      if (v2 !== undefined) readActivity(k2, v2, st, base, baseKey, plain, state, warnings, ri);
    }
    return;
  }
  if (key === "psi" && isObject(v)) {
    for (const res in v) {
      const obj = v[res];
      const table = PSI_JSON.get(res);
      if (!table || !isObject(obj)) continue;
      for (const k in obj) {
        const def = table.get(k);
        const n = numberOf(obj[k]);
        if (def && n !== undefined) push(state, plain, def, st, n);
      }
    }
    return;
  }
  if (key === "interrupts" && Array.isArray(v)) {
    for (const it of v) {
      if (!isObject(it) || stringOf(it.intr) !== "sum") continue;
      const n = numberOf(it.all) ?? numberOf(it.value) ?? numberOf(it["intr/s"]);
      if (n !== undefined) push(state, plain, SYSTEM_INTERRUPTS, st, n);
    }
    return;
  }
  const act = JSON_ACTIVITIES.get(key);
  if (act === undefined) return;
  if (Array.isArray(v)) {
    for (const it of v) if (isObject(it)) readItem(act, it, base, baseKey, st, state);
  } else if (isObject(v)) {
    readItem(act, v, base, baseKey, st, state);
  } else {
    warnings.add(`statistics[${ri}].${key} is neither an object nor a list`);
  }
}

export const sadfParser: ToolParser = {
  tool: "sadf",
  detect(text: string, fileName?: string): number {
    const head = text.slice(0, 4096);
    let i = 0;
    while (i < head.length && (head.charCodeAt(i) <= 32 || head.charCodeAt(i) === 0xfeff)) i++;
    if (head.charCodeAt(i) !== 123 /* { */) return 0;
    const sys = head.indexOf('"sysstat"');
    if (sys < 0 || sys > i + 16) return 0;
    // sadf -j names "file-date"; iostat/mpstat -o JSON also start with "sysstat" but print a
    // plain "date" and string timestamps, which this parser does not read.
    const score = head.includes('"file-date"') || head.includes('"file-utc-time"') ? 0.98 : 0.2;
    return Math.min(1, score + nameHint(fileName, "sadf"));
  },
  parse: parseSadf,
};
