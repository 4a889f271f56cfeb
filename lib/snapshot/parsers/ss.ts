/**
 * `ss -s` (iproute2) socket summary.
 *
 * ```
 * Total: 11
 * TCP:   2 (estab 0, closed 0, orphaned 0, timewait 0)
 *
 * Transport Total     IP        IPv6
 * TCP	  2         2         0
 * ```
 *
 * One sample at the capture's instant: tcp.established, tcp.closed, tcp.orphaned, tcp.timewait,
 * tcp.synrecv (older ss), tcp.sockets and net.sockets (the `Total:` line).
 */
import { ParseError, type ParseResult } from "../types";
import { head, num } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

export const ssParser: ToolParser = {
  tool: "ss",
  detect(text, fileName) {
    const h = head(text, 3);
    if (!/^Total: \d+/.test(h[0] ?? "")) return 0;
    let score = h.some((l) => l.startsWith("TCP:")) ? 0.97 : 0.6;
    if (fileName !== undefined && /\bss/i.test(fileName)) score += 0.02;
    return score;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("ss");
    if (text.trim() === "") return result;
    const warnings = new Warnings("ss");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    let seen = false;
    for (const line of text.split("\n")) {
      if (line.startsWith("Total:")) {
        out.push("net.sockets", {}, "count", t, num(line.slice(6).trim().split(/\s/)[0]));
        seen = true;
      } else if (line.startsWith("TCP:")) {
        const m = /^TCP:\s+(\d+)\s*\(([^)]*)\)/.exec(line);
        if (!m) {
          warnings.add("unreadable TCP line");
          continue;
        }
        out.push("tcp.sockets", {}, "count", t, num(m[1]));
        for (const part of (m[2] ?? "").split(",")) {
          const [name, value] = part.trim().split(/\s+/);
          // "timewait 0/0" in older ss: the first figure is the count.
          const v = num((value ?? "").split("/")[0]);
          if (name === "estab") out.push("tcp.established", {}, "count", t, v);
          else if (name !== undefined && /^(closed|orphaned|timewait|synrecv)$/.test(name))
            out.push(`tcp.${name}`, {}, "count", t, v);
        }
        seen = true;
      }
    }
    if (!seen) throw new ParseError("ss", "no `Total:` or `TCP:` line");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
