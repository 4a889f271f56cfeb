/**
 * Container (cgroup) rules: CPU quota throttling, memory limits and the OOM kills they cause.
 * They matter in every environment (systemd slices use cgroups too), but they are the first
 * thing to check in containers and Kubernetes pods: "100% CPU" inside a container is 100% of
 * its quota, not of the host.
 *
 * Yardsticks:
 * - kubernetes-mixin `CPUThrottlingHigh`: throttled periods > 25% of CFS periods over 5 min for
 *   15 min (container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total).
 *   Warning from 25%; critical from 50% (throttled in every other period: the quota is well
 *   below what the workload asks for).
 * - Netdata health.d/cgroups.conf `cgroup_ram_in_use`: warn > 90% of the limit (clears at 80),
 *   crit > 98% (clears at 90).
 * - Any memory-cgroup OOM kill is critical (Netdata `oom_kill`: any kill).
 * The cgroup files are read at the start and end of a capture: counter increases over the window
 * are its average, so the window's length is the duration (at least 10 s).
 */
import type { Labels } from "../../snapshot/types";
import { fmtBytes, fmtNum, fmtPct, fmtSpan, plural } from "../format";
import {
  computedEvidence,
  draft,
  present,
  type Draft,
  type Rule,
  type RuleContext,
} from "./context";
import { deltaOf, lastValue } from "./counters";
import { eventEvidence, isCgroupOom, killedProcesses } from "./memory";

function cgroups(ctx: RuleContext, metric: string): string[] {
  return [...new Set(ctx.index.all(metric).map((s) => s.labels.cgroup ?? ""))].filter(
    (c) => c !== "",
  );
}

export const cgroupCpuThrottling: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const cgroup of cgroups(ctx, "cgroup.cpu_throttled_periods_total")) {
    const labels = { cgroup };
    const thr = deltaOf(ctx, "cgroup.cpu_throttled_periods_total", labels);
    const per = deltaOf(ctx, "cgroup.cpu_periods_total", labels);
    if (thr === undefined || per === undefined || per.delta < 10) continue;
    const spanS = (per.toMs - per.fromMs) / 1000;
    if (spanS < 10) continue;
    const ratio = (100 * thr.delta) / per.delta;
    const severity = ratio >= 50 ? "critical" : ratio >= 25 ? "warning" : undefined;
    if (severity === undefined) continue;
    const level = severity === "critical" ? 50 : 25;
    const thrSec = deltaOf(ctx, "cgroup.cpu_throttled_seconds_total", labels);
    const usage = deltaOf(ctx, "cgroup.cpu_usage_seconds_total", labels);
    const limit = lastValue(ctx, ctx.index.get("cgroup.cpu_limit_cores", labels));
    const quota = lastValue(ctx, ctx.index.get("cgroup.cpu_quota_seconds", labels));
    const period = lastValue(ctx, ctx.index.get("cgroup.cpu_period_seconds", labels));
    const used = usage === undefined ? NaN : usage.delta / ((usage.toMs - usage.fromMs) / 1000);
    const limitCores = Number.isFinite(limit)
      ? limit
      : quota > 0 && period > 0
        ? quota / period
        : NaN;
    const whatOf =
      Number.isFinite(limitCores) && Number.isFinite(used)
        ? ` It may use ${fmtNum(limitCores)} CPU` +
          (quota > 0 && period > 0
            ? ` (quota ${fmtNum(quota * 1000)} ms per ${fmtNum(period * 1000)} ms period)`
            : "") +
          ` and used ${fmtNum(used)} CPU on average: ${fmtPct((100 * used) / limitCores)} of its limit but only ` +
          `${fmtPct((100 * used) / ctx.nCpu)} of the host's ${plural(ctx.nCpu, "CPU")}. "100% CPU" inside the container is 100% of the quota, not of the machine.`
        : "";
    out.push(
      draft({
        rule: "cgroup-cpu-throttling",
        domain: "container",
        severity,
        kind: "saturation",
        title: `CPU throttled by the cgroup quota of ${cgroup}`,
        summary:
          `${cgroup} was throttled in ${fmtPct(ratio)} of its CFS periods (${fmtNum(thr.delta)} of ${fmtNum(per.delta)}, ` +
          `counter increase over ${fmtSpan(per.fromMs, per.toMs, ctx.relative)}; threshold ${level}%)` +
          (thrSec !== undefined ? `, stopped for ${fmtNum(thrSec.delta)} s in total` : "") +
          `: its tasks wanted more CPU than the quota allows and waited for the next period.` +
          whatOf +
          " Raise the CPU limit or reduce the work; the host may be idle meanwhile.",
        evidence: present([
          computedEvidence(ctx, {
            metric: "cgroup.cpu_throttled_ratio_pct",
            labels,
            from: per.fromMs,
            to: per.toMs,
            observed: ratio,
            threshold: level,
            stat: "ratio",
            unit: "%",
            samples: per.samples,
          }),
          computedEvidence(ctx, {
            metric: "cgroup.cpu_throttled_periods_total",
            labels,
            from: thr.fromMs,
            to: thr.toMs,
            observed: thr.delta,
            threshold: 0,
            stat: "delta",
            unit: "count",
            samples: thr.samples,
          }),
          computedEvidence(ctx, {
            metric: "cgroup.cpu_periods_total",
            labels,
            from: per.fromMs,
            to: per.toMs,
            observed: per.delta,
            threshold: 0,
            stat: "delta",
            unit: "count",
            samples: per.samples,
          }),
          thrSec === undefined
            ? undefined
            : computedEvidence(ctx, {
                metric: "cgroup.cpu_throttled_seconds_total",
                labels,
                from: thrSec.fromMs,
                to: thrSec.toMs,
                observed: thrSec.delta,
                threshold: 0,
                stat: "delta",
                unit: "s",
                samples: thrSec.samples,
              }),
          usage === undefined
            ? undefined
            : computedEvidence(ctx, {
                metric: "cgroup.cpu_usage_cores",
                labels,
                from: usage.fromMs,
                to: usage.toMs,
                observed: used,
                threshold: Number.isFinite(limitCores) ? limitCores : ctx.nCpu,
                stat: "ratio",
                unit: "cores",
                samples: usage.samples,
              }),
          Number.isFinite(limitCores)
            ? computedEvidence(ctx, {
                metric: "cgroup.cpu_limit_cores",
                labels,
                from: per.fromMs,
                to: per.toMs,
                observed: limitCores,
                threshold: ctx.nCpu,
                stat: "last",
                unit: "cores",
                samples: 1,
              })
            : undefined,
        ]),
        intensity: (ratio - 25) / 75,
        coverage: Math.min(1, (spanS * 1000) / ctx.spanMs),
        target: { cgroup },
      }),
    );
  }
  return out;
};

/** Limits that are "no limit": v1 prints 2^63 rounded down to a page, v2 "max" (parsed as absent). */
function realLimit(limit: number, ctx: RuleContext): boolean {
  if (!(limit > 0) || limit >= 2 ** 60) return false;
  const host = ctx.host.memoryBytes;
  return host === undefined || limit < host;
}

export const cgroupMemoryOom: Rule = (ctx) => {
  const out: Draft[] = [];
  const memcgEvents = ctx.events.filter((e) => e.event.kind === "oom-kill" && isCgroupOom(e.event));
  const byCgroup = new Map<string, typeof memcgEvents>();
  for (const e of memcgEvents) {
    const cg = typeof e.event.attrs.cgroup === "string" ? e.event.attrs.cgroup : "";
    const list = byCgroup.get(cg) ?? [];
    list.push(e);
    byCgroup.set(cg, list);
  }
  // Counter-only kills (memory.events oom_kill, memory.oom_control oom_kill) with no log line.
  for (const cgroup of cgroups(ctx, "cgroup.memory_oom_kills_total")) {
    const d = deltaOf(ctx, "cgroup.memory_oom_kills_total", { cgroup });
    if (d !== undefined && d.delta > 0 && !byCgroup.has(cgroup)) byCgroup.set(cgroup, []);
  }
  // A kill line without the cgroup name belongs to the one cgroup with a limit, when there is one.
  const unnamed = byCgroup.get("");
  const limited = cgroups(ctx, "cgroup.memory_max_bytes").filter((c) =>
    realLimit(lastValue(ctx, ctx.index.get("cgroup.memory_max_bytes", { cgroup: c })), ctx),
  );
  if (unnamed !== undefined && limited.length === 1 && limited[0] !== undefined) {
    byCgroup.delete("");
    byCgroup.set(limited[0], [...(byCgroup.get(limited[0]) ?? []), ...unnamed]);
  }
  for (const [cgroup, evs] of byCgroup) {
    const labels: Labels = cgroup === "" ? {} : { cgroup };
    const counter =
      cgroup === "" ? undefined : deltaOf(ctx, "cgroup.memory_oom_kills_total", labels);
    const kills = Math.max(evs.length, counter?.delta ?? 0);
    if (kills <= 0) continue;
    const failcnt = cgroup === "" ? undefined : deltaOf(ctx, "cgroup.memory_failcnt_total", labels);
    const limit = lastValue(ctx, ctx.index.get("cgroup.memory_max_bytes", labels));
    const peak = lastValue(ctx, ctx.index.get("cgroup.memory_peak_bytes", labels));
    const processes = killedProcesses(evs);
    const names = [...new Set(processes.map((p) => p.command))].slice(0, 3).join(", ");
    const first = evs[0];
    const last = evs[evs.length - 1];
    const span =
      first !== undefined && last !== undefined
        ? fmtSpan(first.ms, last.ms, ctx.relative)
        : counter !== undefined
          ? fmtSpan(counter.fromMs, counter.toMs, ctx.relative)
          : "";
    const where = cgroup === "" ? "a memory cgroup" : cgroup;
    out.push(
      draft({
        rule: "cgroup-memory-oom",
        domain: "container",
        severity: "critical",
        kind: "errors",
        title: `OOM kills in ${where}: its memory limit was hit`,
        summary:
          `${plural(kills, "process was", "processes were")} killed because ${where} reached its memory limit` +
          (realLimit(limit, ctx) ? ` of ${fmtBytes(limit)}` : "") +
          (names !== "" ? ` (${names})` : "") +
          ` (${span}; ${evs.length > 0 ? "kernel log" : "cgroup OOM counter"}).` +
          (failcnt !== undefined && failcnt.delta > 0
            ? ` Allocations hit the limit ${fmtNum(failcnt.delta)} times.`
            : "") +
          (Number.isFinite(peak) && realLimit(limit, ctx)
            ? ` Peak usage: ${fmtBytes(peak)}.`
            : "") +
          " The host may have plenty of free memory: the container's limit is too small for what it does, or it leaks." +
          " In Kubernetes the pod shows OOMKilled and restarts.",
        evidence: present([
          evs.length > 0 ? eventEvidence(ctx, "kernel.oom_kills", evs, labels) : undefined,
          counter === undefined || counter.delta <= 0
            ? undefined
            : computedEvidence(ctx, {
                metric: "cgroup.memory_oom_kills_total",
                labels,
                from: counter.fromMs,
                to: counter.toMs,
                observed: counter.delta,
                threshold: 0,
                stat: "delta",
                unit: "count",
                samples: counter.samples,
              }),
          failcnt === undefined
            ? undefined
            : computedEvidence(ctx, {
                metric: "cgroup.memory_failcnt_total",
                labels,
                from: failcnt.fromMs,
                to: failcnt.toMs,
                observed: failcnt.delta,
                threshold: 0,
                stat: "delta",
                unit: "count",
                samples: failcnt.samples,
              }),
          realLimit(limit, ctx)
            ? computedEvidence(ctx, {
                metric: "cgroup.memory_max_bytes",
                labels,
                from: ctx.index.window.from,
                to: ctx.index.window.to,
                observed: limit,
                threshold: limit,
                stat: "last",
                unit: "B",
                samples: 1,
              })
            : undefined,
        ]),
        processes,
        intensity: Math.min(1, kills / 5),
        coverage: 1,
        target: cgroup === "" ? {} : { cgroup },
        explains: ["cgroup-memory-near-limit", "memory-oom-kill"],
      }),
    );
  }
  return out;
};

export const cgroupMemoryNearLimit: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const cgroup of cgroups(ctx, "cgroup.memory_current_bytes")) {
    const labels = { cgroup };
    const limit = lastValue(ctx, ctx.index.get("cgroup.memory_max_bytes", labels));
    if (!realLimit(limit, ctx)) continue;
    const cur = ctx.index.get("cgroup.memory_current_bytes", labels);
    if (cur === undefined) continue;
    const r = ctx.index.range(cur);
    if (r.end <= r.start) continue;
    let minPct = Infinity;
    for (let i = r.start; i < r.end; i++)
      minPct = Math.min(minPct, (100 * (cur.values[i] ?? 0)) / limit);
    const lastPct = (100 * (cur.values[r.end - 1] ?? 0)) / limit;
    const failcnt = deltaOf(ctx, "cgroup.memory_failcnt_total", labels);
    const hitLimit = failcnt !== undefined && failcnt.delta > 0;
    // A level: the last sample past the enter level and every sample past the stay level.
    let severity: "critical" | "warning" | undefined;
    let level = 90;
    if (lastPct >= 98 && minPct >= 90) {
      severity = "critical";
      level = 98;
    } else if ((lastPct >= 90 && minPct >= 80) || hitLimit) severity = "warning";
    if (severity === undefined) continue;
    const from = cur.times[r.start] ?? 0;
    const to = cur.times[r.end - 1] ?? 0;
    const near = lastPct >= 90;
    out.push(
      draft({
        rule: "cgroup-memory-near-limit",
        domain: "container",
        severity,
        kind: hitLimit ? "saturation" : "utilization",
        title: near ? `${cgroup} near its memory limit` : `${cgroup} hit its memory limit`,
        summary:
          (near
            ? `${cgroup} used ${fmtBytes(cur.values[r.end - 1] ?? 0)} of its ${fmtBytes(limit)} limit (${fmtPct(lastPct)} at the end, ` +
              `${plural(r.end - r.start, "sample")} from ${fmtSpan(from, to, ctx.relative)}; threshold ${level}%).`
            : `${cgroup} ran into its ${fmtBytes(limit)} memory limit during ${fmtSpan(from, to, ctx.relative)}, ` +
              `though it used ${fmtBytes(cur.values[r.end - 1] ?? 0)} (${fmtPct(lastPct)}) at the end.`) +
          (hitLimit
            ? ` Allocations failed against the limit ${fmtNum(failcnt.delta)} times (failcnt increase).`
            : "") +
          " At the limit the kernel reclaims the cgroup's page cache, then OOM-kills inside it, whatever the host has free.",
        evidence: present(
          orderEvidence(near, [
            computedEvidence(ctx, {
              metric: "cgroup.memory_used_pct",
              labels,
              from,
              to,
              observed: lastPct,
              threshold: level,
              stat: "last",
              unit: "%",
              samples: r.end - r.start,
            }),
            computedEvidence(ctx, {
              metric: "cgroup.memory_current_bytes",
              labels,
              from,
              to,
              observed: cur.values[r.end - 1] ?? 0,
              threshold: (limit * level) / 100,
              stat: "last",
              unit: "B",
              samples: r.end - r.start,
            }),
            computedEvidence(ctx, {
              metric: "cgroup.memory_max_bytes",
              labels,
              from,
              to,
              observed: limit,
              threshold: limit,
              stat: "last",
              unit: "B",
              samples: 1,
            }),
            hitLimit
              ? computedEvidence(ctx, {
                  metric: "cgroup.memory_failcnt_total",
                  labels,
                  from: failcnt.fromMs,
                  to: failcnt.toMs,
                  observed: failcnt.delta,
                  threshold: 0,
                  stat: "delta",
                  unit: "count",
                  samples: failcnt.samples,
                })
              : undefined,
          ]),
        ),
        intensity: (lastPct - 90) / 10,
        coverage: 1,
        main: {
          metric: "cgroup.memory_used_pct",
          labels,
          observed: lastPct,
          threshold: 90,
          direction: "above",
        },
        target: { cgroup },
      }),
    );
  }
  return out;
};

/** When the limit was hit but usage is low now, the failures (last item) lead the evidence. */
function orderEvidence<T>(near: boolean, items: T[]): T[] {
  if (near || items.length === 0) return items;
  return [items[items.length - 1] as T, ...items.slice(0, -1)];
}

export const CONTAINER_RULES: readonly Rule[] = [
  cgroupCpuThrottling,
  cgroupMemoryOom,
  cgroupMemoryNearLimit,
];
