/**
 * Merges the parse results of one snapshot into one set of series and events.
 *
 * 1. Series with the same key from the same tool (the start and end files of a bundle, repeated
 *    outputs) are merged into one series in time order.
 * 2. Counters become rates where a series has two or more samples ({@link deriveRates}):
 *    `x_total` → `x_per_s`; /proc/stat CPU seconds → cpu.*_pct per interval.
 * 3. When several tools give the same series key, one source is kept, by this precedence (first
 *    wins; tools not listed come after the listed ones, alphabetically):
 *
 * | metric prefix | precedence (best first)                                  | why |
 * |---------------|----------------------------------------------------------|-----|
 * | cpu.          | mpstat, sar, sadf, vmstat, top, procstat                 | per-CPU interval samples first; /proc/stat only has two snapshots |
 * | mem.          | sar, sadf, meminfo, free, top, vmstat                    | dense samples first; procps 4.0.2 vmstat can repeat its first memory sample |
 * | swap.         | sar, sadf, vmstat                                        | |
 * | load.         | sar, sadf, uptime, top                                   | |
 * | procs.        | sar, sadf, vmstat, procstat, top                         | |
 * | system.       | sar, sadf, vmstat, procstat, uptime                      | |
 * | disk.         | iostat, sar, sadf                                        | |
 * | net.          | sar, sadf, netdev, ip                                    | /proc/net/dev and ip -s link count the same packets |
 * | tcp. / udp.   | sar, sadf, snmp, ss                                      | |
 * | proc.         | pidstat, top                                             | |
 * | psi. cgroup. fs. | pressure / cgroup / df                                | single source |
 *
 * 4. Events of all sources, without exact duplicates (dmesg and journalctl -k report the same
 *    lines), in time order. 5. Host info: the manifest's wins over what tool headers said.
 *
 * Pure: no Node, Next or Prisma imports.
 */
import { sortEvents } from "./parsers/kernel-log";
import { sortPoints, TimeBase } from "./parsers/common";
import {
  seriesKey,
  type HostEvent,
  type HostInfo,
  type ParseResult,
  type Point,
  type Series,
} from "./types";

export const PRECEDENCE: readonly (readonly [string, readonly string[]])[] = [
  ["cpu.", ["mpstat", "sar", "sadf", "vmstat", "top", "procstat"]],
  ["mem.", ["sar", "sadf", "meminfo", "free", "top", "vmstat"]],
  ["swap.", ["sar", "sadf", "vmstat"]],
  ["load.", ["sar", "sadf", "uptime", "top"]],
  ["procs.", ["sar", "sadf", "vmstat", "procstat", "top"]],
  ["system.", ["sar", "sadf", "vmstat", "procstat", "uptime"]],
  ["disk.", ["iostat", "sar", "sadf"]],
  ["net.", ["sar", "sadf", "netdev", "ip"]],
  ["tcp.", ["sar", "sadf", "snmp", "ss"]],
  ["udp.", ["sar", "sadf", "snmp"]],
  ["proc.", ["pidstat", "top"]],
  ["psi.", ["pressure"]],
  ["cgroup.", ["cgroup"]],
  ["fs.", ["df"]],
];

/** Rank of `tool` for `metric`: lower is better. */
export function rank(metric: string, tool: string): number {
  for (const [prefix, tools] of PRECEDENCE) {
    if (!metric.startsWith(prefix)) continue;
    const i = tools.indexOf(tool);
    return i >= 0 ? i : tools.length;
  }
  return 0;
}

export interface Combined {
  host: HostInfo;
  series: Series[];
  events: HostEvent[];
  warnings: string[];
}

/** Per-second rates of a counter series: one point per pair of samples, at the later one. */
function rateOf(
  s: Series,
  metric: string,
  unit: string,
  scale: number,
  warnings: string[],
  tool: string,
): Series | undefined {
  if (s.points.length < 2) return undefined;
  const points: Point[] = [];
  let resets = 0;
  for (let i = 1; i < s.points.length; i++) {
    const a = s.points[i - 1];
    const b = s.points[i];
    if (a === undefined || b === undefined) continue;
    const dt = (TimeBase.order(b[0]) - TimeBase.order(a[0])) / 1000;
    const dv = b[1] - a[1];
    if (!(dt > 0)) continue;
    if (dv < 0) {
      resets++;
      continue;
    }
    points.push([b[0], (dv / dt) * scale]);
  }
  if (resets > 0)
    warnings.push(
      `${tool}: ${seriesKey(s.metric, s.labels)} went backwards ${resets} time(s) (counter reset): no rate there`,
    );
  if (points.length === 0) return undefined;
  return { metric, labels: s.labels, unit, points };
}

const RATE_UNIT: Record<string, string> = { B: "B/s", count: "/s", s: "s/s" };

/**
 * Counter series of one tool → rates. `x_total` → `x_per_s`; `psi.*_stall_seconds_total` →
 * `psi.*_stall_pct` (share of wall time); `cpu.<mode>_seconds_total{cpu}` → `cpu.<mode>_pct{cpu}`
 * (share of all modes of that CPU over each interval, merged into the since-boot series).
 */
export function deriveRates(series: Series[], tool: string, warnings: string[]): Series[] {
  const out: Series[] = [...series];
  const byKey = new Map(series.map((s) => [seriesKey(s.metric, s.labels), s]));
  const cpuSeconds = new Map<string, Series[]>();
  for (const s of series) {
    if (!s.metric.endsWith("_total") || s.points.length < 2) continue;
    const cpu = /^cpu\.(\w+)_seconds_total$/.exec(s.metric);
    if (cpu) {
      const k = s.labels.cpu ?? "all";
      const list = cpuSeconds.get(k) ?? [];
      list.push(s);
      cpuSeconds.set(k, list);
      continue;
    }
    const psi = /^(psi\.\w+)_stall_seconds_total$/.exec(s.metric);
    const derived = psi
      ? rateOf(s, `${psi[1]}_stall_pct`, "%", 100, warnings, tool)
      : rateOf(
          s,
          `${s.metric.slice(0, -"_total".length)}_per_s`,
          RATE_UNIT[s.unit] ?? `${s.unit}/s`,
          1,
          warnings,
          tool,
        );
    if (derived === undefined) continue;
    const key = seriesKey(derived.metric, derived.labels);
    if (!byKey.has(key)) {
      byKey.set(key, derived);
      out.push(derived);
    }
  }
  // v1 CFS quota / period → the limit in cores, sample by sample.
  for (const q of series) {
    if (q.metric !== "cgroup.cpu_quota_seconds") continue;
    const period = byKey.get(seriesKey("cgroup.cpu_period_seconds", q.labels));
    if (period === undefined) continue;
    const limit: Series = {
      metric: "cgroup.cpu_limit_cores",
      labels: q.labels,
      unit: "cores",
      points: [],
    };
    for (const p of q.points) {
      const match = period.points.find((x) => TimeBase.order(x[0]) === TimeBase.order(p[0]));
      if (match !== undefined && match[1] > 0) limit.points.push([p[0], p[1] / match[1]]);
    }
    const key = seriesKey(limit.metric, limit.labels);
    if (limit.points.length > 0 && !byKey.has(key)) {
      byKey.set(key, limit);
      out.push(limit);
    }
  }
  for (const [cpu, list] of cpuSeconds) {
    const modes = list.map((s) => ({
      mode: /^cpu\.(\w+)_seconds_total$/.exec(s.metric)?.[1] ?? "user",
      s,
    }));
    const busy = modes.filter((m) => m.mode !== "guest" && m.mode !== "guest_nice");
    const n = Math.min(...modes.map((m) => m.s.points.length));
    for (const { mode, s } of modes) {
      if (mode === "guest_nice") continue;
      const key = seriesKey(`cpu.${mode}_pct`, { cpu });
      let target = byKey.get(key);
      if (target === undefined) {
        target = { metric: `cpu.${mode}_pct`, labels: { cpu }, unit: "%", points: [] };
        byKey.set(key, target);
        out.push(target);
      }
      for (let i = 1; i < n; i++) {
        let total = 0;
        for (const b of busy) total += (b.s.points[i]?.[1] ?? 0) - (b.s.points[i - 1]?.[1] ?? 0);
        const cur = s.points[i];
        const prev = s.points[i - 1];
        if (cur === undefined || prev === undefined || !(total > 0)) continue;
        const share = ((cur[1] - prev[1]) / total) * 100;
        if (share >= 0) target.points.push([cur[0], share]);
      }
      sortPoints(target);
    }
  }
  return out;
}

/** Merges same-key series of one tool (several files) into one. */
function mergeSameTool(results: readonly ParseResult[]): Map<string, Series[]> {
  const byTool = new Map<string, Map<string, Series>>();
  for (const r of results) {
    let m = byTool.get(r.tool);
    if (m === undefined) {
      m = new Map();
      byTool.set(r.tool, m);
    }
    for (const s of r.series) {
      const key = seriesKey(s.metric, s.labels);
      const prev = m.get(key);
      if (prev === undefined) {
        m.set(key, { ...s, points: [...s.points] });
      } else {
        for (const p of s.points) prev.points.push(p);
        if (prev.sinceBoot === undefined && s.sinceBoot !== undefined) prev.sinceBoot = s.sinceBoot;
      }
    }
  }
  const out = new Map<string, Series[]>();
  for (const [tool, m] of byTool) {
    const list = [...m.values()];
    for (const s of list) {
      sortPoints(s);
      // Two files can hold the same instant (a snapshot read twice): keep the later file's value.
      const dedup: Point[] = [];
      for (const p of s.points) {
        const last = dedup[dedup.length - 1];
        if (last !== undefined && TimeBase.order(last[0]) === TimeBase.order(p[0]))
          dedup[dedup.length - 1] = p;
        else dedup.push(p);
      }
      s.points = dedup;
    }
    out.set(tool, list);
  }
  return out;
}

export function combine(results: readonly ParseResult[], manifestHost: HostInfo = {}): Combined {
  const warnings: string[] = [];
  const merged = mergeSameTool(results);
  const chosen = new Map<string, { tool: string; s: Series }>();
  for (const [tool, list] of merged) {
    for (const s of deriveRates(list, tool, warnings)) {
      if (s.points.length === 0 && s.sinceBoot === undefined) continue;
      const key = seriesKey(s.metric, s.labels);
      const cur = chosen.get(key);
      if (
        cur === undefined ||
        rank(s.metric, tool) < rank(s.metric, cur.tool) ||
        (rank(s.metric, tool) === rank(s.metric, cur.tool) && tool < cur.tool)
      ) {
        chosen.set(key, { tool, s });
      }
    }
  }
  const series = [...chosen.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, v]) => v.s);

  const seen = new Set<string>();
  const events: HostEvent[] = [];
  for (const r of results) {
    for (const e of r.events) {
      const k = `${String(e.at)}\u0000${e.kind}\u0000${e.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      events.push(e);
    }
  }

  const host: HostInfo = {};
  for (const r of results) {
    for (const [k, v] of Object.entries(r.host)) {
      if (v !== undefined && (host as Record<string, unknown>)[k] === undefined)
        (host as Record<string, unknown>)[k] = v;
    }
  }
  for (const [k, v] of Object.entries(manifestHost)) {
    if (v !== undefined) (host as Record<string, unknown>)[k] = v;
  }
  return { host, series, events: sortEvents(events), warnings };
}
