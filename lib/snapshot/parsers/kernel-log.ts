/**
 * Kernel messages: `dmesg` (raw `[ 1234.567890] msg`, `-T` `[Fri Dec  4 15:57:20 2026] msg`, `-t`
 * without times, `-x` with facility/level) and `journalctl -k` (`short`, `short-precise`,
 * `short-iso`, `short-iso-precise`, `short-full`, `short-monotonic`) → events.
 *
 * ```
 * [  511.450662] Memory cgroup out of memory: Killed process 7600 (stress-ng-vm) total-vm:241152kB, ...
 * [Fri Dec  4 16:42:19 2026] wr-segv[8309]: segfault at 0 ip 0000563df4ce9139 sp 00007ffe37ac61f0 error 4 in wr-segv[...]
 * Dec 04 16:43:48.949201 vm kernel: Memory cgroup out of memory: Killed process 9538 (stress-ng-vm) ...
 * 2026-12-04T16:43:48+0000 vm kernel: oom-kill:constraint=CONSTRAINT_MEMCG,...,task=stress-ng-vm,pid=9538,uid=0
 * ```
 *
 * Kinds: oom-kill, io-error, link-down/link-up (driver "Link is Down/Up" and bridge ports entering
 * disabled/forwarding state), hung-task, soft-lockup (hard lockups too), segfault (and `traps:`
 * general protection faults), mce, throttle (thermal), restart (`Linux version` at boot). The
 * kernel reports one OOM kill in two or three lines (`oom-kill:...pid=N`, `Killed process N`):
 * they become one event with the attributes of both. `other` keeps only lines that say something
 * went wrong (error, fail, warning, BUG, panic, timeout, "blocked"), not the boot chatter and not
 * the indented continuation lines of stack traces and OOM dumps, at most 200 of them: a war room
 * needs the notable lines, not a copy of the ring buffer.
 * Raw dmesg times stay seconds since boot (numbers); wall-clock formats become ISO in ctx.tz,
 * the year of `short`/`short-precise` comes from ctx.date or the capture start.
 */
import {
  ParseError,
  type EventKind,
  type HostEvent,
  type ParseContext,
  type ParseResult,
  type Timestamp,
} from "../types";
import { parseFixedOffset, toIso } from "../util/time";
import { forEachLine, head } from "../util/scan";
import { clockAt, emptyResult, monthNumber, TimeBase, timestampOf, Warnings } from "./common";
import type { ToolParser } from "./parser";

const MAX_OTHER = 200;
/** Words that make an otherwise unclassified line worth showing (`failcnt 0` is not a failure). */
const NOTABLE =
  /\b(errors?|failed|failure|fails|warning|panic|timed out|timeout|corrupt(ed|ion)?|denied)\b/i;

export interface Classified {
  kind: EventKind;
  attrs: Record<string, string | number>;
}

function int(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

function setIf(
  attrs: Record<string, string | number>,
  key: string,
  value: string | number | undefined,
): void {
  if (value !== undefined && value !== "") attrs[key] = value;
}

/** `a=b,c=d` lists of `oom-kill:` lines. */
function commaPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Interface named before `: Link is` / `: NIC Link is`: `e1000e 0000:00:19.0 eth0: NIC Link is Up`. */
function ifaceBefore(msg: string, at: number): string | undefined {
  let s = msg.slice(0, at).trimEnd();
  if (s.endsWith("NIC")) s = s.slice(0, -3).trimEnd();
  const parts = s
    .split(/\s+/)
    .map((p) => p.replace(/:$/, ""))
    .filter((p) => p !== "");
  // Old drivers put their function name last ("e1000: eth0: e1000_watchdog: NIC Link is Up").
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i] ?? "";
    if (IFACE.test(p)) return p;
  }
  return parts[parts.length - 1];
}

const IFACE = /^(eth|en[opsx]?|em|wl|ww|ib|bond|br|team|vlan|veth|tap|tun|p\d+p)\w*(\.\d+)?$/;

/** Kind and attributes of one kernel message, or undefined when it is not notable. */
export function classifyKernelMessage(msg: string): Classified | undefined {
  const attrs: Record<string, string | number> = {};
  let i: number;
  if ((i = msg.indexOf("Killed process ")) >= 0 || (i = msg.indexOf("Kill process ")) >= 0) {
    const m = /Kill(?:ed)? process (\d+) \(([^)]*)\)/.exec(msg.slice(i));
    if (m) {
      setIf(attrs, "pid", int(m[1]));
      setIf(attrs, "process", m[2]);
    }
    return { kind: "oom-kill", attrs };
  }
  if ((i = msg.indexOf("oom-kill:")) >= 0) {
    const p = commaPairs(msg.slice(i + 9));
    setIf(attrs, "pid", int(p.pid));
    setIf(attrs, "process", p.task);
    setIf(attrs, "cgroup", p.oom_memcg);
    return { kind: "oom-kill", attrs };
  }
  if (msg.includes("Out of memory") && !msg.includes("invoked oom-killer"))
    return { kind: "oom-kill", attrs };
  if (
    msg.includes("I/O error") ||
    msg.includes("critical medium error") ||
    /EXT[234]-fs error|XFS \(\S+\): .*error|^nvme (nvme\d+): I\/O \d+ QID \d+ timeout/.test(msg)
  ) {
    const m = /\bdev ([^\s,:]+)|\(device ([^)\s]+)\)|XFS \(([^)]+)\)|^nvme (nvme\d+):/.exec(msg);
    if (m) setIf(attrs, "device", m[1] ?? m[2] ?? m[3] ?? m[4]);
    return { kind: "io-error", attrs };
  }
  if ((i = msg.indexOf("Link is Down")) >= 0 || (i = msg.indexOf("Link is Up")) >= 0) {
    setIf(attrs, "iface", ifaceBefore(msg, i));
    const up = msg.startsWith("Link is Up", i);
    if (up) {
      const speed = /Link is Up[\s-]*(\d+\s?[GM]bps)/.exec(msg);
      if (speed) setIf(attrs, "speed", (speed[1] ?? "").replace(" ", ""));
    }
    return { kind: up ? "link-up" : "link-down", attrs };
  }
  if (msg.includes("entered disabled state") || msg.includes("entered forwarding state")) {
    const m = /^(\S+): port \d+\(([^)]+)\) entered/.exec(msg);
    if (m) {
      setIf(attrs, "iface", m[2]);
      setIf(attrs, "bridge", m[1]);
    }
    return { kind: msg.includes("disabled") ? "link-down" : "link-up", attrs };
  }
  if ((i = msg.indexOf(" blocked for more than ")) >= 0) {
    const m = /task (.+):(\d+) blocked for more than (\d+) seconds/.exec(msg);
    if (m) {
      setIf(attrs, "process", m[1]);
      setIf(attrs, "pid", int(m[2]));
      setIf(attrs, "seconds", int(m[3]));
    }
    return { kind: "hung-task", attrs };
  }
  if (msg.includes("soft lockup") || msg.includes("hard LOCKUP")) {
    const cpu = /CPU#?\s?(\d+)/.exec(msg);
    if (cpu) setIf(attrs, "cpu", int(cpu[1]));
    const proc = /\[([^\]:]+):(\d+)\]/.exec(msg);
    if (proc) {
      setIf(attrs, "process", proc[1]);
      setIf(attrs, "pid", int(proc[2]));
    }
    return { kind: "soft-lockup", attrs };
  }
  if (
    msg.includes(": segfault at ") ||
    (msg.startsWith("traps: ") && msg.includes("general protection"))
  ) {
    const m = /(?:traps: )?(\S+)\[(\d+)\]/.exec(msg);
    if (m) {
      setIf(attrs, "process", m[1]);
      setIf(attrs, "pid", int(m[2]));
    }
    return { kind: "segfault", attrs };
  }
  if (
    msg.includes("[Hardware Error]") ||
    msg.includes("Machine check events logged") ||
    msg.includes("Machine Check Exception")
  ) {
    const cpu = /CPU (\d+)/.exec(msg);
    if (cpu) setIf(attrs, "cpu", int(cpu[1]));
    return { kind: "mce", attrs };
  }
  if (msg.includes("temperature above threshold") || msg.includes("clock throttled")) {
    const cpu = /CPU(\d+)/.exec(msg);
    if (cpu) setIf(attrs, "cpu", int(cpu[1]));
    return { kind: "throttle", attrs };
  }
  if (msg.startsWith("Linux version ")) return { kind: "restart", attrs };
  if (msg.includes("BUG:") || NOTABLE.test(msg)) return { kind: "other", attrs };
  return undefined;
}

interface Stamped {
  at: Timestamp | undefined;
  msg: string;
  host?: string;
  /** Line is from a non-kernel journal identifier: skip. */
  foreign?: boolean;
}

const RAW = /^\[\s*(\d+\.\d+)\]\s?/;
const CTIME = /^\[(?:\w{3}) (\w{3})\s+(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})\]\s?/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?([+-]\d{2}:?\d{2}|Z)\s/;
const SHORT = /^(\w{3}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) /;
const FULL = /^\w{3} (\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) (\S+) /;
const LEVEL_PREFIX = /^(kern|user|mail|daemon|auth|syslog|lpr|news)\s*:\s*(\w+)\s*:\s/;

/** `host kernel: msg` after a journal timestamp. */
function journalRest(rest: string): { host?: string; msg: string; foreign: boolean } {
  const sp = rest.indexOf(" ");
  const host = sp > 0 ? rest.slice(0, sp) : undefined;
  const after = sp > 0 ? rest.slice(sp + 1) : rest;
  if (after.startsWith("kernel: ")) return { host, msg: after.slice(8), foreign: false };
  if (after.startsWith("kernel:")) return { host, msg: after.slice(7), foreign: false };
  return { host, msg: after, foreign: true };
}

/** What earlier lines told about the format: journalctl -o short-monotonic looks like raw dmesg. */
interface FormatState {
  monotonic: boolean;
}

function stampLine(line: string, time: TimeBase, journal: FormatState): Stamped | undefined {
  let m: RegExpExecArray | null;
  const lp = LEVEL_PREFIX.exec(line);
  if (lp) line = line.slice(lp[0].length);
  if (line.startsWith("[")) {
    if ((m = RAW.exec(line))) {
      let msg = line.slice(m[0].length);
      // journalctl -o short-monotonic: "[  532.113769] vm kernel: msg"; other identifiers
      // ("vm systemd-journald[9354]: ...") are not kernel messages.
      const j = /^\S+ kernel: /.exec(msg);
      let host: string | undefined;
      if (j) {
        host = msg.slice(0, msg.indexOf(" "));
        msg = msg.slice(j[0].length);
        journal.monotonic = true;
      } else if (journal.monotonic && /^\S+ [^\s:[]+(\[\d+\])?: /.test(msg)) {
        return { at: Number(m[1]), msg, foreign: true };
      }
      return { at: Number(m[1]), msg, host };
    }
    if ((m = CTIME.exec(line))) {
      const mo = monthNumber(m[1] ?? "");
      const c = clockAt(m[3] ?? "", 0);
      if (mo !== undefined && c !== undefined) {
        const s = c.seconds;
        const ms = time.localMs(
          Number(m[4]),
          mo,
          Number(m[2]),
          Math.floor(s / 3600),
          Math.floor((s % 3600) / 60),
          s % 60,
        );
        return { at: toIso(ms), msg: line.slice(m[0].length) };
      }
    }
  }
  if ((m = ISO.exec(line))) {
    const off = m[8] === undefined ? undefined : parseFixedOffset(m[8]);
    const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
    const ms = time.localMs(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]) + frac,
      off,
    );
    return { at: toIso(Math.round(ms)), ...journalRest(line.slice(m[0].length)) };
  }
  if ((m = FULL.exec(line))) {
    const c = clockAt(m[4] ?? "", 0);
    if (c !== undefined) {
      const zone = m[5] ?? "";
      const off = zone === "UTC" || zone === "GMT" ? 0 : parseFixedOffset(zone);
      const s = c.seconds;
      const ms = time.localMs(
        Number(m[1]),
        Number(m[2]),
        Number(m[3]),
        Math.floor(s / 3600),
        Math.floor((s % 3600) / 60),
        s % 60,
        off,
      );
      return { at: toIso(Math.round(ms)), ...journalRest(line.slice(m[0].length)) };
    }
  }
  if ((m = SHORT.exec(line))) {
    const mo = monthNumber(m[1] ?? "");
    const c = clockAt(m[3] ?? "", 0);
    if (mo !== undefined && c !== undefined) {
      const year = time.year;
      const rest = journalRest(line.slice(m[0].length));
      if (year === undefined) return { at: undefined, ...rest };
      const s = c.seconds;
      const ms = time.localMs(
        year,
        mo,
        Number(m[2]),
        Math.floor(s / 3600),
        Math.floor((s % 3600) / 60),
        s % 60,
      );
      return { at: toIso(Math.round(ms)), ...rest };
    }
  }
  return undefined;
}

function parseKernelLog(tool: string, text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult(tool);
  if (text.trim() === "") return result;
  const warnings = new Warnings(tool);
  const time = new TimeBase(ctx, warnings);
  const events: HostEvent[] = [];
  const oomByPid = new Map<number | string, HostEvent>();
  let otherDropped = 0;
  let others = 0;
  const journal: FormatState = { monotonic: false };
  let understood = 0;
  let noTime = 0;
  let noYear = 0;
  forEachLine(text, (line) => {
    if (line.trim() === "") return;
    if (line.startsWith("-- ")) {
      understood++;
      return; // journal markers: "-- No entries --", "-- Boot ... --", "-- Logs begin at ..."
    }
    const st = stampLine(line, time, journal);
    let at: Timestamp | undefined;
    let msg: string;
    if (st === undefined) {
      // dmesg -t: no time at all.
      at = undefined;
      msg = line;
      noTime++;
    } else {
      understood++;
      if (st.foreign) return;
      if (st.host !== undefined && result.host.hostname === undefined)
        result.host.hostname = st.host;
      at = st.at;
      msg = st.msg;
      if (at === undefined) noYear++;
    }
    // Continuation lines of stack traces and dumps are indented.
    if (msg.startsWith(" ") || msg.startsWith("\t")) return;
    const c = classifyKernelMessage(msg);
    if (c === undefined) return;
    const ev: HostEvent = {
      at: at ?? timestampOf(time.instant()),
      kind: c.kind,
      message: msg.trim(),
      attrs: c.attrs,
    };
    if (c.kind === "oom-kill") {
      const pid = c.attrs.pid;
      const prev = pid === undefined ? undefined : oomByPid.get(pid);
      if (prev !== undefined) {
        prev.attrs = { ...prev.attrs, ...c.attrs };
        if (msg.includes("Killed process")) prev.message = msg.trim();
        return;
      }
      if (pid !== undefined) oomByPid.set(pid, ev);
    }
    if (c.kind === "other") {
      if (others >= MAX_OTHER) {
        otherDropped++;
        return;
      }
      others++;
    }
    events.push(ev);
  });
  if (understood === 0 && events.length === 0) {
    throw new ParseError(tool, "no kernel log lines recognised");
  }
  if (noTime > 0 && understood === 0)
    warnings.add("lines carry no time (dmesg -t?): events placed at the capture start");
  if (noYear > 0)
    warnings.add(
      "timestamps have no year and no date is known: events placed at the capture start (pass --date)",
    );
  if (otherDropped > 0) warnings.add(`${otherDropped} more notable lines not kept as events`);
  result.events = sortEvents(events);
  result.warnings = warnings.done();
  return result;
}

/** Stable time order (journal entries from several sources can interleave). */
export function sortEvents(events: HostEvent[]): HostEvent[] {
  const keyed = events.map((e, i) => ({ e, i, k: TimeBase.order(e.at) }));
  keyed.sort((a, b) => {
    const ka = Number.isNaN(a.k) ? 0 : a.k;
    const kb = Number.isNaN(b.k) ? 0 : b.k;
    return ka - kb || a.i - b.i;
  });
  return keyed.map((x) => x.e);
}

export const dmesgParser: ToolParser = {
  tool: "dmesg",
  detect(text, fileName) {
    const h = head(text, 8);
    if (h.length === 0) return 0;
    let hits = 0;
    for (const l of h) if (RAW.test(l) || CTIME.test(l) || LEVEL_PREFIX.test(l)) hits++;
    let score = hits === 0 ? 0 : 0.5 + 0.45 * (hits / h.length);
    if (score > 0 && h.some((l) => /^\[\s*\d+\.\d+\] \S+ kernel: /.test(l))) score = 0.5; // journalctl short-monotonic
    if (score === 0 && h.some((l) => classifyKernelMessage(l) !== undefined)) {
      // dmesg -t: nothing but kernel messages.
      score = fileName !== undefined && /dmesg|kern/i.test(fileName) ? 0.6 : 0.2;
    }
    if (score > 0 && fileName !== undefined && /dmesg/i.test(fileName)) score += 0.03;
    return Math.min(score, 1);
  },
  parse(text, ctx) {
    return parseKernelLog("dmesg", text, ctx);
  },
};

export const journalctlParser: ToolParser = {
  tool: "journalctl",
  detect(text, fileName) {
    const h = head(text, 8).filter((l) => !l.startsWith("-- "));
    if (h.length === 0) return /^-- (No entries|Logs begin|Journal begins)/.test(text) ? 0.9 : 0;
    let hits = 0;
    for (const l of h) {
      if (
        /^(\w{3} {1,2}\d{1,2} \d{2}:\d{2}:\d{2}(\.\d+)?|\d{4}-\d{2}-\d{2}T\S+|\w{3} \d{4}-\d{2}-\d{2} \S+ \S+|\[\s*\d+\.\d+\]) \S+ kernel: /.test(
          l,
        )
      )
        hits++;
    }
    let score = hits === 0 ? 0 : 0.55 + 0.4 * (hits / h.length);
    if (score > 0 && fileName !== undefined && /journal/i.test(fileName)) score += 0.03;
    return score;
  },
  parse(text, ctx) {
    return parseKernelLog("journalctl", text, ctx);
  },
};
