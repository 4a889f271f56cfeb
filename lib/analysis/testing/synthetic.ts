/** Builders of synthetic snapshots for the engine's unit tests. */
import type { HostEvent, HostInfo, Labels, Series } from "../../snapshot/types";

export const T0 = Date.parse("2026-12-04T10:00:00Z");

/** A series with one value per `stepMs` from `start`. */
export function mk(
  metric: string,
  labels: Labels,
  values: readonly number[],
  opts: { start?: number; stepMs?: number; unit?: string } = {},
): Series {
  const start = opts.start ?? T0;
  const step = opts.stepMs ?? 1000;
  return {
    metric,
    labels,
    unit: opts.unit ?? (metric.endsWith("_pct") ? "%" : ""),
    times: values.map((_, i) => start + i * step),
    values: [...values],
  };
}

/** `n` copies of `v`. */
export function rep(v: number, n: number): number[] {
  return new Array<number>(n).fill(v);
}

/** mpstat-like CPU series for one `cpu` label: user/system/iowait/steal given, idle the rest. */
export function cpu(
  label: string,
  user: readonly number[],
  opts: {
    system?: readonly number[];
    iowait?: readonly number[];
    steal?: readonly number[];
    start?: number;
  } = {},
): Series[] {
  const n = user.length;
  const sys = opts.system ?? rep(0, n);
  const wa = opts.iowait ?? rep(0, n);
  const st = opts.steal ?? rep(0, n);
  const idle = user.map((u, i) =>
    Math.max(0, 100 - u - (sys[i] ?? 0) - (wa[i] ?? 0) - (st[i] ?? 0)),
  );
  const l = { cpu: label };
  const o = opts.start === undefined ? {} : { start: opts.start };
  return [
    mk("cpu.user_pct", l, user, o),
    mk("cpu.system_pct", l, sys, o),
    mk("cpu.iowait_pct", l, wa, o),
    mk("cpu.steal_pct", l, st, o),
    mk("cpu.idle_pct", l, idle, o),
  ];
}

export const HOST2: HostInfo = { hostname: "web-1", nCpu: 2, memoryBytes: 16 * 2 ** 30 };

export function oomEvent(at: number, pid: number, process: string, cgroup?: string): HostEvent {
  const memcg = cgroup !== undefined;
  return {
    at: new Date(at).toISOString().replace(".000Z", "Z"),
    kind: "oom-kill",
    message: `${memcg ? "Memory cgroup out of memory" : "Out of memory"}: Killed process ${pid} (${process}) total-vm:282116kB, anon-rss:195200kB, file-rss:768kB, shmem-rss:0kB, UID:0 pgtables:472kB oom_score_adj:0`,
    attrs: memcg ? { pid, process, cgroup } : { pid, process },
  };
}
