import "server-only";
import { Baseline, compareToBaseline, robustZ } from "@/lib/analysis";
import { fmtDuration } from "@/lib/analysis/format";
import { rangeOf, round, summarize, type IndexRange } from "@/lib/analysis/stats";
import { db } from "@/lib/db/client";
import { loadSnapshotSeries } from "@/lib/db/samples/load";
import type { SnapshotRole } from "@/lib/db/snapshot-view";
import { parseSnapshot } from "@/lib/snapshot/bundle";
import { readBundleBuffer } from "@/lib/snapshot/read-input";
import { seriesKey, type Series } from "@/lib/snapshot/types";
import {
  metricDirection,
  metricLabel,
  noiseFloor,
  type Direction,
} from "@/lib/workflow/verify-metrics";

/**
 * The Baseline step: the key metrics of each domain on one host, the working state against the
 * incident. "Working state" is one of:
 * - `snapshot`: the host's snapshots uploaded with the baseline role;
 * - `history`: the sysstat history (`sadf -j` of the days before) inside the incident bundle —
 *   the samples well before the live capture started;
 * - `window`: an earlier window of the incident capture itself, picked by the team (the samples
 *   after it are the incident).
 */

export type BaselineSourceKind = "snapshot" | "history" | "window";

export interface BaselineSourceOption {
  kind: BaselineSourceKind;
  label: string;
  /** Epoch ms of the samples this source would use. */
  from: number | null;
  to: number | null;
}

export interface BaselineStats {
  median: number;
  p95: number;
  mad: number;
  samples: number;
}

export interface BaselineRow {
  domain: "cpu" | "memory" | "disk" | "network" | "system";
  key: string;
  metric: string;
  labels: Record<string, string>;
  label: string;
  unit: string;
  direction: Direction;
  baseline: BaselineStats | null;
  incident: { median: number; p95: number; samples: number } | null;
  change: number | null;
  relativeChange: number | null;
  robustZ: number | null;
  /** Far off: |robust z| ≥ 3 and a change that matters (see {@link isFarOff}). */
  flagged: boolean;
  /** Flagged, and in the bad direction for this metric. */
  worse: boolean;
}

export interface BaselineReport {
  hosts: { id: string; hostname: string }[];
  host: { id: string; hostname: string } | null;
  sources: BaselineSourceOption[];
  source: BaselineSourceOption | null;
  /** The incident samples compared (epoch ms). */
  incidentWindow: { from: number; to: number } | null;
  /** Time extent of the incident capture: the range an earlier window can be picked from. */
  extent: { from: number; to: number } | null;
  rows: BaselineRow[];
  /** Why there are no rows, in words. */
  message: string | null;
}

export interface BaselineQuery {
  host?: string;
  source?: BaselineSourceKind;
  from?: number;
  to?: number;
}

/** Snapshots of an incident per host and role (team-scoped). */
export async function incidentSnapshotsByHost(teamId: string, incidentId: string) {
  const links = await db.incidentSnapshot.findMany({
    where: { incidentId, incident: { teamId }, snapshot: { teamId } },
    include: {
      snapshot: {
        select: {
          id: true,
          inputs: true,
          capturedFrom: true,
          capturedTo: true,
          host: { select: { id: true, hostname: true } },
        },
      },
    },
    orderBy: { addedAt: "asc" },
  });
  const hosts = new Map<
    string,
    { id: string; hostname: string; snapshots: Record<SnapshotRole, string[]>; inputs: unknown[] }
  >();
  for (const l of links) {
    const h = l.snapshot.host;
    const entry = hosts.get(h.id) ?? {
      id: h.id,
      hostname: h.hostname,
      snapshots: { baseline: [], incident: [], verify: [] },
      inputs: [],
    };
    entry.snapshots[l.role].push(l.snapshotId);
    if (l.role === "incident" && Array.isArray(l.snapshot.inputs))
      entry.inputs.push(...(l.snapshot.inputs as unknown[]));
    hosts.set(h.id, entry);
  }
  return [...hosts.values()];
}

/**
 * Series of several snapshots of one host, one per key: the samples of the same series in
 * different snapshots are put together in time order.
 */
export async function loadMergedSeries(snapshotIds: readonly string[]): Promise<Series[]> {
  return mergeSeries(await loadSnapshotSeries(snapshotIds));
}

function mergeSeries(all: readonly Series[]): Series[] {
  const byKey = new Map<string, Series[]>();
  for (const s of all) {
    const k = seriesKey(s.metric, s.labels);
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  const out: Series[] = [];
  for (const list of byKey.values()) {
    const first = list[0];
    if (!first) continue;
    if (list.length === 1) {
      out.push(first);
      continue;
    }
    const pairs: [number, number][] = [];
    for (const s of list)
      for (let i = 0; i < s.times.length; i++) pairs.push([s.times[i] ?? 0, s.values[i] ?? NaN]);
    pairs.sort((a, b) => a[0] - b[0]);
    out.push({
      metric: first.metric,
      labels: first.labels,
      unit: first.unit,
      times: pairs.map((p) => p[0]),
      values: pairs.map((p) => p[1]),
    });
  }
  return out;
}

export function extentOfSeries(series: readonly Series[]): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  for (const s of series) {
    const a = s.times[0];
    const b = s.times[s.times.length - 1];
    if (a !== undefined && a < from) from = a;
    if (b !== undefined && b > to) to = b;
  }
  return from <= to ? { from, to } : null;
}

/** The samples of `s` from `from` on. */
export function trimBefore(s: Series, from: number): Series {
  const first = s.times[0];
  if (first === undefined || first >= from) return s;
  const i = s.times.findIndex((t) => t >= from);
  if (i < 0) return { ...s, times: [], values: [] };
  return { ...s, times: s.times.slice(i), values: s.values.slice(i) };
}

/**
 * Where the live capture of a bundle with sysstat history starts: most series (mpstat, iostat,
 * pidstat, vmstat, /proc) start there; only the ones sadf supplied reach back days. The median
 * first-sample time is therefore the live start.
 */
export function liveCaptureStart(series: readonly Series[]): number | null {
  const firsts = series
    .map((s) => s.times[0])
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  return firsts.length === 0 ? null : (firsts[firsts.length >> 1] ?? null);
}

/** History samples must end this long before the live capture (the collector starts sadf first). */
const HISTORY_GAP_MS = 60_000;

function sadfPaths(inputs: unknown): string[] {
  if (!Array.isArray(inputs)) return [];
  return inputs.flatMap((i: unknown) => {
    const r = i as { tool?: unknown; ok?: unknown; path?: unknown } | null;
    return r !== null &&
      typeof r === "object" &&
      r.tool === "sadf" &&
      r.ok === true &&
      typeof r.path === "string"
      ? [r.path]
      : [];
  });
}

/**
 * The sysstat history (`sadf -j` of today and yesterday) inside the incident bundles, parsed again
 * from the stored bytes. The stored series keep one source per metric, and the live tools (iostat,
 * mpstat, ...) win over sadf, so the history of exactly the metrics that matter is only in the raw
 * bundle. Null when no incident bundle of the host holds any.
 */
export async function sysstatHistory(
  teamId: string,
  snapshotIds: readonly string[],
): Promise<{ series: Series[]; liveStart: number } | null> {
  const rows = await db.snapshot.findMany({
    where: { id: { in: [...snapshotIds] }, teamId, format: "bundle" },
    select: { inputs: true, capturedFrom: true, blob: { select: { data: true } } },
  });
  const series: Series[] = [];
  let liveStart = Infinity;
  for (const row of rows) {
    const paths = new Set(sadfPaths(row.inputs));
    if (paths.size === 0 || !row.blob) continue;
    const input = await readBundleBuffer(row.blob.data);
    const files = input.files.filter((f) => paths.has(f.path));
    if (files.length === 0) continue;
    series.push(...parseSnapshot(files, input.manifest).series);
    const start =
      Date.parse(input.manifest?.capture.start ?? "") || (row.capturedFrom?.getTime() ?? NaN);
    if (Number.isFinite(start)) liveStart = Math.min(liveStart, start);
  }
  if (series.length === 0 || !Number.isFinite(liveStart)) return null;
  return { series: mergeSeries(series), liveStart };
}

type Domain = BaselineRow["domain"];

const IGNORED_DEVICE = /^(loop|ram|sr|fd|zram)\d*/;

/** The key metrics of each domain, in the order the table shows them. */
function keyMetric(s: Series): { domain: Domain; order: number } | null {
  const l = s.labels;
  const only = (...keys: string[]) => Object.keys(l).every((k) => keys.includes(k));
  const cpu = ["cpu.user_pct", "cpu.system_pct", "cpu.iowait_pct", "cpu.steal_pct"].indexOf(
    s.metric,
  );
  if (cpu >= 0) return l.cpu === "all" && only("cpu") ? { domain: "cpu", order: cpu } : null;
  const mem = [
    "mem.available_bytes",
    "mem.swap_used_bytes",
    "swap.in_bytes_per_s",
    "swap.out_bytes_per_s",
  ].indexOf(s.metric);
  if (mem >= 0) return only() ? { domain: "memory", order: mem } : null;
  const disk = ["disk.util_pct", "disk.await_ms"].indexOf(s.metric);
  if (disk >= 0)
    return l.device && !IGNORED_DEVICE.test(l.device) && only("device")
      ? { domain: "disk", order: disk }
      : null;
  const net = ["net.rx_bytes_per_s", "net.tx_bytes_per_s"].indexOf(s.metric);
  if (net >= 0)
    return l.iface && l.iface !== "lo" && only("iface") ? { domain: "network", order: net } : null;
  if (s.metric === "tcp.retrans_segs_per_s") return only() ? { domain: "network", order: 9 } : null;
  const sys = ["load.1m", "procs.running", "system.context_switches_per_s"].indexOf(s.metric);
  if (sys >= 0) return only() ? { domain: "system", order: sys } : null;
  return null;
}

/** Series of one device or interface together (util and await of vda; rx and tx of eth0). */
function groupByLabel(series: readonly Series[]): Series[][] {
  const groups = new Map<string, Series[]>();
  for (const s of series) {
    const id = s.labels.device
      ? `device=${s.labels.device}`
      : s.labels.iface
        ? `iface=${s.labels.iface}`
        : null;
    if (id === null) continue;
    const list = groups.get(id);
    if (list) list.push(s);
    else groups.set(id, [s]);
  }
  return [...groups.values()];
}

const DOMAIN_ORDER: Domain[] = ["cpu", "memory", "disk", "network", "system"];

/**
 * Far off: a robust z-score of 3 or more (three standard deviations of the baseline, estimated
 * from its MAD), and a change larger than the metric's noise floor and 20% of the baseline level.
 * Both: the z-score alone flags 0% → 1% on a flat baseline; the size alone ignores how noisy the
 * metric normally is.
 */
export function isFarOff(
  metric: string,
  unit: string,
  baselineMedian: number,
  change: number,
  z: number,
): boolean {
  return (
    Math.abs(z) >= 3 &&
    Math.abs(change) >= Math.max(noiseFloor(metric, unit), 0.2 * Math.abs(baselineMedian))
  );
}

function row(
  s: Series,
  domain: Domain,
  base: BaselineStats | null,
  inc: { median: number; p95: number; samples: number } | null,
): BaselineRow {
  const direction = metricDirection(s.metric);
  let change: number | null = null;
  let relativeChange: number | null = null;
  let z: number | null = null;
  let flagged = false;
  if (base && inc) {
    change = round(inc.median - base.median);
    relativeChange = base.median === 0 ? null : round(change / Math.abs(base.median));
    z = round(robustZ(inc.median, { ...base, mean: base.median }));
    flagged = isFarOff(s.metric, s.unit, base.median, change, z);
  }
  const worse =
    flagged &&
    change !== null &&
    (direction === "closer-better" || (direction === "lower-better" ? change > 0 : change < 0));
  return {
    domain,
    key: seriesKey(s.metric, s.labels),
    metric: s.metric,
    labels: s.labels,
    label: metricLabel(s.metric, s.labels),
    unit: s.unit,
    direction,
    baseline: base,
    incident: inc,
    change,
    relativeChange,
    robustZ: z,
    flagged,
    worse,
  };
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

function describe(
  kind: BaselineSourceKind,
  hostname: string,
  from: number | null,
  to: number | null,
): string {
  const when =
    from !== null && to !== null
      ? `${utc(from)}–${utc(to).slice(11)} UTC (${fmtDuration(to - from)})`
      : "no samples";
  if (kind === "snapshot") return `Baseline snapshot of ${hostname}, ${when}`;
  if (kind === "history") return `sysstat history of ${hostname} in the incident bundle, ${when}`;
  return `Earlier window of the incident capture, ${when}`;
}

/** Baseline vs incident for the key metrics of one host of an incident; null when not the team's. */
export async function baselineReport(
  teamId: string,
  incidentId: string,
  q: BaselineQuery = {},
): Promise<BaselineReport | null> {
  const incident = await db.incident.findFirst({
    where: { id: incidentId, teamId },
    select: { id: true },
  });
  if (!incident) return null;
  const groups = (await incidentSnapshotsByHost(teamId, incidentId)).filter(
    (g) => g.snapshots.incident.length > 0 || g.snapshots.baseline.length > 0,
  );
  const hosts = groups.map((g) => ({ id: g.id, hostname: g.hostname }));
  const empty = (message: string, extra: Partial<BaselineReport> = {}): BaselineReport => ({
    hosts,
    host: null,
    sources: [],
    source: null,
    incidentWindow: null,
    extent: null,
    rows: [],
    message,
    ...extra,
  });
  const group =
    (q.host ? groups.find((g) => g.id === q.host || g.hostname === q.host) : undefined) ??
    groups.find((g) => g.snapshots.incident.length > 0);
  if (!group)
    return empty("Upload the incident capture (Collect step) to compare it with a baseline.");
  const host = { id: group.id, hostname: group.hostname };
  if (group.snapshots.incident.length === 0)
    return empty(`No incident capture of ${host.hostname} yet.`, { host });

  const sysstat =
    sadfPaths(group.inputs).length > 0
      ? await sysstatHistory(teamId, group.snapshots.incident)
      : null;
  const live = sysstat?.liveStart ?? null;
  // The incident is the live capture: metrics only sadf gave keep their history in the stored series.
  const incidentSeries = (await loadMergedSeries(group.snapshots.incident))
    .map((s) => (live === null ? s : trimBefore(s, live)))
    .filter((s) => s.times.length > 0);
  let keySeries = incidentSeries
    .map((s) => ({ s, k: keyMetric(s) }))
    .filter((x): x is { s: Series; k: { domain: Domain; order: number } } => x.k !== null)
    .sort(
      (a, b) =>
        DOMAIN_ORDER.indexOf(a.k.domain) - DOMAIN_ORDER.indexOf(b.k.domain) ||
        a.k.order - b.k.order ||
        seriesKey(a.s.metric, a.s.labels).localeCompare(seriesKey(b.s.metric, b.s.labels)),
    );
  const extent = extentOfSeries(keySeries.map((x) => x.s)) ?? extentOfSeries(incidentSeries);

  // What this host offers as a working state.
  const sources: BaselineSourceOption[] = [];
  let baselineSeries: Series[] = [];
  if (group.snapshots.baseline.length > 0) {
    baselineSeries = await loadMergedSeries(group.snapshots.baseline);
    const e = extentOfSeries(baselineSeries);
    sources.push({
      kind: "snapshot",
      from: e?.from ?? null,
      to: e?.to ?? null,
      label: describe("snapshot", host.hostname, e?.from ?? null, e?.to ?? null),
    });
  }
  let history: { from: number; to: number } | null = null;
  if (sysstat) {
    const e = extentOfSeries(sysstat.series);
    if (e && e.from < sysstat.liveStart - HISTORY_GAP_MS) {
      history = { from: e.from, to: Math.min(e.to, sysstat.liveStart - HISTORY_GAP_MS) };
      sources.push({
        kind: "history",
        ...history,
        label: describe("history", host.hostname, history.from, history.to),
      });
    }
  }
  if (extent) {
    sources.push({
      kind: "window",
      from: extent.from,
      to: extent.to,
      label: "An earlier window of the incident capture (pick its start and end)",
    });
  }

  const kind: BaselineSourceKind | null =
    q.source ??
    (q.from !== undefined || q.to !== undefined
      ? "window"
      : (sources.find((s) => s.kind !== "window")?.kind ?? null));
  if (kind === null || !extent) {
    return empty(
      "No working state yet: upload a baseline snapshot above, or pick an earlier window of the incident capture.",
      { host, sources, extent },
    );
  }

  let base: Baseline;
  let incidentRange: (s: Series) => IndexRange;
  let used: BaselineSourceOption;
  let incidentWindow: { from: number; to: number };
  if (kind === "snapshot") {
    const opt = sources.find((s) => s.kind === "snapshot");
    if (!opt)
      return empty(
        `There is no baseline snapshot of ${host.hostname}: upload one, or pick another source.`,
        { host, sources, extent },
      );
    base = new Baseline(baselineSeries, (s) => ({ start: 0, end: s.values.length }), "snapshot");
    incidentRange = (s) => ({ start: 0, end: s.values.length });
    used = opt;
    incidentWindow = { ...extent };
  } else if (kind === "history") {
    if (!history || !sysstat || live === null)
      return empty("The incident bundle holds no sysstat history from before the capture.", {
        host,
        sources,
        extent,
      });
    const h = history;
    base = new Baseline(sysstat.series, (s) => rangeOf(s.times, h.from, h.to), "history");
    incidentRange = (s) => ({ start: 0, end: s.values.length });
    used = sources.find((s) => s.kind === "history") ?? {
      kind: "history",
      ...h,
      label: describe("history", host.hostname, h.from, h.to),
    };
    incidentWindow = { ...extent };
  } else {
    const start = extent.from;
    const from = Math.max(start, q.from ?? start);
    const to = Math.min(extent.to, q.to ?? start + (extent.to - start) / 3);
    if (!(to > from))
      return empty("Pick a window with its end after its start, inside the capture.", {
        host,
        sources,
        extent,
      });
    if (!(to < extent.to))
      return empty(
        "The window must end before the capture does: the samples after it are the incident.",
        { host, sources, extent },
      );
    base = new Baseline(incidentSeries, (s) => rangeOf(s.times, from, to), "earlier-window");
    // Strictly after the window: the sample at `to` belongs to the baseline.
    incidentRange = (s) => rangeOf(s.times, to + 1, extent.to);
    used = { kind: "window", from, to, label: describe("window", host.hostname, from, to) };
    incidentWindow = { from: to, to: extent.to };
  }

  // Devices and interfaces idle on both sides (ifb0, an unused NIC) only add noise to the table.
  const idle = (s: Series) => {
    if (!s.labels.device && !s.labels.iface) return false;
    const b = base.summary(s.metric, s.labels);
    const r = incidentRange(s);
    const inc = summarize(s.values, r.start, r.end);
    return (
      (b === undefined || (b.p95 === 0 && b.median === 0)) &&
      (inc.samples === 0 || (inc.p95 === 0 && inc.median === 0))
    );
  };
  const idleKeys = new Set<string>();
  for (const group of groupByLabel(keySeries.map((x) => x.s))) {
    if (group.every(idle)) for (const s of group) idleKeys.add(seriesKey(s.metric, s.labels));
  }
  keySeries = keySeries.filter((x) => !idleKeys.has(seriesKey(x.s.metric, x.s.labels)));
  const keys = keySeries.map((x) => x.s);
  const deviations = new Map(
    compareToBaseline(keys, incidentRange, base, { minSamples: 1 }).map((d) => [
      seriesKey(d.metric, d.labels),
      d,
    ]),
  );
  const rows: BaselineRow[] = keySeries.map(({ s, k }) => {
    const d = deviations.get(seriesKey(s.metric, s.labels));
    if (d)
      return row(s, k.domain, d.baseline, {
        median: d.incident.median,
        p95: d.incident.p95,
        samples: d.incident.samples,
      });
    // compareToBaseline leaves out series that did not move at all, and ones the baseline lacks.
    const b = base.summary(s.metric, s.labels);
    const r = incidentRange(s);
    const inc = summarize(s.values, r.start, r.end);
    return row(
      s,
      k.domain,
      b
        ? { median: round(b.median), p95: round(b.p95), mad: round(b.mad), samples: b.samples }
        : null,
      inc.samples > 0
        ? { median: round(inc.median), p95: round(inc.p95), samples: inc.samples }
        : null,
    );
  });
  return {
    hosts,
    host,
    sources,
    source: used,
    incidentWindow,
    extent,
    rows,
    message:
      rows.length === 0
        ? "The captures hold none of the key metrics (CPU, memory, disk, network, system)."
        : null,
  };
}
