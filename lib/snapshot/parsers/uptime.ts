/**
 * uptime (procps; also BusyBox-like layouts) and `uptime -p`.
 *
 * ```
 *  15:57:28 up 53 min,  0 user,  load average: 0.18, 0.67, 1.39
 *  10:55:22 up 40 days, 21:17,  1 user,  load average: 0.49, 0.12, 0.04
 *  16:40:31 up 7 min,  0 user,  load average: 0,22, 0,32, 0,18      (de_DE)
 * up 7 minutes                                                       (-p)
 * ```
 *
 * One sample at the printed time of day (date from ctx): load.1m/5m/15m, system.uptime_seconds and
 * system.users. `-p` has no time and no load: system.uptime_seconds at the capture's instant.
 */
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { head, num } from "../util/scan";
import { clockAt, emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";
import { loadAverages } from "./top";

const UNIT_SECONDS: Record<string, number> = {
  year: 31_536_000,
  years: 31_536_000,
  week: 604_800,
  weeks: 604_800,
  day: 86_400,
  days: 86_400,
  hour: 3600,
  hours: 3600,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  sec: 1,
  secs: 1,
};

/** `40 days, 21:17` / `53 min` / `16:03` / `2 days` → seconds. */
function upSeconds(text: string): number | undefined {
  let total = 0;
  let any = false;
  for (const part of text.split(",")) {
    const p = part.trim();
    if (p === "") continue;
    const hm = /^(\d{1,2}):(\d{2})$/.exec(p);
    if (hm) {
      total += Number(hm[1]) * 3600 + Number(hm[2]) * 60;
      any = true;
      continue;
    }
    const m = /^(\d+)\s+([a-z]+)$/.exec(p);
    const unit = m ? UNIT_SECONDS[m[2] ?? ""] : undefined;
    if (m && unit !== undefined) {
      total += Number(m[1]) * unit;
      any = true;
    }
  }
  return any ? total : undefined;
}

export const uptimeParser: ToolParser = {
  tool: "uptime",
  detect(text, fileName) {
    const h = head(text, 3);
    const first = h[0] ?? "";
    if (h.length > 2) return 0;
    let score = 0;
    if (/^\s*\d{1,2}:\d{2}:\d{2}\s+up\s/.test(first) && first.includes("load average"))
      score = 0.95;
    else if (/^up\s+\d+\s+(year|week|day|hour|minute)/.test(first)) score = 0.8;
    if (score > 0 && fileName !== undefined && /uptime/i.test(fileName)) score += 0.03;
    return score;
  },
  parse(text, ctx) {
    return parseUptime(text, ctx);
  },
};

function parseUptime(text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult("uptime");
  if (text.trim() === "") return result;
  const warnings = new Warnings("uptime");
  const time = new TimeBase(ctx, warnings);
  const out = new SeriesSet();
  let lineNo = 0;
  let samples = 0;
  for (const raw of text.split("\n")) {
    lineNo++;
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("up ")) {
      const s = upSeconds(line.slice(3));
      if (s === undefined) throw new ParseError("uptime", "unreadable `uptime -p` line", lineNo);
      out.push("system.uptime_seconds", {}, "s", time.instant(), s);
      samples++;
      continue;
    }
    const c = clockAt(line, 0);
    const upAt = line.indexOf(" up ");
    const la = line.search(/load averages?:/);
    if (c === undefined || upAt < 0 || la < 0) {
      throw new ParseError("uptime", "not an uptime line", lineNo);
    }
    const t = time.tod(c.seconds);
    const loads = loadAverages(line.slice(line.indexOf(":", la) + 1));
    if (loads === undefined) throw new ParseError("uptime", "unreadable load average", lineNo);
    out.push("load.1m", {}, "", t, loads[0] ?? NaN);
    out.push("load.5m", {}, "", t, loads[1] ?? NaN);
    out.push("load.15m", {}, "", t, loads[2] ?? NaN);
    // Between "up" and the load average: "40 days, 21:17,  1 user," — the user count ends it.
    const middle = line.slice(upAt + 4, la);
    const users = /,?\s*(\d+)\s+users?,?\s*$/.exec(middle);
    const upPart = users ? middle.slice(0, users.index) : middle;
    const up = upSeconds(upPart);
    if (up !== undefined) out.push("system.uptime_seconds", {}, "s", t, up);
    else warnings.add("unreadable uptime", lineNo);
    if (users) out.push("system.users", {}, "count", t, num(users[1]));
    samples++;
  }
  if (samples === 0) throw new ParseError("uptime", "no uptime line");
  result.series = out.list(warnings);
  result.warnings = warnings.done();
  return result;
}
