/**
 * cgroup files, v1 and v2. Which file it is comes from its content when it has keys, else from its
 * path (ctx.sourcePath, e.g. the `cat` argument in a bundle manifest, or the file name).
 *
 * ```
 * nr_periods 51                 cpu.stat (v1: throttled_time in ns)
 * nr_throttled 51
 * throttled_time 3949505939
 *
 * usage_usec 1894040            cpu.stat (v2: *_usec)
 * nr_throttled 0
 * throttled_usec 0
 *
 * oom_kill_disable 0            memory.oom_control (v1)
 * under_oom 0
 * oom_kill 164
 *
 * low 0 / high 0 / max 12 / oom 3 / oom_kill 3      memory.events (v2)
 * 100663296                     memory.limit_in_bytes, memory.usage_in_bytes, memory.current, memory.max ("max")
 * ```
 *
 * Metrics, labelled `cgroup` (the path below the controller mount, e.g. `/wr-cpu`):
 * cgroup.cpu_periods_total, cgroup.cpu_throttled_periods_total, cgroup.cpu_throttled_seconds_total,
 * cgroup.cpu_usage_seconds_total, cgroup.memory_current_bytes, cgroup.memory_max_bytes (absent when
 * unlimited: "max" or v1's near-2^63 page-rounded value), cgroup.memory_peak_bytes,
 * cgroup.memory_oom_kills_total, cgroup.memory_oom_total, cgroup.memory_max_events_total,
 * cgroup.memory_high_events_total, cgroup.memory_failcnt_total; the CPU limit as cgroup.cpu_limit_cores
 * (v2 cpu.max), cgroup.cpu_quota_seconds and cgroup.cpu_period_seconds (v1 cfs files; combine
 * divides them into cgroup.cpu_limit_cores). Counters at the capture's instant.
 */
import { ParseError, type ParseContext, type ParseResult } from "../types";
import { head, num } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

/** v1 reports "no limit" as PAGE_COUNTER_MAX pages: 9223372036854771712 with 4 KiB pages. */
const UNLIMITED = 2 ** 62;

const V1_CONTROLLERS =
  /^(cpu|cpuacct|cpu,cpuacct|cpuacct,cpu|memory|blkio|io|pids|cpuset|unified|systemd|hugetlb|net_cls|net_prio|freezer|devices|perf_event|rdma|misc)$/;

/** `/sys/fs/cgroup/cpu/app/cpu.stat` → `/app`; `/sys/fs/cgroup/app.slice/memory.max` → `/app.slice`. */
export function cgroupFromPath(path: string): string {
  let p = path;
  const at = p.indexOf("/sys/fs/cgroup");
  if (at >= 0) p = p.slice(at + "/sys/fs/cgroup".length);
  const parts = p.split("/").filter((x) => x !== "");
  parts.pop(); // the file
  if (at >= 0 && parts.length > 0 && V1_CONTROLLERS.test(parts[0] ?? "")) parts.shift();
  return `/${parts.join("/")}`;
}

type FileKind =
  | "cpu.stat"
  | "memory.events"
  | "memory.oom_control"
  | "memory.current"
  | "memory.max"
  | "memory.peak"
  | "memory.failcnt"
  | "cpu.cfs_quota_us"
  | "cpu.cfs_period_us"
  | "cpu.max"
  | "cpuacct.usage";

function kindFromName(name: string | undefined): FileKind | undefined {
  if (name === undefined) return undefined;
  const n = name
    .replace(/\.txt$/, "")
    .replace(/^.*[/]/, "")
    .replace(/_/g, ".");
  if (/cpu\.stat(\.|$)/.test(n)) return "cpu.stat";
  if (/memory\.events(\.|$)/.test(n)) return "memory.events";
  if (/memory\.oom\.control$/.test(n) || /oom.control/.test(n)) return "memory.oom_control";
  if (/memory\.(current|usage\.in\.bytes)(\.|$)/.test(n)) return "memory.current";
  if (/memory\.(peak|max\.usage\.in\.bytes)(\.|$)/.test(n)) return "memory.peak";
  if (/memory\.(max|limit\.in\.bytes)(\.|$)/.test(n)) return "memory.max";
  if (/cpu\.cfs\.quota\.us(\.|$)/.test(n)) return "cpu.cfs_quota_us";
  if (/cpu\.cfs\.period\.us(\.|$)/.test(n)) return "cpu.cfs_period_us";
  if (/cpu\.max(\.|$)/.test(n)) return "cpu.max";
  if (/cpuacct\.usage(\.|$)/.test(n)) return "cpuacct.usage";
  if (/memory\.failcnt(\.|$)/.test(n)) return "memory.failcnt";
  return undefined;
}

function kvLines(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const sp = line.indexOf(" ");
    if (sp <= 0) return undefined;
    out.set(line.slice(0, sp), line.slice(sp + 1).trim());
  }
  return out;
}

function kindFromContent(text: string): FileKind | undefined {
  const kv = kvLines(text);
  if (kv === undefined) return undefined;
  if (kv.has("nr_periods") || kv.has("usage_usec")) return "cpu.stat";
  if (kv.has("oom_kill_disable")) return "memory.oom_control";
  if (kv.has("oom_kill") && kv.has("max") && kv.has("high")) return "memory.events";
  return undefined;
}

export const cgroupParser: ToolParser = {
  tool: "cgroup",
  detect(text, fileName) {
    const h = head(text, 8);
    if (h.length === 0) return 0;
    const byContent = kindFromContent(h.join("\n"));
    if (byContent !== undefined) return 0.9;
    if (
      h.length === 1 &&
      /^(-?\d+|max)( \d+)?$/.test((h[0] ?? "").trim()) &&
      kindFromName(fileName) !== undefined
    )
      return 0.85;
    return 0;
  },
  parse(text, ctx) {
    return parseCgroup(text, ctx);
  },
};

function parseCgroup(text: string, ctx: ParseContext): ParseResult {
  const result = emptyResult("cgroup");
  if (text.trim() === "") return result;
  const warnings = new Warnings("cgroup");
  const time = new TimeBase(ctx, warnings);
  const out = new SeriesSet();
  const t = time.instant();
  const path = ctx.sourcePath ?? ctx.fileName;
  const kind = kindFromContent(text) ?? kindFromName(ctx.sourcePath) ?? kindFromName(ctx.fileName);
  if (kind === undefined)
    throw new ParseError(
      "cgroup",
      "not a known cgroup file (cpu.stat, memory.events, memory.current/max, ...)",
    );
  const labels = {
    cgroup:
      path !== undefined && path.includes("/sys/fs/cgroup") ? cgroupFromPath(path) : "unknown",
  };
  const kv = kvLines(text);
  const get = (k: string): number => num(kv?.get(k));
  switch (kind) {
    case "cpu.stat": {
      if (kv === undefined) throw new ParseError("cgroup", "unreadable cpu.stat");
      out.push("cgroup.cpu_periods_total", labels, "count", t, get("nr_periods"));
      out.push("cgroup.cpu_throttled_periods_total", labels, "count", t, get("nr_throttled"));
      if (kv.has("throttled_usec"))
        out.push("cgroup.cpu_throttled_seconds_total", labels, "s", t, get("throttled_usec") / 1e6);
      else if (kv.has("throttled_time"))
        out.push("cgroup.cpu_throttled_seconds_total", labels, "s", t, get("throttled_time") / 1e9);
      if (kv.has("usage_usec"))
        out.push("cgroup.cpu_usage_seconds_total", labels, "s", t, get("usage_usec") / 1e6);
      if (kv.has("user_usec"))
        out.push("cgroup.cpu_user_seconds_total", labels, "s", t, get("user_usec") / 1e6);
      if (kv.has("system_usec"))
        out.push("cgroup.cpu_system_seconds_total", labels, "s", t, get("system_usec") / 1e6);
      break;
    }
    case "memory.events":
      out.push("cgroup.memory_oom_kills_total", labels, "count", t, get("oom_kill"));
      out.push("cgroup.memory_oom_total", labels, "count", t, get("oom"));
      out.push("cgroup.memory_max_events_total", labels, "count", t, get("max"));
      out.push("cgroup.memory_high_events_total", labels, "count", t, get("high"));
      break;
    case "memory.oom_control":
      out.push("cgroup.memory_oom_kills_total", labels, "count", t, get("oom_kill"));
      out.push("cgroup.memory_under_oom", labels, "bool", t, get("under_oom"));
      break;
    case "cpu.max": {
      // "max 100000" or "20000 100000": quota and period in µs.
      const [quota, period] = text.trim().split(/\s+/);
      const p = num(period);
      if (quota === "max") warnings.add(`${labels.cgroup}: no CPU limit`);
      else out.push("cgroup.cpu_limit_cores", labels, "cores", t, num(quota) / p);
      if (Number.isFinite(p)) out.push("cgroup.cpu_period_seconds", labels, "s", t, p / 1e6);
      break;
    }
    case "cpu.cfs_quota_us": {
      const q = num(text.trim());
      if (q < 0) warnings.add(`${labels.cgroup}: no CPU limit`);
      else out.push("cgroup.cpu_quota_seconds", labels, "s", t, q / 1e6);
      break;
    }
    case "cpu.cfs_period_us":
      out.push("cgroup.cpu_period_seconds", labels, "s", t, num(text.trim()) / 1e6);
      break;
    case "cpuacct.usage":
      out.push("cgroup.cpu_usage_seconds_total", labels, "s", t, num(text.trim()) / 1e9);
      break;
    default: {
      const raw = text.trim();
      const v = raw === "max" ? Infinity : num(raw);
      if (Number.isNaN(v))
        throw new ParseError(
          "cgroup",
          `expected one number or "max", got ${JSON.stringify(raw.slice(0, 40))}`,
        );
      if (kind === "memory.current") out.push("cgroup.memory_current_bytes", labels, "B", t, v);
      else if (kind === "memory.peak") out.push("cgroup.memory_peak_bytes", labels, "B", t, v);
      else if (kind === "memory.failcnt")
        out.push("cgroup.memory_failcnt_total", labels, "count", t, v);
      else if (v >= UNLIMITED) warnings.add(`${labels.cgroup}: no memory limit`);
      else out.push("cgroup.memory_max_bytes", labels, "B", t, v);
    }
  }
  result.series = out.list(warnings);
  result.warnings = warnings.done();
  return result;
}
