/**
 * Counters read at a few points (the start and end files of a bundle: /proc/net/snmp, cgroup
 * cpu.stat, /proc/pressure): their increase over the window is itself an average over the whole
 * capture, so "sustained" is the window's length.
 */
import type { Labels, Series } from "../../snapshot/types";
import type { RuleContext } from "./context";

export interface CounterDelta {
  /** Sum of the increases (a counter reset is skipped, not subtracted). */
  delta: number;
  fromMs: number;
  toMs: number;
  /** Samples used. */
  samples: number;
  series: Series;
}

export function counterDelta(s: Series | undefined, ctx: RuleContext): CounterDelta | undefined {
  if (s === undefined) return undefined;
  const r = ctx.index.range(s);
  if (r.end - r.start < 2) return undefined;
  let delta = 0;
  for (let i = r.start + 1; i < r.end; i++) {
    const d = (s.values[i] ?? 0) - (s.values[i - 1] ?? 0);
    if (d > 0) delta += d;
  }
  return {
    delta,
    fromMs: s.times[r.start] ?? 0,
    toMs: s.times[r.end - 1] ?? 0,
    samples: r.end - r.start,
    series: s,
  };
}

export function deltaOf(
  ctx: RuleContext,
  metric: string,
  labels: Labels = {},
): CounterDelta | undefined {
  return counterDelta(ctx.index.get(metric, labels), ctx);
}

/** Last finite value of `s` at or before the window's end (levels such as limits and totals). */
export function lastValue(ctx: RuleContext, s: Series | undefined): number {
  if (s === undefined) return NaN;
  const r = ctx.index.range(s);
  const end = r.end > r.start ? r.end : Math.min(s.times.length, s.values.length);
  for (let i = end - 1; i >= 0; i--) {
    const v = s.values[i] ?? NaN;
    if (v === v) return v;
  }
  return NaN;
}
