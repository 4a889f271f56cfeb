/**
 * Linux process helpers for the reliability benches: the process listening on a port, its
 * resident memory, a process tree, and killing a tree (all of it, or all but PostgreSQL).
 * Reads /proc; only ever signals processes below a pid the caller started.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function read(p: string): string | null {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
}

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const out = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (read(file) ?? "").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ip:port in hex; state 0A is LISTEN; inode is field 9.
      if (f[1]?.endsWith(`:${hex}`) && f[3] === "0A" && f[9]) out.add(f[9]);
    }
  }
  return out;
}

/** The pid of the process listening on `port`, from /proc (null when none is found). */
export function pidListeningOn(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m?.[1] && inodes.has(m[1])) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** Resident set size in bytes (VmRSS), and the peak so far (VmHWM); null when gone. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  const status = read(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
}

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid ...: comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    out.push({ pid: Number(entry), ppid, comm });
  }
  return out;
}

/** `root` and every process below it. */
export function processTree(root: number): ProcInfo[] {
  const all = processes();
  const tree: ProcInfo[] = [];
  const self = all.find((p) => p.pid === root);
  if (self) tree.push(self);
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const p of all) {
      if (p.ppid === parent) {
        tree.push(p);
        queue.push(p.pid);
      }
    }
  }
  return tree;
}

const isPostgres = (p: ProcInfo) =>
  p.comm === "postgres" || (read(`/proc/${p.pid}/cmdline`) ?? "").startsWith("postgres:");

/**
 * SIGKILL a process tree at once. `machine`: every process (a power cut: the app and PostgreSQL
 * with its backends); `node`: every process but PostgreSQL's (the app dies, the database lives
 * on as an orphan). Returns what was killed.
 */
export function killTree(root: number, mode: "machine" | "node"): ProcInfo[] {
  const tree = processTree(root).filter((p) => mode === "machine" || !isPostgres(p));
  for (const p of tree) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return tree;
}

/** Summed RSS of a process tree (the app server is several processes). */
export function treeRss(root: number): number {
  return processTree(root).reduce((a, p) => a + (memoryOf(p.pid)?.rss ?? 0), 0);
}
