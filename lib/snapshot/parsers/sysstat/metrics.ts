/**
 * sar activities and their columns → normalized metrics (docs/design.md §2). One table serves both
 * `sar` text (column headers like `rxkB/s`) and `sadf -j` JSON (keys like `rxkB`), so the two give
 * the same metric names. Sizes become bytes (sar prints kB, 512-byte sectors or pages), rates stay
 * per second, percentages 0-100.
 */

export interface MetricDef {
  metric: string;
  unit: string;
  /** Multiplier from the printed value to the metric's unit (kB → bytes: 1024). */
  scale: number;
}

export interface Activity {
  id: string;
  /** Column names (sar text) any of which identifies the activity's header. */
  keys: readonly string[];
  /** The row label column in sar text (`CPU`, `IFACE`, `DEV`) and the label name it becomes. */
  labelColumn?: string;
  labelName?: string;
  /** JSON key of the row label in sadf -j items (`cpu`, `iface`, `disk-device`). */
  jsonLabel?: string;
  /** sar text column → metric. */
  columns: ReadonlyMap<string, MetricDef>;
  /** sadf -j key → metric. */
  json: ReadonlyMap<string, MetricDef>;
}

const KB = 1024;
const SECTOR = 512;
/** sar -W counts pages; x86-64 and arm64 (4k kernels) use 4096-byte pages. */
export const PAGE_SIZE = 4096;

type Row = readonly [
  sarColumn: string | undefined,
  jsonKey: string | undefined,
  metric: string,
  unit: string,
  scale?: number,
];

function activity(
  id: string,
  keys: readonly string[],
  rows: readonly Row[],
  label?: { column: string; name: string; json: string },
): Activity {
  const columns = new Map<string, MetricDef>();
  const json = new Map<string, MetricDef>();
  for (const [col, key, metric, unit, scale = 1] of rows) {
    const def: MetricDef = { metric, unit, scale };
    if (col !== undefined) columns.set(col, def);
    if (key !== undefined) json.set(key, def);
  }
  const a: Activity = { id, keys, columns, json };
  if (label) {
    a.labelColumn = label.column;
    a.labelName = label.name;
    a.jsonLabel = label.json;
  }
  return a;
}

const pct = "%";
const perS = "/s";
const bps = "B/s";
const bytes = "B";

export const CPU = activity(
  "cpu",
  ["%idle"],
  [
    ["%user", "user", "cpu.user_pct", pct],
    ["%usr", "usr", "cpu.user_pct", pct],
    ["%nice", "nice", "cpu.nice_pct", pct],
    ["%system", "system", "cpu.system_pct", pct],
    ["%sys", "sys", "cpu.system_pct", pct],
    ["%iowait", "iowait", "cpu.iowait_pct", pct],
    ["%steal", "steal", "cpu.steal_pct", pct],
    ["%irq", "irq", "cpu.irq_pct", pct],
    ["%soft", "soft", "cpu.softirq_pct", pct],
    ["%guest", "guest", "cpu.guest_pct", pct],
    ["%gnice", "gnice", "cpu.guest_nice_pct", pct],
    ["%idle", "idle", "cpu.idle_pct", pct],
  ],
  { column: "CPU", name: "cpu", json: "cpu" },
);

export const TASK = activity(
  "task",
  ["cswch/s", "proc/s"],
  [
    ["proc/s", "proc", "system.forks_per_s", perS],
    ["cswch/s", "cswch", "system.context_switches_per_s", perS],
  ],
);

export const SWAP_PAGES = activity(
  "swap-pages",
  ["pswpin/s"],
  [
    ["pswpin/s", "pswpin", "swap.in_bytes_per_s", bps, PAGE_SIZE],
    ["pswpout/s", "pswpout", "swap.out_bytes_per_s", bps, PAGE_SIZE],
  ],
);

export const PAGING = activity(
  "paging",
  ["pgpgin/s"],
  [
    // pgpgin/pgpgout are the kernel counters vmstat prints as bi/bo: same metric names.
    ["pgpgin/s", "pgpgin", "system.block_in_bytes_per_s", bps, KB],
    ["pgpgout/s", "pgpgout", "system.block_out_bytes_per_s", bps, KB],
    ["fault/s", "fault", "mem.faults_per_s", perS],
    ["majflt/s", "majflt", "mem.major_faults_per_s", perS],
    ["pgfree/s", "pgfree", "mem.pages_freed_per_s", perS],
    ["pgscank/s", "pgscank", "mem.pages_scanned_kswapd_per_s", perS],
    ["pgscand/s", "pgscand", "mem.pages_scanned_direct_per_s", perS],
    ["pgsteal/s", "pgsteal", "mem.pages_reclaimed_per_s", perS],
    ["%vmeff", "vmeff-percent", "mem.vm_efficiency_pct", pct],
  ],
);

/** sar -b: whole-system block I/O (no device), in 512-byte blocks. */
export const IO = activity(
  "io",
  ["bread/s", "rtps"],
  [
    ["tps", "tps", "io.transfers_per_s", perS],
    ["rtps", "rtps", "io.reads_per_s", perS],
    ["wtps", "wtps", "io.writes_per_s", perS],
    ["dtps", "dtps", "io.discards_per_s", perS],
    ["bread/s", "bread", "io.read_bytes_per_s", bps, SECTOR],
    ["bwrtn/s", "bwrtn", "io.write_bytes_per_s", bps, SECTOR],
    ["bdscd/s", "bdscd", "io.discard_bytes_per_s", bps, SECTOR],
  ],
);

export const MEMORY = activity(
  "memory",
  ["kbmemfree"],
  [
    ["kbmemfree", "memfree", "mem.free_bytes", bytes, KB],
    ["kbavail", "avail", "mem.available_bytes", bytes, KB],
    ["kbmemused", "memused", "mem.used_bytes", bytes, KB],
    ["%memused", "memused-percent", "mem.used_pct", pct],
    ["kbbuffers", "buffers", "mem.buffers_bytes", bytes, KB],
    ["kbcached", "cached", "mem.cached_bytes", bytes, KB],
    ["kbcommit", "commit", "mem.committed_bytes", bytes, KB],
    ["%commit", "commit-percent", "mem.commit_pct", pct],
    ["kbactive", "active", "mem.active_bytes", bytes, KB],
    ["kbinact", "inactive", "mem.inactive_bytes", bytes, KB],
    ["kbdirty", "dirty", "mem.dirty_bytes", bytes, KB],
    ["kbanonpg", "anonpg", "mem.anon_bytes", bytes, KB],
    ["kbslab", "slab", "mem.slab_bytes", bytes, KB],
    ["kbkstack", "kstack", "mem.kernel_stack_bytes", bytes, KB],
    ["kbpgtbl", "pgtbl", "mem.page_tables_bytes", bytes, KB],
    ["kbvmused", "vmused", "mem.vmalloc_used_bytes", bytes, KB],
    // sadf -j puts sar -S's values into "memory" too.
    [undefined, "swpfree", "mem.swap_free_bytes", bytes, KB],
    [undefined, "swpused", "mem.swap_used_bytes", bytes, KB],
    [undefined, "swpused-percent", "mem.swap_used_pct", pct],
    [undefined, "swpcad", "mem.swap_cached_bytes", bytes, KB],
    [undefined, "swpcad-percent", "mem.swap_cached_pct", pct],
  ],
);

export const SWAP = activity(
  "swap",
  ["kbswpfree"],
  [
    ["kbswpfree", undefined, "mem.swap_free_bytes", bytes, KB],
    ["kbswpused", undefined, "mem.swap_used_bytes", bytes, KB],
    ["%swpused", undefined, "mem.swap_used_pct", pct],
    ["kbswpcad", undefined, "mem.swap_cached_bytes", bytes, KB],
    ["%swpcad", undefined, "mem.swap_cached_pct", pct],
  ],
);

export const KERNEL = activity(
  "kernel",
  ["dentunusd"],
  [
    ["dentunusd", "dentunusd", "kernel.dentries_unused", "count"],
    ["file-nr", "file-nr", "kernel.file_handles", "count"],
    ["inode-nr", "inode-nr", "kernel.inodes", "count"],
    ["pty-nr", "pty-nr", "kernel.ptys", "count"],
  ],
);

export const QUEUE = activity(
  "queue",
  ["runq-sz"],
  [
    ["runq-sz", "runq-sz", "procs.running", "count"],
    ["plist-sz", "plist-sz", "procs.total", "count"],
    ["ldavg-1", "ldavg-1", "load.1m", ""],
    ["ldavg-5", "ldavg-5", "load.5m", ""],
    ["ldavg-15", "ldavg-15", "load.15m", ""],
    ["blocked", "blocked", "procs.blocked", "count"],
  ],
);

/** sar -q CPU/IO/MEM (sysstat 12.5+): pressure stall information. */
export const PSI = activity(
  "psi",
  ["%scpu-10", "%sio-10", "%smem-10"],
  [
    ["%scpu-10", undefined, "psi.cpu_some_avg10", pct],
    ["%scpu-60", undefined, "psi.cpu_some_avg60", pct],
    ["%scpu-300", undefined, "psi.cpu_some_avg300", pct],
    ["%scpu", undefined, "psi.cpu_some_pct", pct],
    ["%sio-10", undefined, "psi.io_some_avg10", pct],
    ["%sio-60", undefined, "psi.io_some_avg60", pct],
    ["%sio-300", undefined, "psi.io_some_avg300", pct],
    ["%sio", undefined, "psi.io_some_pct", pct],
    ["%fio-10", undefined, "psi.io_full_avg10", pct],
    ["%fio-60", undefined, "psi.io_full_avg60", pct],
    ["%fio-300", undefined, "psi.io_full_avg300", pct],
    ["%fio", undefined, "psi.io_full_pct", pct],
    ["%smem-10", undefined, "psi.memory_some_avg10", pct],
    ["%smem-60", undefined, "psi.memory_some_avg60", pct],
    ["%smem-300", undefined, "psi.memory_some_avg300", pct],
    ["%smem", undefined, "psi.memory_some_pct", pct],
    ["%fmem-10", undefined, "psi.memory_full_avg10", pct],
    ["%fmem-60", undefined, "psi.memory_full_avg60", pct],
    ["%fmem-300", undefined, "psi.memory_full_avg300", pct],
    ["%fmem", undefined, "psi.memory_full_pct", pct],
  ],
);

/** sadf -j "psi": {"psi-cpu": {...}, "psi-io": {...}, "psi-mem": {...}}: key → metric per resource. */
export const PSI_JSON: ReadonlyMap<string, ReadonlyMap<string, MetricDef>> = new Map(
  (
    [
      ["psi-cpu", "cpu"],
      ["psi-io", "io"],
      ["psi-mem", "memory"],
    ] as const
  ).map(([key, res]) => {
    const m = new Map<string, MetricDef>();
    for (const kind of ["some", "full"] as const) {
      for (const w of ["10", "60", "300"] as const)
        m.set(`${kind}_avg${w}`, { metric: `psi.${res}_${kind}_avg${w}`, unit: pct, scale: 1 });
      m.set(`${kind}_avg`, { metric: `psi.${res}_${kind}_pct`, unit: pct, scale: 1 });
    }
    return [key, m] as const;
  }),
);

/** sar -d: per device; sysstat ≤ 11 printed sectors (rd_sec/s, avgrq-sz), 12+ prints kB. */
export const DISK = activity(
  "disk",
  ["DEV"],
  [
    ["tps", "tps", "disk.transfers_per_s", perS],
    ["rkB/s", "rkB", "disk.read_bytes_per_s", bps, KB],
    ["wkB/s", "wkB", "disk.write_bytes_per_s", bps, KB],
    ["dkB/s", "dkB", "disk.discard_bytes_per_s", bps, KB],
    ["rd_sec/s", "rd_sec", "disk.read_bytes_per_s", bps, SECTOR],
    ["wr_sec/s", "wr_sec", "disk.write_bytes_per_s", bps, SECTOR],
    ["dc_sec/s", "dc_sec", "disk.discard_bytes_per_s", bps, SECTOR],
    ["areq-sz", "areq-sz", "disk.avg_request_bytes", bytes, KB],
    ["avgrq-sz", "avgrq-sz", "disk.avg_request_bytes", bytes, SECTOR],
    ["aqu-sz", "aqu-sz", "disk.queue_depth", ""],
    ["avgqu-sz", "avgqu-sz", "disk.queue_depth", ""],
    ["await", "await", "disk.await_ms", "ms"],
    ["svctm", "svctm", "disk.svctm_ms", "ms"],
    ["%util", "util-percent", "disk.util_pct", pct],
  ],
  { column: "DEV", name: "device", json: "disk-device" },
);

export const NET_DEV = activity(
  "net-dev",
  ["rxpck/s"],
  [
    ["rxpck/s", "rxpck", "net.rx_packets_per_s", perS],
    ["txpck/s", "txpck", "net.tx_packets_per_s", perS],
    ["rxkB/s", "rxkB", "net.rx_bytes_per_s", bps, KB],
    ["txkB/s", "txkB", "net.tx_bytes_per_s", bps, KB],
    ["rxcmp/s", "rxcmp", "net.rx_compressed_per_s", perS],
    ["txcmp/s", "txcmp", "net.tx_compressed_per_s", perS],
    ["rxmcst/s", "rxmcst", "net.rx_multicast_per_s", perS],
    ["%ifutil", "ifutil-percent", "net.util_pct", pct],
  ],
  { column: "IFACE", name: "iface", json: "iface" },
);

export const NET_EDEV = activity(
  "net-edev",
  ["rxerr/s"],
  [
    ["rxerr/s", "rxerr", "net.rx_errors_per_s", perS],
    ["txerr/s", "txerr", "net.tx_errors_per_s", perS],
    ["coll/s", "coll", "net.collisions_per_s", perS],
    ["rxdrop/s", "rxdrop", "net.rx_drops_per_s", perS],
    ["txdrop/s", "txdrop", "net.tx_drops_per_s", perS],
    ["txcarr/s", "txcarr", "net.tx_carrier_errors_per_s", perS],
    ["rxfram/s", "rxfram", "net.rx_frame_errors_per_s", perS],
    ["rxfifo/s", "rxfifo", "net.rx_fifo_errors_per_s", perS],
    ["txfifo/s", "txfifo", "net.tx_fifo_errors_per_s", perS],
  ],
  { column: "IFACE", name: "iface", json: "iface" },
);

export const NET_TCP = activity(
  "net-tcp",
  ["active/s"],
  [
    ["active/s", "active", "tcp.active_opens_per_s", perS],
    ["passive/s", "passive", "tcp.passive_opens_per_s", perS],
    ["iseg/s", "iseg", "tcp.in_segs_per_s", perS],
    ["oseg/s", "oseg", "tcp.out_segs_per_s", perS],
  ],
);

export const NET_ETCP = activity(
  "net-etcp",
  ["atmptf/s"],
  [
    ["atmptf/s", "atmptf", "tcp.attempt_fails_per_s", perS],
    ["estres/s", "estres", "tcp.estab_resets_per_s", perS],
    ["retrans/s", "retrans", "tcp.retrans_segs_per_s", perS],
    ["isegerr/s", "isegerr", "tcp.in_errs_per_s", perS],
    ["orsts/s", "orsts", "tcp.out_rsts_per_s", perS],
  ],
);

export const NET_SOCK = activity(
  "net-sock",
  ["totsck"],
  [
    ["totsck", "totsck", "net.sockets", "count"],
    ["tcpsck", "tcpsck", "tcp.sockets", "count"],
    ["udpsck", "udpsck", "udp.sockets", "count"],
    ["rawsck", "rawsck", "net.raw_sockets", "count"],
    ["ip-frag", "ip-frag", "net.ip_fragments_queued", "count"],
    ["tcp-tw", "tcp-tw", "tcp.timewait", "count"],
  ],
);

export const NET_UDP = activity(
  "net-udp",
  ["idgm/s"],
  [
    ["idgm/s", "idgm", "udp.in_datagrams_per_s", perS],
    ["odgm/s", "odgm", "udp.out_datagrams_per_s", perS],
    ["noport/s", "noport", "udp.no_ports_per_s", perS],
    ["idgmerr/s", "idgmerr", "udp.in_errors_per_s", perS],
  ],
);

/** sar text activities in the order their keys are tried. */
export const SAR_ACTIVITIES: readonly Activity[] = [
  CPU,
  DISK,
  NET_DEV,
  NET_EDEV,
  NET_ETCP,
  NET_TCP,
  NET_SOCK,
  NET_UDP,
  TASK,
  SWAP_PAGES,
  PAGING,
  IO,
  MEMORY,
  SWAP,
  KERNEL,
  QUEUE,
  PSI,
];

/** sadf -j top-level statistic keys (and under "network") → activity. */
export const JSON_ACTIVITIES: ReadonlyMap<string, Activity> = new Map([
  ["cpu-load", CPU],
  ["cpu-load-all", CPU],
  ["process-and-context-switch", TASK],
  ["swap-pages", SWAP_PAGES],
  ["paging", PAGING],
  ["io", IO],
  ["memory", MEMORY],
  ["kernel", KERNEL],
  ["queue", QUEUE],
  ["disk", DISK],
  ["net-dev", NET_DEV],
  ["net-edev", NET_EDEV],
  ["net-tcp", NET_TCP],
  ["net-etcp", NET_ETCP],
  ["net-sock", NET_SOCK],
  ["net-udp", NET_UDP],
]);

export const SYSTEM_INTERRUPTS: MetricDef = {
  metric: "system.interrupts_per_s",
  unit: perS,
  scale: 1,
};
export const SWAP_TOTAL: MetricDef = { metric: "mem.swap_total_bytes", unit: bytes, scale: KB };
