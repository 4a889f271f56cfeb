/**
 * Benchmark input (not a fixture): a collector bundle of a long 1-second capture of a many-CPU host,
 * in the exact text layout sysstat 12.6 and procps 4 print on these machines (header lines copied
 * from real captures in lib/snapshot/fixtures/bundles/light-load.tar.gz; each value right-aligned
 * under its column header, as sysstat does). Values follow smooth random walks with a daily cycle,
 * so they compress like real metrics rather than like noise or constants.
 *
 *   npx tsx scripts/bench/make-capture.ts [hours=24] [cpus=16] [out=bench-data/capture-24h.tar.gz]
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { mulberry32 } from "./rng";

const START = Date.parse("2026-11-30T00:00:05Z");

/** A bounded random walk with a daily cycle: busy afternoons, quiet nights. */
class Walk {
  private v: number;
  constructor(
    private readonly rand: () => number,
    private readonly lo: number,
    private readonly hi: number,
    private readonly step: number,
  ) {
    this.v = lo + (hi - lo) * rand();
  }
  next(t: number): number {
    const day = 0.5 + 0.5 * Math.sin((((t / 3_600_000) % 24) / 24) * 2 * Math.PI - Math.PI / 2);
    this.v += (this.rand() - 0.5) * this.step;
    this.v = Math.min(this.hi, Math.max(this.lo, this.v));
    return this.lo + (this.v - this.lo) * (0.4 + 0.6 * day);
  }
}

/** Renders values right-aligned so each ends where its header token ends (sysstat's layout). */
function aligner(header: string) {
  const ends: number[] = [];
  const re = /\S+/g;
  for (let m = re.exec(header); m; m = re.exec(header)) ends.push(m.index + m[0].length);
  return (cells: string[]): string => {
    let line = "";
    cells.forEach((c, i) => {
      const end = ends[i] ?? line.length + 1 + c.length;
      const pad = Math.max(1, end - line.length - c.length);
      line += " ".repeat(i === 0 ? Math.max(0, end - c.length) : pad) + c;
    });
    return line;
  };
}

const hhmmss = (t: number) => new Date(t).toISOString().slice(11, 19);
const f2 = (v: number) => v.toFixed(2);

interface Out {
  name: string;
  argv: string[];
  text: string[];
}

export async function makeCapture(
  hours = 24,
  cpus = 16,
  out = `bench-data/capture-${hours}h.tar.gz`,
): Promise<{ file: string; samples: number }> {
  const n = Math.round(hours * 3600);
  const rand = mulberry32(42);
  const header = `Linux 6.18.44-fc-v1272 (bench16) \t${new Date(START).toISOString().slice(0, 10)} \t_x86_64_\t(${cpus} CPU)`;
  let samples = 0;

  // mpstat -P ALL 1 N
  const mpHead =
    "16:55:06     CPU    %usr   %nice    %sys %iowait    %irq   %soft  %steal  %guest  %gnice   %idle";
  const mpRow = aligner(mpHead);
  const cpuWalks = Array.from({ length: cpus + 1 }, () => ({
    usr: new Walk(rand, 2, 85, 3),
    sys: new Walk(rand, 1, 15, 1),
    io: new Walk(rand, 0, 8, 0.8),
    st: new Walk(rand, 0, 3, 0.3),
  }));
  const mp: string[] = [header, ""];
  // iostat -xz -t 1 N
  const ioDevHead =
    "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util";
  const ioRow = aligner(ioDevHead);
  const devs = ["nvme0n1", "nvme1n1", "dm-0"];
  const devWalks = devs.map(() => Array.from({ length: 22 }, () => new Walk(rand, 0, 400, 20)));
  const io: string[] = [header, ""];
  // vmstat -t 1 N
  const vmHead =
    " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC";
  const vmRow = aligner(vmHead);
  const vm: string[] = [
    "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----",
    vmHead,
  ];
  // pidstat -u -d -r -w -h 1 N
  const pidHead =
    "# Time        UID       PID    %usr %system  %guest   %wait    %CPU   CPU  minflt/s  majflt/s     VSZ     RSS   %MEM   kB_rd/s   kB_wr/s kB_ccwr/s iodelay   cswch/s nvcswch/s  Command";
  // "# Time": the '#' is not a column; align on the header as if it were a space.
  const pidAlign = aligner(pidHead.replace("# Time", "  Time"));
  const pidRow = (cells: string[]) =>
    `${pidAlign(cells.slice(0, -1))}  ${cells[cells.length - 1] ?? ""}`;
  const procs = [
    [1201, "postgres"],
    [1202, "postgres"],
    [1450, "java"],
    [1688, "nginx"],
    [2001, "node"],
    [2304, "redis-server"],
    [3100, "kworker/u64:2-events_unbound"],
    [411, "systemd-journal"],
  ] as const;
  const procWalks = procs.map(() => Array.from({ length: 18 }, () => new Walk(rand, 0, 120, 4)));
  const pid: string[] = [header, "", pidHead];
  // sar -n DEV,EDEV 1 N and sar -q -w 1 N
  const devHead =
    "16:55:06        IFACE   rxpck/s   txpck/s    rxkB/s    txkB/s   rxcmp/s   txcmp/s  rxmcst/s   %ifutil";
  const edevHead =
    "16:55:06        IFACE   rxerr/s   txerr/s    coll/s  rxdrop/s  txdrop/s  txcarr/s  rxfram/s  rxfifo/s  txfifo/s";
  const devRowF = aligner(devHead);
  const edevRowF = aligner(edevHead);
  const ifaces = ["lo", "eth0", "eth1"];
  const netWalks = ifaces.map(() => Array.from({ length: 17 }, () => new Walk(rand, 0, 5000, 200)));
  const sarNet: string[] = [header, ""];
  const qHead = "16:55:06      runq-sz  plist-sz   ldavg-1   ldavg-5  ldavg-15   blocked";
  const wHead = "16:55:06       proc/s   cswch/s";
  const qRow = aligner(qHead);
  const wRow = aligner(wHead);
  const qWalks = Array.from({ length: 8 }, () => new Walk(rand, 0, cpus * 1.5, 1));
  const sarQ: string[] = [header, ""];

  for (let i = 0; i < n; i++) {
    const t = START + (i + 1) * 1000;
    const prev = hhmmss(t - 1000);
    const now = hhmmss(t);
    // mpstat
    mp.push(
      mpRow([
        prev,
        "CPU",
        "%usr",
        "%nice",
        "%sys",
        "%iowait",
        "%irq",
        "%soft",
        "%steal",
        "%guest",
        "%gnice",
        "%idle",
      ]).replace(/^\s+/, prev.padEnd(0)),
    );
    for (let c = 0; c <= cpus; c++) {
      const w = cpuWalks[c];
      if (!w) continue;
      const usr = w.usr.next(t);
      const sys = w.sys.next(t);
      const iow = w.io.next(t);
      const st = w.st.next(t);
      const idle = Math.max(0, 100 - usr - sys - iow - st);
      mp.push(
        mpRow([
          now,
          c === 0 ? "all" : String(c - 1),
          f2(usr),
          "0.00",
          f2(sys),
          f2(iow),
          "0.00",
          "0.31",
          f2(st),
          "0.00",
          "0.00",
          f2(idle),
        ]),
      );
      samples += 10;
    }
    mp.push("");
    // iostat
    const a = cpuWalks[0];
    io.push(new Date(t).toISOString().replace(/\.\d{3}Z$/, "+0000"));
    io.push("avg-cpu:  %user   %nice %system %iowait  %steal   %idle");
    io.push(
      `          ${[a?.usr.next(t) ?? 0, 0, a?.sys.next(t) ?? 0, a?.io.next(t) ?? 0, 0.1, 40].map((v) => f2(v).padStart(6)).join("  ")}`,
    );
    io.push("");
    io.push(ioDevHead);
    devs.forEach((d, k) => {
      const vals = (devWalks[k] ?? []).map((w) => w.next(t));
      vals[21] = Math.min(100, (vals[21] ?? 0) / 4);
      // Device names are left-justified; the numbers right-aligned under their headers.
      io.push(d.padEnd(13) + ioRow(["", ...vals.map(f2)]).slice(13));
      samples += 22;
    });
    samples += 6;
    io.push("", "");
    // vmstat
    const u = Math.round(a?.usr.next(t) ?? 0);
    const s = Math.round(a?.sys.next(t) ?? 0);
    const w = Math.round(a?.io.next(t) ?? 0);
    vm.push(
      vmRow([
        String(Math.round(qWalks[0]?.next(t) ?? 0)),
        "0",
        "0",
        String(20_000_000 + Math.round(rand() * 100000)),
        "12272",
        "1359556",
        "0",
        "0",
        String(Math.round(rand() * 500)),
        String(Math.round(rand() * 2000)),
        String(Math.round(8000 + rand() * 2000)),
        String(Math.round(20000 + rand() * 5000)),
        String(u),
        String(s),
        String(Math.max(0, 100 - u - s - w)),
        String(w),
        "0",
        `${new Date(t).toISOString().slice(0, 10)} ${now}`,
      ]),
    );
    samples += 16;
    // pidstat -h
    procs.forEach(([p, cmd], k) => {
      const ws = procWalks[k] ?? [];
      const v = ws.map((x) => x.next(t));
      pid.push(
        pidRow([
          now,
          "0",
          String(p),
          f2(v[0] ?? 0),
          f2((v[1] ?? 0) / 4),
          "0.00",
          "0.00",
          f2((v[0] ?? 0) + (v[1] ?? 0) / 4),
          String(k % cpus),
          f2(v[2] ?? 0),
          "0.00",
          "2097152",
          String(400000 + Math.round((v[3] ?? 0) * 1000)),
          "1.60",
          f2(v[4] ?? 0),
          f2(v[5] ?? 0),
          "0.00",
          "0",
          f2(v[6] ?? 0),
          f2(v[7] ?? 0),
          cmd,
        ]),
      );
      samples += 13;
    });
    // sar -n DEV,EDEV
    sarNet.push(
      devRowF([
        prev,
        "IFACE",
        "rxpck/s",
        "txpck/s",
        "rxkB/s",
        "txkB/s",
        "rxcmp/s",
        "txcmp/s",
        "rxmcst/s",
        "%ifutil",
      ]),
    );
    ifaces.forEach((f, k) => {
      const v = (netWalks[k] ?? []).map((x) => x.next(t));
      sarNet.push(
        devRowF([now, f, ...v.slice(0, 7).map(f2), f2(Math.min(100, (v[7] ?? 0) / 100))]),
      );
    });
    sarNet.push(
      "",
      edevRowF([
        prev,
        "IFACE",
        "rxerr/s",
        "txerr/s",
        "coll/s",
        "rxdrop/s",
        "txdrop/s",
        "txcarr/s",
        "rxfram/s",
        "rxfifo/s",
        "txfifo/s",
      ]),
    );
    ifaces.forEach((f) =>
      sarNet.push(
        edevRowF([
          now,
          f,
          "0.00",
          "0.00",
          "0.00",
          f2(rand() < 0.01 ? rand() * 3 : 0),
          "0.00",
          "0.00",
          "0.00",
          "0.00",
          "0.00",
        ]),
      ),
    );
    sarNet.push("");
    samples += ifaces.length * 13;
    // sar -q -w
    sarQ.push(
      wRow([prev, "proc/s", "cswch/s"]),
      wRow([now, f2(5 + rand() * 20), f2(20000 + rand() * 8000)]),
      "",
    );
    sarQ.push(qRow([prev, "runq-sz", "plist-sz", "ldavg-1", "ldavg-5", "ldavg-15", "blocked"]));
    sarQ.push(
      qRow([
        now,
        String(Math.round(qWalks[1]?.next(t) ?? 0)),
        "412",
        f2(qWalks[2]?.next(t) ?? 0),
        f2(qWalks[3]?.next(t) ?? 0),
        f2(qWalks[4]?.next(t) ?? 0),
        String(Math.round(rand() * 2)),
      ]),
      "",
    );
    samples += 8;
  }

  const outs: Out[] = [
    { name: "mpstat", argv: ["mpstat", "-P", "ALL", "1", String(n)], text: mp },
    { name: "iostat", argv: ["iostat", "-xz", "-t", "1", String(n)], text: io },
    { name: "vmstat", argv: ["vmstat", "-t", "1", String(n)], text: vm },
    { name: "pidstat", argv: ["pidstat", "-u", "-d", "-r", "-w", "-h", "1", String(n)], text: pid },
    { name: "sar_net_dev", argv: ["sar", "-n", "DEV,EDEV", "1", String(n)], text: sarNet },
    { name: "sar_queue", argv: ["sar", "-q", "-w", "1", String(n)], text: sarQ },
  ];
  const end = START + n * 1000;
  const manifest = {
    format: "warroom-snapshot/1",
    collector: { version: "bench" },
    host: {
      hostname: "bench16",
      kernel: "6.18.44-fc-v1272",
      os: "Debian GNU/Linux 12 (bookworm)",
      nCpu: cpus,
      memoryBytes: 68_719_476_736,
      environment: "bare-metal",
    },
    capture: {
      start: new Date(START).toISOString(),
      end: new Date(end).toISOString(),
      interval: 1,
      count: n,
      timezone: "Etc/UTC",
      locale: "C.UTF-8",
    },
    commands: outs.map((o) => ({
      name: o.name,
      argv: o.argv,
      file: `cmd/${o.name}.txt`,
      exitCode: 0,
      phase: "during",
      startedAt: new Date(START).toISOString(),
      endedAt: new Date(end).toISOString(),
    })),
  };
  await mkdir(path.dirname(out), { recursive: true });
  const p = pack();
  const gz = createGzip({ level: 6 });
  const done = pipeline(p, gz, createWriteStream(out));
  p.entry({ name: "manifest.json" }, JSON.stringify(manifest, null, 1));
  for (const o of outs) p.entry({ name: `cmd/${o.name}.txt` }, `${o.text.join("\n")}\n`);
  p.finalize();
  await done;
  return { file: out, samples };
}

if (process.argv[1]?.endsWith("make-capture.ts")) {
  const [h, c, o] = process.argv.slice(2);
  const started = Date.now();
  makeCapture(Number(h ?? 24), Number(c ?? 16), o).then(
    (r) =>
      console.log(
        `${r.file}: ~${r.samples} samples in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
