#!/usr/bin/env node
// Summarise a scenario capture bundle for scripts/capture-scenario.sh: the foreign-process CPU
// check (from the bundle's pidstat) and a few headline numbers read from the raw tool outputs,
// so a reviewer can see what the capture shows without opening it.
//
//   node scripts/scenario-summary.mjs BUNDLE.tar.gz [--scenario-re REGEX]
//
// --scenario-re: a regular expression for the commands that belong to the scenario's load
// (e.g. '^stress-ng'); the collector's own tools are always excluded from "foreign". Kernel
// threads (VSZ 0 in pidstat) are reported apart. Prints one JSON document on stdout.
//
// This is a dev helper, deliberately independent of lib/snapshot (the product parsers): it reads
// only the columns it needs and never changes the bundle.

import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { once } from "node:events";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";

const COLLECTOR =
  /^(warroom-collec|warroom-collect|pidstat|sar|sadc|mpstat|iostat|vmstat|top|sleep|date|cat|awk|sed|tr|grep|timeout|capture-scenari|bash|sh|ip|ss|tc|df|free|uptime|find|wc|pgrep|tar|gzip)$/;

async function readBundle(file) {
  const files = new Map();
  const ex = extract();
  ex.on("entry", (header, stream, next) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      files.set(header.name.replace(/^\.\//, ""), Buffer.concat(chunks).toString("utf8"));
      next();
    });
  });
  Readable.from([gunzipSync(readFileSync(file))]).pipe(ex);
  await once(ex, "finish");
  return files;
}

const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const max = (xs) => (xs.length ? Math.max(...xs) : NaN);

/** Rows of a sysstat table: header line (first cell a time or `Average:`) + data lines. */
function sysstatTables(text, firstCol) {
  const out = [];
  let cols = null;
  for (const line of text.split("\n")) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 2) {
      cols = null;
      continue;
    }
    if (cells.includes(firstCol) && cells.slice(1).every((c) => !/^-?\d+(\.\d+)?$/.test(c))) {
      cols = cells.slice(1);
      continue;
    }
    if (!cols) continue;
    const row = { _avg: cells[0] === "Average:", _time: cells[0] };
    cols.forEach((c, i) => (row[c] = cells[i + 1]));
    out.push(row);
  }
  return out;
}

function pidstatRows(text) {
  let cols = null;
  const rows = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) {
      cols = line.slice(1).trim().split(/\s+/);
      continue;
    }
    if (!cols || !/^\d/.test(line)) continue;
    const cells = line.trim().split(/\s+/);
    const row = {};
    cols.forEach((c, i) => (row[c] = c === "Command" ? cells.slice(i).join(" ") : cells[i]));
    rows.push(row);
  }
  return rows;
}

function foreignCpu(pidstat, scenarioRe) {
  const rows = pidstatRows(pidstat);
  const intervals = new Set(rows.map((r) => r.Time)).size || 1;
  const buckets = { scenario: 0, collector: 0, kernel: 0, foreign: 0 };
  const byCommand = new Map();
  for (const r of rows) {
    const cpu = Number(r["%CPU"]) || 0;
    const cmd = r.Command;
    let b;
    if (scenarioRe && scenarioRe.test(cmd)) b = "scenario";
    else if (COLLECTOR.test(cmd)) b = "collector";
    else if (r.VSZ === "0") b = "kernel";
    else b = "foreign";
    buckets[b] += cpu;
    if (b === "foreign") byCommand.set(cmd, (byCommand.get(cmd) ?? 0) + cpu);
  }
  const top = [...byCommand.entries()]
    .map(([command, sum]) => ({ command, meanPct: round(sum / intervals) }))
    .sort((a, b) => b.meanPct - a.meanPct)
    .filter((x) => x.meanPct >= 0.1)
    .slice(0, 8);
  return {
    meanPctOfOneCpu: round(buckets.foreign / intervals),
    top,
    scenarioPct: round(buckets.scenario / intervals),
    collectorPct: round(buckets.collector / intervals),
    kernelThreadsPct: round(buckets.kernel / intervals),
    intervals,
  };
}

function kv(text) {
  const m = {};
  for (const line of (text ?? "").split("\n")) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) m[k] = Number(v);
  }
  return m;
}

function snmpTcp(text) {
  const lines = (text ?? "").split("\n").filter((l) => l.startsWith("Tcp:"));
  if (lines.length < 2) return {};
  const keys = lines[0].split(/\s+/).slice(1);
  const vals = lines[1].split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(keys.map((k, i) => [k, vals[i]]));
}

function netDev(text) {
  const m = {};
  for (const line of (text ?? "").split("\n").slice(2)) {
    const [iface, rest] = line.split(":");
    if (!rest) continue;
    const v = rest.trim().split(/\s+/).map(Number);
    m[iface.trim()] = {
      rxPackets: v[0],
      rxErrs: v[2],
      rxDrop: v[3],
      txPackets: v[8],
      txErrs: v[10],
      txDrop: v[11],
    };
  }
  return m;
}

function observed(files, manifest) {
  const get = (name) => {
    const c = manifest.commands.find((x) => x.name === name);
    return c?.file ? files.get(c.file) : undefined;
  };
  const o = {};

  const mp = get("mpstat");
  if (mp) {
    const avg = sysstatTables(mp, "CPU").filter((r) => r._avg);
    o.mpstat = Object.fromEntries(
      avg.map((r) => [
        r.CPU,
        {
          usr: +r["%usr"],
          sys: +r["%sys"],
          iowait: +r["%iowait"],
          soft: +r["%soft"],
          steal: +r["%steal"],
          idle: +r["%idle"],
        },
      ]),
    );
  }

  const io = get("iostat");
  if (io) {
    // Skip the first (since boot) report: rows before the second timestamp line.
    const reports = io.split(/\n(?=\d{4}-\d{2}-\d{2}T|\d{2}\/\d{2}\/\d{2,4} )/).slice(2);
    const per = {};
    for (const rep of reports) {
      const lines = rep.split("\n");
      const h = lines.findIndex((l) => l.startsWith("Device"));
      if (h < 0) continue;
      const cols = lines[h].trim().split(/\s+/);
      for (const l of lines.slice(h + 1)) {
        const cells = l.trim().split(/\s+/);
        if (cells.length !== cols.length) continue;
        const r = Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
        (per[r.Device] ??= []).push(r);
      }
    }
    o.iostat = {};
    for (const [dev, rows] of Object.entries(per)) {
      if (dev.startsWith("loop")) continue;
      const col = (c) => rows.map((r) => Number(r[c])).filter(Number.isFinite);
      o.iostat[dev] = {
        samples: rows.length,
        utilAvg: round(mean(col("%util"))),
        utilMax: round(max(col("%util"))),
        aquSzAvg: round(mean(col("aqu-sz")), 2),
        rAwaitAvg: round(mean(col("r_await")), 2),
        wAwaitAvg: round(mean(col("w_await")), 2),
        readsPerSAvg: round(mean(col("r/s"))),
        writesPerSAvg: round(mean(col("w/s"))),
        rkBPerSAvg: round(mean(col("rkB/s"))),
        wkBPerSAvg: round(mean(col("wkB/s"))),
      };
    }
  }

  const vm = get("vmstat");
  if (vm) {
    const rows = vm
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => /^\d+$/.test(c[0]))
      .slice(1);
    const col = (i) => rows.map((r) => Number(r[i]));
    o.vmstat = {
      rAvg: round(mean(col(0))),
      bAvg: round(mean(col(1))),
      inAvg: round(mean(col(10))),
      csAvg: round(mean(col(11))),
      samples: rows.length,
    };
  }

  const q = get("sar_queue");
  if (q) {
    const avg = sysstatTables(q, "runq-sz").filter((r) => r._avg)[0];
    const w = sysstatTables(q, "cswch/s").filter((r) => r._avg)[0];
    o.sarQueue = {
      runqSzAvg: avg && +avg["runq-sz"],
      ldavg1: avg && +avg["ldavg-1"],
      blocked: avg && +avg.blocked,
      cswchPerS: w && +w["cswch/s"],
      procPerS: w && +w["proc/s"],
    };
  }

  const tcp = get("sar_net_tcp");
  if (tcp) {
    const e = sysstatTables(tcp, "atmptf/s").filter((r) => r._avg)[0];
    const t = sysstatTables(tcp, "active/s").filter((r) => r._avg)[0];
    o.sarTcp = {
      retransPerS: e && +e["retrans/s"],
      osegPerS: t && +t["oseg/s"],
      isegPerS: t && +t["iseg/s"],
    };
  }

  const nd = get("sar_net_dev");
  if (nd) {
    const dev = sysstatTables(nd, "IFACE").filter((r) => r._avg && r.IFACE !== "lo");
    o.sarNetDev = {};
    for (const r of dev) {
      const e = (o.sarNetDev[r.IFACE] ??= {});
      for (const k of [
        "rxpck/s",
        "txpck/s",
        "rxkB/s",
        "txkB/s",
        "rxdrop/s",
        "txdrop/s",
        "rxerr/s",
        "txerr/s",
      ]) {
        if (r[k] !== undefined) e[k] = +r[k];
      }
    }
    for (const [k, v] of Object.entries(o.sarNetDev)) {
      if (Object.values(v).every((x) => x === 0)) delete o.sarNetDev[k];
    }
  }

  const s0 = snmpTcp(get("net_snmp_start"));
  const s1 = snmpTcp(get("net_snmp_end"));
  if (s0.RetransSegs !== undefined && s1.RetransSegs !== undefined) {
    o.snmpTcpDelta = {
      RetransSegs: s1.RetransSegs - s0.RetransSegs,
      OutSegs: s1.OutSegs - s0.OutSegs,
    };
  }

  const d0 = netDev(get("net_dev_start"));
  const d1 = netDev(get("net_dev_end"));
  const drops = {};
  for (const [iface, e] of Object.entries(d1)) {
    const b = d0[iface];
    if (!b) continue;
    const delta = {
      rxDrop: e.rxDrop - b.rxDrop,
      txDrop: e.txDrop - b.txDrop,
      rxErrs: e.rxErrs - b.rxErrs,
      txErrs: e.txErrs - b.txErrs,
    };
    if (Object.values(delta).some((x) => x !== 0)) drops[iface] = delta;
  }
  if (Object.keys(drops).length) o.netDevDelta = drops;

  const cg = {};
  const delta = (name, key) => {
    const a = kv(get(`${name}_start`))[key];
    const b = kv(get(`${name}_end`))[key];
    return a !== undefined && b !== undefined ? b - a : undefined;
  };
  const single = (name) => {
    const t = get(name);
    if (t === undefined || !/^-?\d+\s*$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : t.trim(); // "unlimited" v1 limits stay exact, as strings
  };
  for (const k of [
    "nr_periods",
    "nr_throttled",
    "throttled_time",
    "throttled_usec",
    "usage_usec",
  ]) {
    const d = delta("cgroup_cpu_stat", k);
    if (d !== undefined) cg[`cpu.stat ${k} delta`] = d;
  }
  const quota = single("cgroup_cpu_cfs_quota_us_start");
  if (quota !== undefined) cg["cpu.cfs_quota_us"] = quota;
  const period = single("cgroup_cpu_cfs_period_us_start");
  if (period !== undefined) cg["cpu.cfs_period_us"] = period;
  const a0 = single("cgroup_cpuacct_usage_start");
  const a1 = single("cgroup_cpuacct_usage_end");
  if (a0 !== undefined && a1 !== undefined) cg["cpuacct.usage delta s"] = round((a1 - a0) / 1e9, 2);
  const f0 = single("cgroup_memory_failcnt_start");
  const f1 = single("cgroup_memory_failcnt_end");
  if (f0 !== undefined && f1 !== undefined) cg["memory.failcnt delta"] = f1 - f0;
  const oom = delta("cgroup_memory_oom_control", "oom_kill");
  if (oom !== undefined) cg["memory.oom_control oom_kill delta"] = oom;
  const lim = single("cgroup_memory_limit_in_bytes_start");
  if (lim !== undefined) cg["memory.limit_in_bytes"] = lim;
  const use = single("cgroup_memory_max_usage_in_bytes_end");
  if (use !== undefined) cg["memory.max_usage_in_bytes"] = use;
  if (Object.keys(cg).length) o.cgroup = cg;

  const v0 = kv(get("proc_vmstat_start"));
  const v1 = kv(get("proc_vmstat_end"));
  if (v0.oom_kill !== undefined)
    o.procVmstatDelta = { oom_kill: v1.oom_kill - v0.oom_kill, pswpout: v1.pswpout - v0.pswpout };

  const klog = get("dmesg") ?? get("journalctl_kernel");
  if (klog) {
    const start = Date.parse(manifest.capture.start) - 10_000;
    const end = Date.parse(manifest.capture.end) + 2_000;
    const inWindow = klog.split("\n").filter((l) => {
      const m = l.match(/^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]/);
      if (!m) return false;
      const t = Date.parse(m[1] + " UTC");
      return t >= start && t <= end;
    });
    o.kernelLogInWindow = {
      lines: inWindow.length,
      oomKills: inWindow.filter((l) => /Killed process|oom-kill:/.test(l)).length,
    };
  }

  const p1 = get("pressure_cpu_end");
  if (p1) {
    const psi = {};
    for (const r of ["cpu", "memory", "io"]) {
      const t = get(`pressure_${r}_end`) ?? "";
      const m = t.match(/some avg10=([\d.]+) avg60=([\d.]+)/);
      if (m) psi[`${r} some avg10/avg60`] = `${m[1]}/${m[2]}`;
    }
    o.psiEnd = psi;
  }
  return o;
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--scenario-re");
const reIdx = args.indexOf("--scenario-re");
const scenarioRe = reIdx >= 0 ? new RegExp(args[reIdx + 1]) : null;
if (!file) {
  process.stderr.write("usage: scenario-summary.mjs BUNDLE.tar.gz [--scenario-re REGEX]\n");
  process.exit(2);
}
const files = await readBundle(file);
const manifest = JSON.parse(files.get("manifest.json"));
const pid = manifest.commands.find((c) => c.name === "pidstat");
const result = {
  capture: {
    start: manifest.capture.start,
    end: manifest.capture.end,
    count: manifest.capture.count,
  },
  foreignCpu: pid?.file ? foreignCpu(files.get(pid.file), scenarioRe) : null,
  observed: observed(files, manifest),
  host: manifest.host,
};
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
