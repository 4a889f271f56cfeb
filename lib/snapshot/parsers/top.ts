/**
 * top in batch mode (`top -b`, any `-n`, `-d`, `-e`/`-E` scaling, procps 3.2 to 4, any locale).
 *
 * ```
 * top - 15:57:54 up 53 min,  0 user,  load average: 0.80, 0.78, 1.40
 * Tasks:  97 total,   3 running,  94 sleeping,   0 stopped,   0 zombie
 * %Cpu(s):  0.0 us,100.0 sy,  0.0 ni,  0.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st
 * MiB Mem :  24105.3 total,  23446.9 free,    532.5 used,    500.3 buff/cache
 * MiB Swap:      0.0 total,      0.0 free,      0.0 used.  23572.8 avail Mem
 *
 *   PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
 *  4457 root      20   0   77312   6628   3728 R 100.0   0.0   0:33.06 stress-ng+
 * ```
 *
 * Older layouts: `Cpu(s):  0.3%us,  0.3%sy, ...` and `Mem:    497876k total,   315344k used, ...`
 * (procps 3.2), `KiB Mem :  3861332 total, ...` (3.3). Each `top -` frame is one sample at its time of
 * day (date from ctx). A summary number that overflowed its field (`19673521+total`) is dropped.
 * The process table gives proc.cpu_pct and proc.mem_rss_bytes for processes with CPU or resident
 * memory (RES in KiB unless suffixed `m`/`g`/`t`).
 */
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { parseHumanSize } from "../util/numbers";
import { forEachLine, head, num, tokens } from "../util/scan";
import { clockAt, emptyResult, type Instant, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

const CPU_FIELDS: Record<string, string> = {
  us: "cpu.user_pct",
  sy: "cpu.system_pct",
  ni: "cpu.nice_pct",
  id: "cpu.idle_pct",
  wa: "cpu.iowait_pct",
  hi: "cpu.irq_pct",
  si: "cpu.softirq_pct",
  st: "cpu.steal_pct",
};

const TASK_FIELDS: Record<string, string> = {
  total: "procs.total",
  running: "procs.running",
  sleeping: "procs.sleeping",
  stopped: "procs.stopped",
  zombie: "procs.zombie",
};

const UNIT_PREFIX: Record<string, number> = {
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
  EiB: 1024 ** 6,
};

/** `number label` pairs of a summary line: `0.0 us, 0,0 ni,100,0 id` or `0.3%us` or `497876k total`. */
function pairs(rest: string): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const re = /(\d+(?:[.,]\d+)?[kKmMgGtT]?)(\+?)%?\s*([A-Za-zäöü][\w/.äöü]*(?: Mem| Spch)?)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m[2] === "+") {
      out.push({ value: "", label: m[3] ?? "" });
      continue;
    }
    out.push({ value: m[1] ?? "", label: (m[3] ?? "").replace(/\.$/, "") });
  }
  return out;
}

/** Load average `0.80, 0.78, 1.40` / `0,80, 0,78, 1,40` / `0.02 0.65 1.38` after the colon. */
export function loadAverages(text: string): number[] | undefined {
  const t = text.trim();
  const parts = t.includes(", ") ? t.split(/,\s+/) : t.split(/\s+/);
  if (parts.length < 3) return undefined;
  const v = parts.slice(0, 3).map((p) => num(p.trim()));
  return v.every((x) => Number.isFinite(x)) ? v : undefined;
}

export const topParser: ToolParser = {
  tool: "top",
  detect(text, fileName) {
    const h = head(text, 6);
    const first = h[0] ?? "";
    if (!/^top - \d{1,2}:\d{2}:\d{2} /.test(first)) return 0;
    let score = 0.9;
    if (h.some((l) => /^(%?Cpu|Tasks:)/i.test(l))) score = 0.97;
    if (fileName !== undefined && /top/i.test(fileName)) score += 0.02;
    return score;
  },
  parse(text, ctx) {
    return parseTop(text, ctx);
  },
};

function parseTop(text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult("top");
  if (text.trim() === "") return result;
  const warnings = new Warnings("top");
  const time = new TimeBase(ctx, warnings);
  const out = new SeriesSet();
  let t: Instant | undefined;
  let frames = 0;
  let lineNo = 0;
  let table: { pid: number; res: number; cpu: number; cmd: number } | undefined;

  const memLine = (line: string, isSwap: boolean): void => {
    if (t === undefined) return;
    const colon = line.indexOf(":");
    const prefix = line.slice(0, colon).trim().split(/\s+/)[0] ?? "";
    const mult = UNIT_PREFIX[prefix];
    for (const { value, label } of pairs(line.slice(colon + 1))) {
      if (value === "") {
        warnings.add(`${label} overflowed its field`, lineNo);
        continue;
      }
      let bytes: number | undefined;
      if (mult !== undefined) bytes = num(value) * mult;
      else bytes = /[kKmMgGtT]$/.test(value) ? parseHumanSize(value) : num(value) * 1024;
      if (bytes === undefined || !Number.isFinite(bytes)) continue;
      const l = label.toLowerCase();
      let metric: string | undefined;
      if (l.startsWith("avail")) metric = "mem.available_bytes";
      else if (l === "total") metric = isSwap ? "mem.swap_total_bytes" : "mem.total_bytes";
      else if (l === "free") metric = isSwap ? "mem.swap_free_bytes" : "mem.free_bytes";
      else if (l === "used") metric = isSwap ? "mem.swap_used_bytes" : "mem.used_bytes";
      else if (l === "buff/cache") metric = "mem.buff_cache_bytes";
      else if (l === "buffers") metric = "mem.buffers_bytes";
      else if (l === "cached") metric = "mem.cached_bytes";
      if (metric !== undefined) out.push(metric, {}, "B", t, bytes);
    }
  };

  forEachLine(text, (line) => {
    lineNo++;
    if (line.startsWith("top - ")) {
      const c = clockAt(line, 6);
      table = undefined;
      if (c === undefined) {
        warnings.add("frame header without a time", lineNo);
        t = undefined;
        return;
      }
      t = time.tod(c.seconds);
      frames++;
      const la = line.indexOf("load average");
      if (la >= 0) {
        const loads = loadAverages(line.slice(line.indexOf(":", la) + 1));
        if (loads) {
          out.push("load.1m", {}, "", t, loads[0] ?? NaN);
          out.push("load.5m", {}, "", t, loads[1] ?? NaN);
          out.push("load.15m", {}, "", t, loads[2] ?? NaN);
        }
      }
      return;
    }
    if (t === undefined) {
      if (frames === 0 && line.trim() !== "")
        throw new ParseError("top", "does not start with a `top -` frame header", lineNo);
      return;
    }
    if (table !== undefined) {
      if (line.trim() === "") return;
      const f = tokens(line);
      const pid = f[table.pid];
      const cpu = num(f[table.cpu]);
      const resTok = f[table.res] ?? "";
      const res = /[mgtpe]$/i.test(resTok) ? parseHumanSize(resTok) : num(resTok) * 1024;
      const cmd = f.slice(table.cmd).join(" ");
      if (pid === undefined || !/^\d+$/.test(pid)) {
        warnings.add("unreadable process row", lineNo);
        return;
      }
      if ((Number.isFinite(cpu) && cpu > 0) || (res !== undefined && res > 0)) {
        const labels = { pid, command: cmd };
        out.push("proc.cpu_pct", labels, "%", t, cpu);
        if (res !== undefined) out.push("proc.mem_rss_bytes", labels, "B", t, res);
      }
      return;
    }
    const trimmed = line.trimStart();
    if (/^(Tasks|Threads):/.test(trimmed)) {
      for (const { value, label } of pairs(trimmed.slice(trimmed.indexOf(":") + 1))) {
        const m = TASK_FIELDS[label.toLowerCase()];
        if (m !== undefined) out.push(m, {}, "count", t, num(value));
      }
      return;
    }
    const cpuHead = /^%?Cpu(\(s\)|\d+)\s*:/i.exec(trimmed);
    if (cpuHead) {
      const which = cpuHead[1] === "(s)" ? "all" : (cpuHead[1] ?? "all");
      for (const { value, label } of pairs(trimmed.slice(cpuHead[0].length))) {
        const m = CPU_FIELDS[label.toLowerCase()];
        if (m !== undefined) out.push(m, { cpu: which }, "%", t, num(value));
      }
      return;
    }
    if (/^(\w+ )?(Mem|Spch)\s*:/.test(trimmed)) {
      memLine(trimmed, false);
      return;
    }
    if (/^(\w+ )?Swap\s*:/.test(trimmed)) {
      memLine(trimmed, true);
      return;
    }
    if (/^\s*PID\s/.test(line)) {
      const h = tokens(line).map((x) => x.toUpperCase());
      const pid = h.indexOf("PID");
      const res = h.findIndex((x) => x === "RES" || x === "RSS");
      const cpu = h.findIndex((x) => x === "%CPU" || x === "CPU%");
      const cmd = h.length - 1;
      if (pid < 0 || res < 0 || cpu < 0)
        warnings.add("process table without PID/RES/%CPU columns", lineNo);
      else table = { pid, res, cpu, cmd };
    }
  });
  if (frames === 0) throw new ParseError("top", "no `top -` frame header");
  result.series = out.list(warnings);
  result.warnings = warnings.done();
  return result;
}
