/**
 * `/proc/meminfo`.
 *
 * ```
 * MemTotal:       24683792 kB
 * MemFree:        23258404 kB
 * MemAvailable:   23940620 kB
 * Buffers:           13932 kB
 * Cached:           666516 kB
 * ```
 *
 * One sample at the capture's instant. mem.cached_bytes is Cached + SReclaimable and
 * mem.used_bytes is MemTotal − MemAvailable, as procps-ng 4 `free` computes them (older kernels
 * without MemAvailable: MemTotal − MemFree − Buffers − Cached − SReclaimable).
 */
import { ParseError, type ParseResult } from "../types";
import { forEachLine, head, num } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

const DIRECT: Record<string, string> = {
  MemTotal: "mem.total_bytes",
  MemFree: "mem.free_bytes",
  MemAvailable: "mem.available_bytes",
  Buffers: "mem.buffers_bytes",
  Shmem: "mem.shared_bytes",
  SwapTotal: "mem.swap_total_bytes",
  SwapFree: "mem.swap_free_bytes",
  Dirty: "mem.dirty_bytes",
  Writeback: "mem.writeback_bytes",
  Active: "mem.active_bytes",
  Inactive: "mem.inactive_bytes",
  AnonPages: "mem.anon_bytes",
  Slab: "mem.slab_bytes",
  Committed_AS: "mem.committed_bytes",
  CommitLimit: "mem.commit_limit_bytes",
  HugePages_Total: "mem.hugepages_count",
};

export const meminfoParser: ToolParser = {
  tool: "meminfo",
  detect(text, fileName) {
    const first = head(text, 1)[0] ?? "";
    if (!/^MemTotal:\s+\d+ kB/.test(first)) return 0;
    return fileName !== undefined && /meminfo/i.test(fileName) ? 1 : 0.98;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("meminfo");
    if (text.trim() === "") return result;
    const warnings = new Warnings("meminfo");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    const kb = new Map<string, number>();
    let lineNo = 0;
    forEachLine(text, (line) => {
      lineNo++;
      if (line.trim() === "") return;
      const colon = line.indexOf(":");
      if (colon <= 0) {
        warnings.add("line without `key:`", lineNo);
        return;
      }
      const key = line.slice(0, colon);
      const rest = line.slice(colon + 1).trim();
      const sp = rest.indexOf(" ");
      const v = num(sp < 0 ? rest : rest.slice(0, sp));
      if (!Number.isFinite(v)) {
        warnings.add(`unreadable value for ${key}`, lineNo);
        return;
      }
      kb.set(key, v);
    });
    const total = kb.get("MemTotal");
    if (total === undefined) throw new ParseError("meminfo", "no MemTotal line");
    for (const [key, metric] of Object.entries(DIRECT)) {
      const v = kb.get(key);
      if (v !== undefined)
        out.push(
          metric,
          {},
          key.startsWith("HugePages") ? "count" : "B",
          t,
          key.startsWith("HugePages") ? v : v * 1024,
        );
    }
    const cached = (kb.get("Cached") ?? NaN) + (kb.get("SReclaimable") ?? 0);
    out.push("mem.cached_bytes", {}, "B", t, cached * 1024);
    const avail = kb.get("MemAvailable");
    const free = kb.get("MemFree") ?? NaN;
    const used =
      avail !== undefined ? total - avail : total - free - (kb.get("Buffers") ?? 0) - cached;
    out.push("mem.used_bytes", {}, "B", t, used * 1024);
    const swapTotal = kb.get("SwapTotal");
    const swapFree = kb.get("SwapFree");
    if (swapTotal !== undefined && swapFree !== undefined)
      out.push("mem.swap_used_bytes", {}, "B", t, (swapTotal - swapFree) * 1024);
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
