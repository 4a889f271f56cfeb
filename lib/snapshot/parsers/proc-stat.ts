/**
 * `/proc/stat`.
 *
 * ```
 * cpu  10341 0 5041 79382 1169 0 145 198 0 0
 * cpu0 3364 0 2304 42197 161 0 23 91 0 0
 * intr 602457 0 0 ...
 * ctxt 1663010
 * processes 7339
 * procs_running 2
 * procs_blocked 0
 * ```
 *
 * CPU times are in USER_HZ (100 per second on every Linux ABI). One file gives since-boot shares
 * (`sinceBoot` of cpu.*_pct{cpu}) and counters at the capture's instant: cpu.*_seconds_total{cpu},
 * system.context_switches_total, system.interrupts_total, system.forks_total; procs.running and
 * procs.blocked are gauges. With the start and end files of a bundle, combine turns the counters
 * into interval percentages and rates. guest time is already inside user time, so the total is
 * the sum of user..steal.
 */
import { ParseError, type ParseResult } from "../types";
import { forEachLine, head, num } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

export const CPU_MODES = [
  "user",
  "nice",
  "system",
  "idle",
  "iowait",
  "irq",
  "softirq",
  "steal",
  "guest",
  "guest_nice",
] as const;
const USER_HZ = 100;

export const procStatParser: ToolParser = {
  tool: "procstat",
  detect(text, fileName) {
    const first = head(text, 1)[0] ?? "";
    if (!/^cpu\s+\d+ \d+ \d+ \d+/.test(first)) return 0;
    return fileName !== undefined && /stat/i.test(fileName) ? 1 : 0.97;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("procstat");
    if (text.trim() === "") return result;
    const warnings = new Warnings("procstat");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    let cpus = 0;
    let lineNo = 0;
    forEachLine(text, (line) => {
      lineNo++;
      const sp = line.indexOf(" ");
      if (sp <= 0) return;
      const key = line.slice(0, sp);
      const rest = line.slice(sp + 1).trim();
      if (key.startsWith("cpu")) {
        const id = key === "cpu" ? "all" : key.slice(3);
        if (!/^(all|\d+)$/.test(id)) {
          warnings.add(`unknown line ${key}`, lineNo);
          return;
        }
        const vals = rest.split(/\s+/).map(num);
        if (vals.length < 4 || vals.some((v) => !Number.isFinite(v))) {
          warnings.add(`unreadable ${key} line`, lineNo);
          return;
        }
        cpus++;
        let total = 0;
        for (let i = 0; i < Math.min(vals.length, 8); i++) total += vals[i] ?? 0;
        const labels = { cpu: id };
        for (let i = 0; i < vals.length && i < CPU_MODES.length; i++) {
          const mode = CPU_MODES[i] ?? "user";
          const v = vals[i] ?? 0;
          out.push(`cpu.${mode}_seconds_total`, labels, "s", t, v / USER_HZ);
          if (mode !== "guest_nice" && total > 0)
            out.sinceBoot(`cpu.${mode}_pct`, labels, "%", (v / total) * 100);
        }
        return;
      }
      const first = num(rest.split(" ")[0]);
      if (key === "ctxt") out.push("system.context_switches_total", {}, "count", t, first);
      else if (key === "intr") out.push("system.interrupts_total", {}, "count", t, first);
      else if (key === "processes") out.push("system.forks_total", {}, "count", t, first);
      else if (key === "procs_running") out.push("procs.running", {}, "count", t, first);
      else if (key === "procs_blocked") out.push("procs.blocked", {}, "count", t, first);
      else if (key === "btime") out.push("system.boot_time_seconds", {}, "s", t, first);
    });
    if (cpus === 0) throw new ParseError("procstat", "no cpu lines");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
