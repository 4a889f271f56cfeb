/**
 * Benchmark of the analysis engine on synthetic 1-second captures of a 16-CPU host.
 *
 * `benchAnalyze()` builds a capture for each length (6, 12, 24 h by default), times `analyze()`
 * on it (the whole capture as the incident; then the last hour against the 5+ hours before it,
 * which adds the baseline statistics of every series) and returns one row per length for a
 * markdown table. The input is benchmark data only, not a fixture: columnar series with the
 * shapes real captures have (a daily cycle, noise, a CPU-bound hour, a disk burst, counters that
 * come in bursts, processes that appear and disappear).
 *
 * Run alone: `npx tsx scripts/bench/analyze.ts` (prints the table).
 */
import { pathToFileURL } from "node:url";
import { analyze } from "../../lib/analysis";
import type { HostEvent, HostInfo, Series } from "../../lib/snapshot/types";

export interface AnalyzeBenchRow {
  hours: number;
  series: number;
  samples: number;
  /** Building the synthetic input (not part of the budget). */
  buildMs: number;
  /** analyze() over the whole capture. */
  analyzeMs: number;
  /** analyze() of the last hour with the earlier hours as the baseline (all deviations). */
  baselineMs: number;
  findings: number;
  /** analyzeMs per million samples: flat when the engine scales linearly. */
  msPerMillion: number;
}

const START = Date.parse("2026-12-01T00:00:00Z");
const N_CPU = 16;

/** xorshift32: fast, deterministic noise. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A 1-second capture of `hours` hours of a 16-CPU host. */
export function buildBenchInput(hours: number): {
  series: Series[];
  events: HostEvent[];
  host: HostInfo;
} {
  const n = Math.round(hours * 3600);
  const times = new Array<number>(n);
  for (let i = 0; i < n; i++) times[i] = START + i * 1000;
  const rand = rng(hours * 7919 + 1);
  const series: Series[] = [];
  const add = (
    metric: string,
    labels: Record<string, string>,
    unit: string,
    f: (i: number) => number,
    t = times,
  ) => {
    const values = new Array<number>(t.length);
    for (let i = 0; i < t.length; i++) values[i] = f(i);
    series.push({ metric, labels, unit, times: t, values });
  };
  // Daily cycle 10–60% busy, one CPU-bound hour in the middle of the capture.
  const hot0 = Math.floor(n / 2);
  const hot1 = hot0 + Math.min(3600, Math.floor(n / 6));
  const load = (i: number) =>
    i >= hot0 && i < hot1
      ? 96 + 3 * rand()
      : 35 + 25 * Math.sin((2 * Math.PI * i) / 86_400) + 8 * rand();
  const loadCol = new Float64Array(n);
  for (let i = 0; i < n; i++) loadCol[i] = load(i);
  const modes = [
    "user",
    "nice",
    "system",
    "iowait",
    "irq",
    "softirq",
    "steal",
    "guest",
    "guest_nice",
    "idle",
  ];
  for (let c = -1; c < N_CPU; c++) {
    const cpu = c < 0 ? "all" : String(c);
    const skew = c < 0 ? 0 : (c % 4) - 1.5;
    for (const mode of modes) {
      add(`cpu.${mode}_pct`, { cpu }, "%", (i) => {
        const busy = Math.min(100, Math.max(0, (loadCol[i] ?? 0) + skew));
        switch (mode) {
          case "user":
            return busy * 0.8;
          case "system":
            return busy * 0.15;
          case "softirq":
            return busy * 0.03;
          case "irq":
            return busy * 0.02;
          case "iowait":
            return rand() < 0.01 ? 5 : 0.2;
          case "idle":
            return 100 - busy;
          default:
            return 0;
        }
      });
    }
  }
  add("load.1m", {}, "", (i) => ((loadCol[i] ?? 0) / 100) * N_CPU * 1.1);
  add("load.5m", {}, "", (i) => ((loadCol[i] ?? 0) / 100) * N_CPU);
  add("load.15m", {}, "", (i) => ((loadCol[i] ?? 0) / 100) * N_CPU * 0.9);
  add("procs.running", {}, "count", (i) =>
    Math.round(((loadCol[i] ?? 0) / 100) * N_CPU * (1 + rand())),
  );
  add("procs.blocked", {}, "count", () => (rand() < 0.02 ? 1 : 0));
  add(
    "system.context_switches_per_s",
    {},
    "/s",
    (i) => 20_000 + 400 * (loadCol[i] ?? 0) + 2000 * rand(),
  );
  add("system.interrupts_per_s", {}, "/s", (i) => 15_000 + 100 * (loadCol[i] ?? 0) + 1000 * rand());
  add("system.forks_per_s", {}, "/s", () => 20 * rand());
  const mem = 64 * 2 ** 30;
  add("mem.total_bytes", {}, "B", () => mem);
  add(
    "mem.available_bytes",
    {},
    "B",
    (i) => mem * (0.5 - 0.2 * Math.sin((2 * Math.PI * i) / 86_400)),
  );
  add("mem.free_bytes", {}, "B", () => mem * 0.1);
  add("mem.cached_bytes", {}, "B", () => mem * 0.3);
  add("mem.buffers_bytes", {}, "B", () => mem * 0.01);
  add("mem.used_bytes", {}, "B", () => mem * 0.5);
  add("swap.in_bytes_per_s", {}, "B/s", () => 0);
  add("swap.out_bytes_per_s", {}, "B/s", () => 0);
  add("mem.major_faults_per_s", {}, "/s", () => (rand() < 0.05 ? 20 : 0));
  add("tcp.out_segs_per_s", {}, "/s", (i) => 5000 + 50 * (loadCol[i] ?? 0));
  add("tcp.in_segs_per_s", {}, "/s", (i) => 4000 + 40 * (loadCol[i] ?? 0));
  add("tcp.retrans_segs_per_s", {}, "/s", () => (rand() < 0.1 ? 3 : 0));
  // Disks: one busy device with a 20-minute saturation burst.
  const burst0 = Math.floor(n / 4);
  const burst1 = burst0 + 1200;
  for (let d = 0; d < 4; d++) {
    const device = d === 0 ? "nvme0n1" : `sd${String.fromCharCode(97 + d)}`;
    const busy = (i: number) => (d === 0 && i >= burst0 && i < burst1 ? 97 : 5 + 10 * rand());
    add("disk.util_pct", { device }, "%", busy);
    add("disk.queue_depth", { device }, "", (i) => (busy(i) > 90 ? 18 : 0.2));
    add("disk.await_ms", { device }, "ms", (i) => (busy(i) > 90 ? 12 : 0.5));
    add("disk.r_await_ms", { device }, "ms", () => 0.5);
    add("disk.w_await_ms", { device }, "ms", () => 0.7);
    add("disk.reads_per_s", { device }, "/s", () => 200 * rand());
    add("disk.writes_per_s", { device }, "/s", () => 100 * rand());
    add("disk.read_bytes_per_s", { device }, "B/s", () => 4e6 * rand());
    add("disk.write_bytes_per_s", { device }, "B/s", () => 2e6 * rand());
    add("disk.svctm_ms", { device }, "ms", () => 0.1);
  }
  for (const iface of ["eth0", "eth1", "lo"]) {
    add("net.rx_bytes_per_s", { iface }, "B/s", () => 1e7 * rand());
    add("net.tx_bytes_per_s", { iface }, "B/s", () => 1e7 * rand());
    add("net.rx_packets_per_s", { iface }, "/s", () => 1e4 * rand());
    add("net.tx_packets_per_s", { iface }, "/s", () => 1e4 * rand());
    add("net.rx_errors_per_s", { iface }, "/s", () => 0);
    add("net.tx_errors_per_s", { iface }, "/s", () => 0);
    add("net.rx_drops_per_s", { iface }, "/s", () => (rand() < 0.001 ? 1 : 0));
    add("net.tx_drops_per_s", { iface }, "/s", () => 0);
    add("net.util_pct", { iface }, "%", () => 8 * rand());
  }
  // 20 long-lived processes, 10 that come and go (pidstat prints active tasks only).
  for (let p = 0; p < 30; p++) {
    const labels = { pid: String(1000 + p), command: p === 0 ? "java" : `worker-${p}` };
    let t = times;
    if (p >= 20) {
      t = [];
      for (let i = p; i < n; i += 4) t.push(times[i] ?? 0);
    }
    add("proc.cpu_pct", labels, "%", (i) => (p === 0 ? (loadCol[i] ?? 0) * 8 : 5 * rand()), t);
    add("proc.mem_rss_bytes", labels, "B", () => 2e8 + p * 1e7, t);
    add("proc.read_bytes_per_s", labels, "B/s", () => 1e4 * rand(), t);
    add("proc.write_bytes_per_s", labels, "B/s", () => 1e4 * rand(), t);
    add("proc.context_switches_per_s", labels, "/s", () => 100 * rand(), t);
  }
  const events: HostEvent[] = [
    {
      at: new Date(START + hot0 * 1000 + 600_000).toISOString(),
      kind: "oom-kill",
      message:
        "Out of memory: Killed process 4242 (batch) total-vm:2000000kB, anon-rss:1500000kB, file-rss:0kB",
      attrs: { pid: 4242, process: "batch" },
    },
  ];
  return {
    series,
    events,
    host: { hostname: "bench", nCpu: N_CPU, memoryBytes: mem, environment: "bare-metal" },
  };
}

function sampleCount(series: readonly Series[]): number {
  let n = 0;
  for (const s of series) n += s.values.length;
  return n;
}

export function benchAnalyze(hoursList: readonly number[] = [6, 12, 24]): AnalyzeBenchRow[] {
  const rows: AnalyzeBenchRow[] = [];
  // Warm the JIT on a small capture so the first row is not penalised.
  const warm = buildBenchInput(0.25);
  analyze(warm);
  for (const hours of hoursList) {
    const b0 = performance.now();
    const input = buildBenchInput(hours);
    const buildMs = performance.now() - b0;
    const samples = sampleCount(input.series);
    // Best of 3: one garbage collection of the previous capture's arrays can double a single run.
    let analyzeMs = Infinity;
    let baselineMs = Infinity;
    let r = analyze(input);
    const end = START + hours * 3_600_000 - 1000;
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      r = analyze(input);
      analyzeMs = Math.min(analyzeMs, performance.now() - t0);
      const t1 = performance.now();
      analyze(input, { window: { from: end - 3_600_000, to: end } });
      baselineMs = Math.min(baselineMs, performance.now() - t1);
    }
    rows.push({
      hours,
      series: input.series.length,
      samples,
      buildMs: Math.round(buildMs),
      analyzeMs: Math.round(analyzeMs),
      baselineMs: Math.round(baselineMs),
      findings: r.findings.length,
      msPerMillion: Math.round((analyzeMs / samples) * 1e6 * 10) / 10,
    });
  }
  return rows;
}

export function markdownTable(rows: readonly AnalyzeBenchRow[]): string {
  const head =
    "| capture | series | samples | analyze() | last hour vs baseline | ms per 1M samples | findings |\n|---|---|---|---|---|---|---|";
  const lines = rows.map(
    (r) =>
      `| ${r.hours} h | ${r.series} | ${(r.samples / 1e6).toFixed(1)} M | ${r.analyzeMs} ms | ${r.baselineMs} ms | ${r.msPerMillion} | ${r.findings} |`,
  );
  return [head, ...lines].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = benchAnalyze();
  process.stdout.write(`${markdownTable(rows)}\n`);
}
