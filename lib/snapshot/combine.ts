/**
 * Merges the parse results of one snapshot into one set of series and events.
 *
 * 1. Series with the same key from the same tool (the start and end files of a bundle, repeated
 *    outputs) are merged into one series in time order, one sample per instant (the later file's).
 *    A series that came from one file only and is already strictly ordered is passed through as
 *    it is, without copying its columns.
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
 * Never changes a parser's arrays (series of one parse may share a `times` array): merged and
 * derived series get new ones. Pure: no Node, Next or Prisma imports.
 */
import { sortEvents } from "./parsers/kernel-log";
import { seriesKey, type HostEvent, type HostInfo, type ParseResult, type Series } from "./types";

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

/** Per-second rates of a counter series: one sample per pair of samples, at the later one. */
function rateOf(
  s: Series,
  metric: string,
  unit: string,
  scale: number,
  warnings: string[],
  tool: string,
): Series | undefined {
  const t = s.times;
  const v = s.values;
  if (t.length < 2) return undefined;
  const times: number[] = [];
  const values: number[] = [];
  let resets = 0;
  for (let i = 1; i < t.length; i++) {
    const dt = ((t[i] ?? NaN) - (t[i - 1] ?? NaN)) / 1000;
    const dv = (v[i] ?? NaN) - (v[i - 1] ?? NaN);
    if (!(dt > 0)) continue;
    if (dv < 0) {
      resets++;
      continue;
    }
    times.push(t[i] ?? NaN);
    values.push((dv / dt) * scale);
  }
  if (resets > 0)
    warnings.push(
      `${tool}: ${seriesKey(s.metric, s.labels)} went backwards ${resets} time(s) (counter reset): no rate there`,
    );
  if (times.length === 0) return undefined;
  return withRelative({ metric, labels: s.labels, unit, times, values }, s.relative);
}

function withRelative(s: Series, relative: boolean | undefined): Series {
  if (relative === true) s.relative = true;
  return s;
}

const RATE_UNIT: Record<string, string> = { B: "B/s", count: "/s", s: "s/s" };

/** Samples of `s` in time order (stable), as new arrays. */
function sortedColumns(times: number[], values: number[]): { times: number[]; values: number[] } {
  const idx = times.map((_, i) => i);
  idx.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
  return { times: idx.map((i) => times[i] ?? 0), values: idx.map((i) => values[i] ?? 0) };
}

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
    if (!s.metric.endsWith("_total") || s.times.length < 2) continue;
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
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < q.times.length; i++) {
      const t = q.times[i] ?? NaN;
      const j = period.times.indexOf(t);
      const p = period.values[j];
      if (j >= 0 && p !== undefined && p > 0 && period.relative === q.relative) {
        times.push(t);
        values.push((q.values[i] ?? NaN) / p);
      }
    }
    const limit = withRelative(
      { metric: "cgroup.cpu_limit_cores", labels: q.labels, unit: "cores", times, values },
      q.relative,
    );
    const key = seriesKey(limit.metric, limit.labels);
    if (times.length > 0 && !byKey.has(key)) {
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
    const n = Math.min(...modes.map((m) => m.s.times.length));
    for (const { mode, s } of modes) {
      if (mode === "guest_nice") continue;
      const key = seriesKey(`cpu.${mode}_pct`, { cpu });
      const times: number[] = [];
      const values: number[] = [];
      for (let i = 1; i < n; i++) {
        let total = 0;
        for (const b of busy) total += (b.s.values[i] ?? 0) - (b.s.values[i - 1] ?? 0);
        const cur = s.values[i];
        const prev = s.values[i - 1];
        const t = s.times[i];
        if (cur === undefined || prev === undefined || t === undefined || !(total > 0)) continue;
        const share = ((cur - prev) / total) * 100;
        if (share >= 0) {
          times.push(t);
          values.push(share);
        }
      }
      const old = byKey.get(key);
      // The since-boot series of the same key (one file's shares) gets the interval samples.
      const merged = sortedColumns(
        old === undefined ? times : [...old.times, ...times],
        old === undefined ? values : [...old.values, ...values],
      );
      const target: Series = withRelative(
        { metric: `cpu.${mode}_pct`, labels: { cpu }, unit: "%", ...merged },
        s.relative,
      );
      if (old !== undefined) {
        target.labels = old.labels;
        target.unit = old.unit;
        if (old.sinceBoot !== undefined) target.sinceBoot = old.sinceBoot;
        out[out.indexOf(old)] = target;
      } else out.push(target);
      byKey.set(key, target);
    }
  }
  return out;
}

/** True when `times` is strictly increasing (memoized per array: series of a parse share them). */
function strictlyIncreasing(times: number[], memo: Map<number[], boolean>): boolean {
  let ok = memo.get(times);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < times.length; i++) {
      if (!((times[i] ?? NaN) > (times[i - 1] ?? NaN))) {
        ok = false;
        break;
      }
    }
    memo.set(times, ok);
  }
  return ok;
}

/** Merges same-key series of one tool (several files) into one. */
function mergeSameTool(results: readonly ParseResult[], warnings: string[]): Map<string, Series[]> {
  const byTool = new Map<string, Map<string, Series[]>>();
  for (const r of results) {
    let m = byTool.get(r.tool);
    if (m === undefined) {
      m = new Map();
      byTool.set(r.tool, m);
    }
    for (const s of r.series) {
      const key = seriesKey(s.metric, s.labels);
      const parts = m.get(key);
      if (parts === undefined) m.set(key, [s]);
      else parts.push(s);
    }
  }
  const memo = new Map<number[], boolean>();
  const out = new Map<string, Series[]>();
  for (const [tool, m] of byTool) {
    const list: Series[] = [];
    for (const [key, parts] of m) {
      const first = parts[0];
      if (first === undefined) continue;
      if (parts.length === 1 && strictlyIncreasing(first.times, memo)) {
        list.push(first);
        continue;
      }
      // Times of different kinds cannot be ordered together: absolute ones win.
      const relative = parts.every((p) => p.relative === true || p.times.length === 0);
      const kept = parts.filter((p) => (p.relative === true) === relative || p.times.length === 0);
      if (kept.length < parts.length)
        warnings.push(
          `${tool}: ${key}: samples with times relative to the capture start dropped beside absolute ones`,
        );
      const times: number[] = [];
      const values: number[] = [];
      let sinceBoot: number | undefined;
      for (const p of kept) {
        for (let i = 0; i < p.times.length; i++) {
          times.push(p.times[i] ?? NaN);
          values.push(p.values[i] ?? NaN);
        }
        if (sinceBoot === undefined && p.sinceBoot !== undefined) sinceBoot = p.sinceBoot;
      }
      const sorted = sortedColumns(times, values);
      // Two files can hold the same instant (a snapshot read twice): keep the later file's value.
      const dt: number[] = [];
      const dv: number[] = [];
      for (let i = 0; i < sorted.times.length; i++) {
        const t = sorted.times[i] ?? NaN;
        const v = sorted.values[i] ?? NaN;
        if (dt.length > 0 && dt[dt.length - 1] === t) dv[dv.length - 1] = v;
        else {
          dt.push(t);
          dv.push(v);
        }
      }
      const s: Series = {
        metric: first.metric,
        labels: first.labels,
        unit: first.unit,
        times: dt,
        values: dv,
      };
      if (relative && dt.length > 0) s.relative = true;
      if (sinceBoot !== undefined) s.sinceBoot = sinceBoot;
      list.push(s);
    }
    out.set(tool, list);
  }
  return out;
}

export function combine(results: readonly ParseResult[], manifestHost: HostInfo = {}): Combined {
  const warnings: string[] = [];
  const merged = mergeSameTool(results, warnings);
  const chosen = new Map<string, { tool: string; s: Series }>();
  for (const [tool, list] of merged) {
    for (const s of deriveRates(list, tool, warnings)) {
      if (s.times.length === 0 && s.sinceBoot === undefined) continue;
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
