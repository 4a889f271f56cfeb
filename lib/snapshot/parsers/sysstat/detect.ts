/**
 * Telling the sysstat text outputs apart. iostat, mpstat, pidstat and sar all print the same first
 * line (`Linux 6.18.44 (vm) 	12/04/26 	_x86_64_	(2 CPU)`), so the column headers decide:
 *
 * - iostat: `avg-cpu:` and `Device` header rows that carry no time of day;
 * - pidstat: a header with `PID` (or `TGID`) and `Command`;
 * - mpstat: the CPU table orders `%irq %soft` before `%steal` (sar -u ALL puts `%steal` first and
 *   plain sar -u has no `%irq`), old mpstat appends `intr/s` to it, and mpstat alone prints
 *   `NODE` tables and the `CPU intr/s` / `CPU HI/s ...` interrupt tables;
 * - sar: every other activity header (`kbmemfree`, `IFACE`, `runq-sz`, `LINUX RESTART` ...), or
 *   a CPU header with `%system` or with `%steal` before `%irq`.
 *
 * Only the first lines are read.
 */
import { Fields, headLines, parseSysstatHeader, timeFieldCount } from "./common";
import { SAR_ACTIVITIES } from "./metrics";

export interface SysstatScores {
  iostat: number;
  mpstat: number;
  pidstat: number;
  sar: number;
}

const IOSTAT_DEVICE_COLUMNS = new Set([
  "tps",
  "r/s",
  "w/s",
  "rrqm/s",
  "rkB/s",
  "rMB/s",
  "rsec/s",
  "kB_read/s",
  "MB_read/s",
  "Blk_read/s",
  "%util",
  "kB/s",
]);

const PER_IRQ = /^\d+\/s$/;

function sarActivityOf(cols: readonly string[]): string | undefined {
  for (const a of SAR_ACTIVITIES) {
    for (const k of a.keys) if (cols.includes(k)) return a.id;
  }
  return undefined;
}

/** One pass over the head: what each of the four text tools' detectors would say. */
export function scoreSysstat(text: string): SysstatScores {
  const s: SysstatScores = { iostat: 0, mpstat: 0, pidstat: 0, sar: 0 };
  const lines = headLines(text);
  const f = new Fields();
  let header = false;
  for (const line of lines) {
    const n = f.scan(line);
    if (n === 0) continue;
    if (parseSysstatHeader(line)) {
      header = true;
      continue;
    }
    const first = f.text(0);
    if (first === "avg-cpu:") {
      s.iostat = Math.max(s.iostat, 0.95);
      continue;
    }
    if (first === "Device:" || first === "Device") {
      let known = 0;
      for (let i = 1; i < n; i++) if (IOSTAT_DEVICE_COLUMNS.has(f.text(i))) known++;
      if (known > 0) s.iostat = Math.max(s.iostat, 0.95);
      continue;
    }
    // pidstat -h: `# Time UID PID ... Command`
    let tc = timeFieldCount(f);
    if (first === "#" && f.text(1) === "Time") tc = 2;
    else if (first === "#Time" || (first === "#" && n > 1)) tc = 1;
    if (tc === 0) {
      if (f.text(0).endsWith(":") && f.text(1) === "CPU")
        tc = 1; // `Average:  CPU ...`
      else continue;
    }
    const cols: string[] = [];
    let numeric = false;
    for (let i = tc; i < n; i++) {
      const t = f.text(i);
      cols.push(t);
      if (f.num(i) !== undefined) numeric = true;
    }
    if (cols[0] === "LINUX" && cols[1] === "RESTART") {
      s.sar = Math.max(s.sar, 0.9);
      continue;
    }
    if (numeric) continue;
    if ((cols.includes("PID") || cols.includes("TGID")) && cols[cols.length - 1] === "Command") {
      s.pidstat = Math.max(s.pidstat, 0.98);
      continue;
    }
    const c1 = cols[1] ?? "";
    if (
      cols[0] === "NODE" ||
      (cols[0] === "CPU" && (c1 === "intr/s" || c1 === "HI/s" || PER_IRQ.test(c1)))
    ) {
      // mpstat -I / -N tables (sar's interrupt table is headed INTR, its softnet table CPU total/s).
      s.mpstat = Math.max(s.mpstat, 0.95);
      continue;
    }
    if (cols[0] === "CPU" && cols.includes("%idle")) {
      const irq = cols.indexOf("%irq");
      const steal = cols.indexOf("%steal");
      if (cols.includes("intr/s") || (irq >= 0 && steal >= 0 && irq < steal))
        s.mpstat = Math.max(s.mpstat, 0.95);
      else s.sar = Math.max(s.sar, 0.9);
      continue;
    }
    if (cols.includes("INTR")) {
      s.sar = Math.max(s.sar, 0.9);
      continue;
    }
    const act = sarActivityOf(cols);
    if (act !== undefined && act !== "cpu") {
      s.sar = Math.max(s.sar, 0.95);
      continue;
    }
    if (cols.some((c) => c.endsWith("/s") || c.startsWith("%") || c.startsWith("kb")))
      s.sar = Math.max(s.sar, 0.6);
  }
  if (header) {
    // The shared first line alone says "one of the sysstat tools".
    for (const k of ["iostat", "mpstat", "pidstat", "sar"] as const) s[k] = Math.max(s[k], 0.2);
  }
  return s;
}
