/**
 * Test support for the real scenario captures (lib/snapshot/fixtures/scenarios): their known
 * causes, the CLI's analysis of each, and independent readers of the raw tool outputs inside a
 * bundle to check that a finding's evidence equals what the outputs show.
 *
 * The raw readers are deliberately simple and separate from lib/snapshot's parsers: they read the
 * columns by name from the text, so a parser or rule bug cannot confirm itself. Test-only code
 * (Node fs).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { analyzePaths } from "../../../scripts/analyze";
import { readSnapshotInput } from "../../snapshot/read-input";
import type { Evidence } from "../types";

export const SCENARIOS = path.join(
  import.meta.dirname,
  "..",
  "..",
  "snapshot",
  "fixtures",
  "scenarios",
);

export interface ScenarioMeta {
  scenario: string;
  heldOut: boolean;
  cause: { label: string; domain: string | null; what: string };
  resolves: string | null;
  capture: { start: string; end: string };
}

export function listScenarios(): ScenarioMeta[] {
  return readdirSync(SCENARIOS)
    .filter(
      (f) =>
        f.endsWith(".json") && readdirSync(SCENARIOS).includes(f.replace(/\.json$/, ".tar.gz")),
    )
    .map((f) => JSON.parse(readFileSync(path.join(SCENARIOS, f), "utf8")) as ScenarioMeta)
    .sort((a, b) => a.scenario.localeCompare(b.scenario));
}

export function bundlePath(name: string): string {
  return path.join(SCENARIOS, `${name}.tar.gz`);
}

export type ScenarioAnalysis = Awaited<ReturnType<typeof analyzePaths>>;

const analyses = new Map<string, Promise<ScenarioAnalysis>>();

/** The CLI's document for one capture (computed once per test file). */
export function analyzeScenario(name: string): Promise<ScenarioAnalysis> {
  let p = analyses.get(name);
  if (p === undefined) {
    p = analyzePaths([bundlePath(name)]);
    analyses.set(name, p);
  }
  return p;
}

/** The text of each tool output in the bundle, by file name (`mpstat.txt`). */
export async function rawFiles(name: string): Promise<Map<string, string>> {
  const input = await readSnapshotInput(bundlePath(name));
  return new Map(input.files.map((f) => [path.basename(f.path), f.text]));
}

const TIME = /^\d\d:\d\d:\d\d$/;
const isNum = (s: string): boolean => s !== "" && Number.isFinite(Number(s));

export interface Row {
  /** HH:MM:SS as printed (the captures run in UTC). */
  time: string;
  cols: Record<string, string>;
}

/**
 * sysstat's time-stamped tables (mpstat, sar): a header line names the columns, data lines follow
 * under it; `Average:` lines and the banner are skipped.
 */
export function sysstatRows(text: string): Row[] {
  const rows: Row[] = [];
  let header: string[] = [];
  for (const line of text.split("\n")) {
    const tok = line.trim().split(/\s+/);
    const t = tok[0] ?? "";
    if (!TIME.test(t)) continue;
    const rest = tok.slice(1);
    if (rest.length === 0) continue;
    if (rest.every((x) => !isNum(x))) {
      header = rest;
      continue;
    }
    const cols: Record<string, string> = {};
    header.forEach((h, i) => (cols[h] = rest[i] ?? ""));
    rows.push({ time: t, cols });
  }
  return rows;
}

/** iostat -x -t: a timestamp line, then a Device table; the first report (since boot) is dropped. */
export function iostatRows(text: string): Row[] {
  const rows: Row[] = [];
  let time = "";
  let reports = 0;
  let header: string[] = [];
  for (const line of text.split("\n")) {
    const ts = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(line.trim());
    if (ts !== null) {
      time = ts[2] ?? "";
      reports++;
      continue;
    }
    const tok = line.trim().split(/\s+/);
    if (tok[0] === "Device" || tok[0] === "Device:") {
      header = tok.slice(1);
      continue;
    }
    if (reports < 2 || header.length === 0 || tok.length !== header.length + 1) continue;
    if (!tok.slice(1).every(isNum)) continue;
    const cols: Record<string, string> = { Device: tok[0] ?? "" };
    header.forEach((h, i) => (cols[h] = tok[i + 1] ?? ""));
    rows.push({ time, cols });
  }
  return rows;
}

/** `Tcp: ... RetransSegs ...` of /proc/net/snmp. */
export function snmpTcp(text: string): Record<string, number> {
  const lines = text.split("\n").filter((l) => l.startsWith("Tcp:"));
  const names = (lines[0] ?? "").split(/\s+/).slice(1);
  const vals = (lines[1] ?? "").split(/\s+/).slice(1);
  return Object.fromEntries(names.map((n, i) => [n, Number(vals[i])]));
}

/** `key value` lines (cgroup cpu.stat, memory.oom_control) or a single number (memory.failcnt). */
export function keyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const [k, v] = line.trim().split(/\s+/);
    if (k !== undefined && v !== undefined) out[k] = Number(v);
    else if (k !== undefined && isNum(k)) out.value = Number(k);
  }
  return out;
}

/** /proc/net/dev: per interface, the receive and transmit columns by name. */
export function netDev(text: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const rx = ["bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"];
  const tx = ["bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"];
  for (const line of text.split("\n")) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (m === null) continue;
    const v = (m[2] ?? "").trim().split(/\s+/).map(Number);
    const row: Record<string, number> = {};
    rx.forEach((n, i) => (row[`rx_${n}`] = v[i] ?? NaN));
    tx.forEach((n, i) => (row[`tx_${n}`] = v[i + 8] ?? NaN));
    out[m[1] ?? ""] = row;
  }
  return out;
}

/** `dmesg -T` lines with their time of day (HH:MM:SS). */
export function dmesgLines(text: string): { time: string; msg: string }[] {
  const out: { time: string; msg: string }[] = [];
  for (const line of text.split("\n")) {
    const m = /^\[\w{3} \w{3} +\d+ (\d\d:\d\d:\d\d) \d{4}\] (.*)$/.exec(line);
    if (m !== null) out.push({ time: m[1] ?? "", msg: m[2] ?? "" });
  }
  return out;
}

const hms = (ts: string | number): string => (typeof ts === "string" ? ts.slice(11, 19) : "");

export function inWindow(
  rows: readonly Row[],
  e: { from: string | number; to: string | number },
): Row[] {
  const a = hms(e.from);
  const b = hms(e.to);
  return rows.filter((r) => r.time >= a && r.time <= b);
}

const num = (r: Row, col: string): number => Number(r.cols[col] ?? NaN);
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/**
 * The value the raw outputs give for an evidence item (same statistic, same samples), or
 * undefined when this reader does not know the metric. Follows lib/snapshot's precedence: CPU
 * from mpstat, run queue and context switches from sar, disks from iostat, interfaces from sar
 * (rates) and /proc/net/dev (counters), TCP from sar (rates) and /proc/net/snmp (counters).
 */
export function rawValue(files: Map<string, string>, e: Evidence): number | undefined {
  const text = (f: string): string => files.get(f) ?? "";
  const cpuRows = (cpu: string) =>
    inWindow(sysstatRows(text("mpstat.txt")), e).filter((r) => r.cols.CPU === cpu);
  const busy = (r: Row) => 100 - num(r, "%idle") - num(r, "%iowait") - num(r, "%steal");
  const start = (f: string) => text(`${f}_start.txt`);
  const end = (f: string) => text(`${f}_end.txt`);
  switch (e.metric) {
    case "cpu.busy_pct":
      return mean(cpuRows(e.labels.cpu ?? "all").map(busy));
    case "cpu.user_pct":
      return mean(cpuRows(e.labels.cpu ?? "all").map((r) => num(r, "%usr")));
    case "cpu.system_pct":
      return mean(cpuRows(e.labels.cpu ?? "all").map((r) => num(r, "%sys")));
    case "cpu.kernel_pct":
      return mean(
        cpuRows(e.labels.cpu ?? "all").map(
          (r) => num(r, "%sys") + num(r, "%irq") + num(r, "%soft"),
        ),
      );
    case "cpu.iowait_pct":
      return mean(cpuRows(e.labels.cpu ?? "all").map((r) => num(r, "%iowait")));
    case "cpu.steal_pct":
      return mean(cpuRows(e.labels.cpu ?? "all").map((r) => num(r, "%steal")));
    case "cpu.others_busy_pct": {
      const except = e.labels.except;
      if (except === undefined) return undefined;
      const rows = inWindow(sysstatRows(text("mpstat.txt")), e).filter(
        (r) => r.cols.CPU !== "all" && r.cols.CPU !== except,
      );
      const byTime = new Map<string, number[]>();
      for (const r of rows) byTime.set(r.time, [...(byTime.get(r.time) ?? []), busy(r)]);
      return mean([...byTime.values()].map(mean));
    }
    case "procs.running":
      return mean(
        inWindow(sysstatRows(text("sar_queue.txt")), e)
          .filter((r) => r.cols["runq-sz"] !== undefined)
          .map((r) => num(r, "runq-sz")),
      );
    case "system.context_switches_per_s":
      return mean(
        inWindow(sysstatRows(text("sar_queue.txt")), e)
          .filter((r) => r.cols["cswch/s"] !== undefined)
          .map((r) => num(r, "cswch/s")),
      );
    case "disk.util_pct":
    case "disk.queue_depth":
    case "disk.r_await_ms":
    case "disk.w_await_ms":
    case "disk.reads_per_s":
    case "disk.writes_per_s": {
      const col = {
        "disk.util_pct": "%util",
        "disk.queue_depth": "aqu-sz",
        "disk.r_await_ms": "r_await",
        "disk.w_await_ms": "w_await",
        "disk.reads_per_s": "r/s",
        "disk.writes_per_s": "w/s",
      }[e.metric];
      const rows = inWindow(iostatRows(text("iostat.txt")), e).filter(
        (r) => r.cols.Device === e.labels.device,
      );
      return col === undefined || rows.length === 0
        ? undefined
        : mean(rows.map((r) => num(r, col)));
    }
    case "net.rx_drops_per_s":
    case "net.tx_drops_per_s":
    case "net.rx_packets_per_s":
    case "net.tx_packets_per_s": {
      const col = {
        "net.rx_drops_per_s": "rxdrop/s",
        "net.tx_drops_per_s": "txdrop/s",
        "net.rx_packets_per_s": "rxpck/s",
        "net.tx_packets_per_s": "txpck/s",
      }[e.metric];
      const rows = inWindow(sysstatRows(text("sar_net_dev.txt")), e).filter(
        (r) => r.cols.IFACE === e.labels.iface && r.cols[col] !== undefined,
      );
      return rows.length === 0 ? undefined : mean(rows.map((r) => num(r, col)));
    }
    case "net.drop_ratio_pct": {
      const rows = inWindow(sysstatRows(text("sar_net_dev.txt")), e).filter(
        (r) => r.cols.IFACE === e.labels.iface,
      );
      const drops = sum(
        rows
          .filter((r) => r.cols["rxdrop/s"] !== undefined)
          .map((r) => num(r, "rxdrop/s") + num(r, "txdrop/s")),
      );
      const pk = sum(
        rows
          .filter((r) => r.cols["rxpck/s"] !== undefined)
          .map((r) => num(r, "rxpck/s") + num(r, "txpck/s")),
      );
      return (100 * drops) / (pk + drops);
    }
    case "net.rx_drops_total":
    case "net.tx_drops_total": {
      const k = e.metric === "net.rx_drops_total" ? "rx_drop" : "tx_drop";
      const iface = e.labels.iface ?? "";
      return (
        (netDev(end("net_dev"))[iface]?.[k] ?? NaN) - (netDev(start("net_dev"))[iface]?.[k] ?? NaN)
      );
    }
    case "tcp.retrans_segs_per_s":
      return mean(
        inWindow(sysstatRows(text("sar_net_tcp.txt")), e)
          .filter((r) => r.cols["retrans/s"] !== undefined)
          .map((r) => num(r, "retrans/s")),
      );
    case "tcp.out_segs_per_s":
      return mean(
        inWindow(sysstatRows(text("sar_net_tcp.txt")), e)
          .filter((r) => r.cols["oseg/s"] !== undefined)
          .map((r) => num(r, "oseg/s")),
      );
    case "tcp.retrans_ratio_pct": {
      const rows = inWindow(sysstatRows(text("sar_net_tcp.txt")), e);
      const r = sum(
        rows.filter((x) => x.cols["retrans/s"] !== undefined).map((x) => num(x, "retrans/s")),
      );
      const o = sum(
        rows.filter((x) => x.cols["oseg/s"] !== undefined).map((x) => num(x, "oseg/s")),
      );
      return (100 * r) / o;
    }
    case "tcp.retrans_segs_total":
      return (
        (snmpTcp(end("net_snmp")).RetransSegs ?? NaN) -
        (snmpTcp(start("net_snmp")).RetransSegs ?? NaN)
      );
    case "tcp.out_segs_total":
      return (
        (snmpTcp(end("net_snmp")).OutSegs ?? NaN) - (snmpTcp(start("net_snmp")).OutSegs ?? NaN)
      );
    case "cgroup.cpu_throttled_ratio_pct": {
      const a = keyValues(start("cgroup_cpu_stat"));
      const b = keyValues(end("cgroup_cpu_stat"));
      return (
        (100 * ((b.nr_throttled ?? NaN) - (a.nr_throttled ?? NaN))) /
        ((b.nr_periods ?? NaN) - (a.nr_periods ?? NaN))
      );
    }
    case "cgroup.cpu_throttled_periods_total":
      return (
        (keyValues(end("cgroup_cpu_stat")).nr_throttled ?? NaN) -
        (keyValues(start("cgroup_cpu_stat")).nr_throttled ?? NaN)
      );
    case "cgroup.cpu_periods_total":
      return (
        (keyValues(end("cgroup_cpu_stat")).nr_periods ?? NaN) -
        (keyValues(start("cgroup_cpu_stat")).nr_periods ?? NaN)
      );
    case "cgroup.cpu_throttled_seconds_total":
      return (
        ((keyValues(end("cgroup_cpu_stat")).throttled_time ?? NaN) -
          (keyValues(start("cgroup_cpu_stat")).throttled_time ?? NaN)) /
        1e9
      );
    case "cgroup.memory_oom_kills_total":
      return (
        (keyValues(end("cgroup_memory_oom_control")).oom_kill ?? NaN) -
        (keyValues(start("cgroup_memory_oom_control")).oom_kill ?? NaN)
      );
    case "cgroup.memory_failcnt_total":
      return (
        (keyValues(end("cgroup_memory_failcnt")).value ?? NaN) -
        (keyValues(start("cgroup_memory_failcnt")).value ?? NaN)
      );
    case "cgroup.memory_max_bytes":
      return keyValues(end("cgroup_memory_limit_in_bytes")).value;
    case "kernel.oom_kills": {
      const a = hms(e.from);
      const b = hms(e.to);
      return dmesgLines(text("dmesg.txt")).filter(
        (l) => l.time >= a && l.time <= b && /Killed process \d+/.test(l.msg),
      ).length;
    }
    default:
      return undefined;
  }
}

/** Evidence values are rounded to 2 decimals (whole numbers from 1000 up). */
export function closeEnough(observed: number, raw: number): boolean {
  const tol = Math.abs(raw) >= 1000 ? 0.51 : 0.0051 + 1e-9;
  return Math.abs(observed - raw) <= tol;
}
