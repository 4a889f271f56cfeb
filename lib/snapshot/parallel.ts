/**
 * Node side: a snapshot's files parsed on several cores. The files are spread over worker threads
 * (parse-worker.ts) largest first (each to the least loaded thread, by bytes), this thread taking a
 * share too; each worker sends its outcomes back with their columns in one transferred
 * Float64Array (transfer.ts), turned back into the plain series the rest of the code expects, and
 * this thread combines them in the files' order. The document is the one {@link parseSnapshot}
 * gives: same plan, same parser calls, same combine (bundle.ts), only where the parsers run differs.
 *
 * Workers load TypeScript: when this file runs as TypeScript (tsx, Vitest) the worker is bundled
 * in memory with esbuild (it comes with tsx) and started from that code, since a worker thread does
 * not inherit tsx's loader hooks; without esbuild, tsx is registered inside the worker. When no
 * worker can start, or the input is small (starting threads costs more than it saves), everything
 * is parsed in this thread. A worker that fails mid-way makes the whole input parse again in this
 * thread, so the result never depends on the threads.
 *
 * Workers stay up between calls (a pool, not keeping the process alive when idle):
 * {@link closeParsePool} ends them.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { createReadStream, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { build as EsbuildBuild } from "esbuild";
import {
  finishSnapshot,
  parseJob,
  parseSnapshot,
  planSnapshot,
  type FileJob,
  type InputFile,
  type ParseDocument,
  type ParseOptions,
  type ParseOutcome,
} from "./bundle";
import type { Manifest } from "./manifest";
import type { WorkerJob, WorkerReply } from "./parse-worker";
import { bytesFile, decodeText, diskFile, readFileBytes } from "./read-file";
import {
  DEFAULT_LIMITS,
  listDirectory,
  manifestOf,
  readBundleEntries,
  parsePath,
  startsWithGzipMagic,
  withInputWarnings,
  type ReadLimits,
} from "./read-input";
import { unpackOutcome } from "./transfer";

export interface ParallelOptions {
  /**
   * Worker threads. Default: one less than the cores (this thread parses too), at least one, at
   * most one per file besides this thread's. 0: everything in this thread.
   */
  workers?: number;
  /** Inputs smaller than this in all (bytes) are parsed in this thread. Default 5 MB. */
  minBytes?: number;
  /** This thread parses a share of the files too (default true); false leaves it to the workers. */
  mainThread?: boolean;
  /** How the work was spread, for benchmarks. */
  onStats?: (stats: ParallelStats) => void;
}

export interface ParallelStats {
  /** Threads that parsed (0 when everything ran in this thread). */
  workers: number;
  /** Bytes parsed by this thread and by each worker. */
  mainBytes: number;
  workerBytes: number[];
  /** Why everything ran in this thread, when it did. */
  serial?: string;
  /**
   * Milliseconds: until the files were ready to hand out (listing, unpacking), this thread's own
   * parsing, then waiting for the workers' last outcome (and taking their outcomes in), and
   * combining. `workersDone`: when the workers had their last outcome ready, from the end of this
   * thread's parsing (negative: before it, the workers then idle; the wait is then the taking in).
   */
  ms?: { prepare: number; main: number; wait: number; combine: number; workersDone?: number };
}

const DEFAULT_MIN_BYTES = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Starting workers

type WorkerFactory = () => Worker;

let factory: Promise<WorkerFactory | undefined> | undefined;

/** How to start a parse worker here, once per process; undefined when none can start. */
function workerFactory(): Promise<WorkerFactory | undefined> {
  factory ??= makeFactory().catch(() => undefined);
  return factory;
}

async function makeFactory(): Promise<WorkerFactory | undefined> {
  const self = import.meta.url;
  const ext = path.extname(fileURLToPath(self));
  if (ext !== ".ts") {
    // Compiled JavaScript: the worker file sits beside this one.
    const url = new URL(`./parse-worker${ext}`, self);
    return () => new Worker(url);
  }
  const entry = fileURLToPath(new URL("./parse-worker.ts", self));
  const code = await bundleWorker(entry);
  if (code !== undefined) return () => new Worker(code, { eval: true });
  // No esbuild: tsx's require hook inside the worker (slower to start).
  const boot = `require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`;
  return () => new Worker(boot, { eval: true });
}

/** The worker and everything it imports as one CommonJS script, or undefined without esbuild. */
async function bundleWorker(entry: string): Promise<string | undefined> {
  let build: typeof EsbuildBuild;
  try {
    ({ build } = await import("esbuild"));
  } catch {
    return undefined;
  }
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]?.text;
}

interface Pending {
  resolve: (r: WorkerOutcome) => void;
  reject: (err: Error) => void;
}

/** A worker's outcome, and when the worker had it ready (ms since the epoch). */
interface WorkerOutcome {
  outcome: ParseOutcome;
  doneAt: number;
}

/** One worker thread and the jobs it has not answered yet. */
class PoolWorker {
  readonly pending = new Map<number, Pending>();
  dead: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on("message", (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ("error" in reply) p.reject(new Error(reply.error));
      else p.resolve({ outcome: unpackOutcome(reply.packed), doneAt: reply.doneAt });
    });
    const fail = (err: Error): void => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`parse worker exited with ${code}`)));
    // Idle workers do not keep the process alive (after the listeners: adding one refs it).
    worker.unref();
  }

  run(job: Omit<WorkerJob, "id">, transfer: ArrayBuffer[]): Promise<WorkerOutcome> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    const id = nextId++;
    const msg: WorkerJob = { id, ...job };
    return new Promise<WorkerOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(msg, transfer);
    });
  }
}

let nextId = 1;
const pool: PoolWorker[] = [];
/** Counts {@link closeParsePool} calls: a start that was pending then does not go on. */
let generation = 0;

/** `n` live workers (started when missing), or undefined when workers cannot start here. */
async function workersFor(n: number): Promise<PoolWorker[] | undefined> {
  const gen = generation;
  const make = await workerFactory();
  if (make === undefined || gen !== generation) return undefined;
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i]?.dead !== undefined) pool.splice(i, 1);
  while (pool.length < n) pool.push(new PoolWorker(make()));
  return pool.slice(0, n);
}

/** Starts the workers ahead of use (e.g. while the input is being read). */
export function warmParsePool(workers?: number, mainThread = true): void {
  void workersFor(workers ?? defaultWorkers(Infinity, mainThread));
}

/** Ends the pool's workers. */
export async function closeParsePool(): Promise<void> {
  generation++;
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((p) => p.worker.terminate()));
}

function defaultWorkers(files: number, mainThread: boolean): number {
  const cores = availableParallelism();
  const want = mainThread ? cores - 1 : cores;
  return Math.max(1, Math.min(want, mainThread ? files - 1 : files));
}

// ---------------------------------------------------------------------------------------------
// Spreading the files

/** One file to parse: its job, its size, and how a thread gets its text. */
interface Source {
  job: FileJob;
  bytes: number;
  /** The file, in this thread. */
  file: () => InputFile;
  /** The message fields that give a worker the text, and what to transfer with them. */
  forWorker: () => { msg: Omit<WorkerJob, "id" | "job">; transfer: ArrayBuffer[] };
}

class WorkerFailed extends Error {}

/**
 * Runs the jobs: largest first, each to the thread with the fewest bytes so far (this thread
 * first on ties when it takes part). Outcomes in the jobs' order. Throws {@link WorkerFailed}
 * when a worker failed; the caller then parses everything in this thread.
 */
async function runSources(
  sources: readonly Source[],
  par: ParallelOptions,
  stats: ParallelStats,
): Promise<ParseOutcome[]> {
  const mainThread = par.mainThread ?? true;
  const n = par.workers ?? defaultWorkers(sources.length, mainThread);
  const workers = n > 0 ? await workersFor(n) : undefined;
  const outcomes: (ParseOutcome | undefined)[] = new Array<ParseOutcome | undefined>(
    sources.length,
  );
  if (workers === undefined || workers.length === 0) {
    stats.serial = n > 0 ? "no worker could start" : "workers: 0";
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      if (s !== undefined) outcomes[i] = parseJob(s.job, s.file());
    }
    stats.mainBytes = sources.reduce((a, s) => a + s.bytes, 0);
    return outcomes.map((o) => o ?? failed());
  }
  const slots = (mainThread ? 1 : 0) + workers.length;
  const load = new Array<number>(slots).fill(0);
  const assigned: number[][] = Array.from({ length: slots }, () => []);
  const order = sources
    .map((_, i) => i)
    .sort((a, b) => (sources[b]?.bytes ?? 0) - (sources[a]?.bytes ?? 0) || a - b);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < slots; k++) if ((load[k] ?? 0) < (load[best] ?? 0)) best = k;
    load[best] = (load[best] ?? 0) + (sources[i]?.bytes ?? 0);
    assigned[best]?.push(i);
  }
  stats.workers = workers.length;
  stats.mainBytes = mainThread ? (load[0] ?? 0) : 0;
  stats.workerBytes = load.slice(mainThread ? 1 : 0);

  // Workers first (their messages wait in their queues), then this thread's share.
  const waits: Promise<void>[] = [];
  let lastDone = -Infinity;
  workers.forEach((w, k) => {
    for (const i of assigned[k + (mainThread ? 1 : 0)] ?? []) {
      const s = sources[i];
      if (s === undefined) continue;
      const { msg, transfer } = s.forWorker();
      waits.push(
        w.run({ job: s.job, ...msg }, transfer).then(
          (r) => {
            outcomes[i] = r.outcome;
            lastDone = Math.max(lastDone, r.doneAt);
          },
          (err: unknown) => {
            throw new WorkerFailed(err instanceof Error ? err.message : String(err));
          },
        ),
      );
    }
  });
  const settled = Promise.allSettled(waits);
  const t0 = performance.now();
  if (mainThread) {
    for (const i of assigned[0] ?? []) {
      const s = sources[i];
      if (s !== undefined) outcomes[i] = parseJob(s.job, s.file());
    }
  }
  const t1 = performance.now();
  for (const r of await settled) if (r.status === "rejected") throw r.reason;
  stats.ms = {
    prepare: 0,
    main: t1 - t0,
    wait: performance.now() - t1,
    combine: 0,
  };
  if (Number.isFinite(lastDone)) stats.ms.workersDone = lastDone - (performance.timeOrigin + t1);
  return outcomes.map((o) => o ?? failed());
}

function failed(): never {
  throw new WorkerFailed("a file has no outcome");
}

/**
 * A job whose file is in memory, the caller's: workers get a copy of its bytes, or of its text
 * (strings cannot be transferred).
 */
function fileInMemory(job: FileJob, f: InputFile): Source {
  const bytes = f.bytes instanceof Uint8Array ? f.bytes : undefined;
  return {
    job,
    bytes: bytes?.length ?? f.text.length,
    file: () => f,
    forWorker: () =>
      bytes === undefined
        ? { msg: { text: f.text }, transfer: [] }
        : { msg: { bytes: new Uint8Array(bytes) }, transfer: [] },
  };
}

/** A job whose bytes are in memory: moved to the worker (they are gone from here afterwards). */
function bytesSource(job: FileJob, data: Buffer): Source {
  return {
    job,
    bytes: data.byteLength,
    file: () => bytesFile(job.path, data),
    forWorker: () => {
      // A buffer of its own is moved; a slice of a shared pool is copied first.
      const own =
        data.byteOffset === 0 && data.buffer.byteLength === data.byteLength
          ? data
          : new Uint8Array(data);
      const buffer = own.buffer;
      return {
        msg: { bytes: own },
        transfer: buffer instanceof ArrayBuffer ? [buffer] : [],
      };
    },
  };
}

/** A job whose file is on disk: each thread reads its own files. */
function fileSource(job: FileJob, file: string, size: number, maxBytes: number): Source {
  return {
    job,
    bytes: size,
    file: () => diskFile(job.path, file, maxBytes),
    forWorker: () => ({ msg: { file, maxBytes }, transfer: [] }),
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * {@link parseSnapshot} on several threads: the same document. Texts are copied to the workers;
 * {@link parsePathParallel} avoids that for files and bundles.
 */
export async function parseSnapshotParallel(
  files: readonly InputFile[],
  manifest: Manifest | undefined,
  opts: ParseOptions = {},
  par: ParallelOptions = {},
): Promise<ParseDocument> {
  const stats: ParallelStats = { workers: 0, mainBytes: 0, workerBytes: [] };
  let size = 0;
  for (const f of files) size += f.bytes instanceof Uint8Array ? f.bytes.length : f.text.length;
  if (files.length < 2 || size < (par.minBytes ?? DEFAULT_MIN_BYTES) || par.workers === 0) {
    stats.serial = files.length < 2 ? "one file" : par.workers === 0 ? "workers: 0" : "small input";
    stats.mainBytes = size;
    par.onStats?.(stats);
    return parseSnapshot(files, manifest, opts);
  }
  const plan = planSnapshot(
    files.map((f) => f.path),
    manifest,
    opts,
  );
  const sources: Source[] = [];
  files.forEach((f, i) => {
    const job = plan.jobs[i];
    if (job !== undefined) sources.push(fileInMemory(job, f));
  });
  try {
    const outcomes = await runSources(sources, par, stats);
    par.onStats?.(stats);
    return finishSnapshot(plan, outcomes);
  } catch (err) {
    if (!(err instanceof WorkerFailed)) throw err;
    par.onStats?.({ ...stats, serial: `worker failed: ${err.message}` });
    return parseSnapshot(files, manifest, opts);
  }
}

/**
 * read-input's `parsePath` on several threads: the same document, or the same error. A directory's
 * files are read by the threads that parse them; a bundle is unpacked here and its files' bytes
 * moved to the workers. One file, small inputs, and anything out of the ordinary (a limit reached,
 * a bad manifest, an unreadable entry) take the in-thread path, which gives the exact error.
 */
export async function parsePathParallel(
  p: string,
  opts: ParseOptions = {},
  limits: ReadLimits = DEFAULT_LIMITS,
  par: ParallelOptions = {},
): Promise<ParseDocument> {
  const start = performance.now();
  const stats: ParallelStats = { workers: 0, mainBytes: 0, workerBytes: [] };
  const serial = async (why: string): Promise<ParseDocument> => {
    const doc = await parsePath(p, opts, limits);
    par.onStats?.({ ...stats, serial: why });
    return doc;
  };
  if (par.workers === 0) return serial("workers: 0");
  const minBytes = par.minBytes ?? DEFAULT_MIN_BYTES;
  let st;
  try {
    st = statSync(p);
  } catch {
    return serial("cannot stat");
  }
  if (!st.isFile() && !st.isDirectory()) return serial("not a file or directory");
  // One tool output: nothing to spread. (A bundle's size counts once unpacked.)
  if (st.isFile()) {
    let gzip: boolean;
    try {
      gzip = startsWithGzipMagic(p);
    } catch {
      return serial("cannot read");
    }
    if (!gzip) return serial("one file");
  }
  // Workers start while the input is read (a bundle unpacks to 5-20 times its size).
  const warm = (): void => warmParsePool(par.workers, par.mainThread);
  if (st.isFile() && st.size * 20 >= minBytes) warm();
  let prepared: Prepared | string;
  try {
    prepared = st.isDirectory()
      ? directorySources(p, opts, limits, minBytes, warm)
      : await bundleSources(p, opts, limits, minBytes);
  } catch {
    // Anything out of the ordinary: the in-thread path gives the exact error (or document).
    return serial("unusual input");
  }
  if (typeof prepared === "string") return serial(prepared);
  if ("doc" in prepared) {
    par.onStats?.({ ...stats, serial: "small input", mainBytes: prepared.bytes });
    return prepared.doc;
  }
  const ready = performance.now();
  try {
    const outcomes = await runSources(prepared.sources, par, stats);
    const t = performance.now();
    const doc = withInputWarnings(finishSnapshot(prepared.plan, outcomes), prepared.warnings);
    if (stats.ms !== undefined) {
      stats.ms.prepare = ready - start;
      stats.ms.combine = performance.now() - t;
    }
    par.onStats?.(stats);
    return doc;
  } catch (err) {
    if (err instanceof WorkerFailed) return serial(`worker failed: ${err.message}`);
    throw err;
  }
}

/** Files ready for {@link runSources}, or (small bundles) the document already parsed here. */
type Prepared =
  | { plan: ReturnType<typeof planSnapshot>; sources: Source[]; warnings?: string[] }
  | { doc: ParseDocument; bytes: number };

function directorySources(
  dir: string,
  opts: ParseOptions,
  limits: ReadLimits,
  minBytes: number,
  warm: () => void,
): Prepared | string {
  const skipped: string[] = [];
  const names = listDirectory(dir, limits, skipped);
  // Synchronous, like the reads (read-file.ts): 60 stats through the thread pool and the listing
  // kept the threads from starting for 3 to 23 ms; these take about 1.
  const sizes = names.map((r) => statSync(path.join(dir, r)).size);
  let total = 0;
  for (const s of sizes) {
    if (s > limits.maxEntryBytes) return "a file over the limit";
    total += s;
  }
  if (total > limits.maxTotalBytes) return "over the size limit";
  if (total < minBytes) return "small input";
  warm();
  let manifest: Manifest | undefined;
  const paths: string[] = [];
  const files: { file: string; size: number }[] = [];
  for (let i = 0; i < names.length; i++) {
    const r = names[i] ?? "";
    if (r === "manifest.json") {
      manifest = manifestOf(decodeText(readFileBytes(path.join(dir, r), limits.maxEntryBytes)));
      continue;
    }
    paths.push(r);
    files.push({ file: path.join(dir, r), size: sizes[i] ?? 0 });
  }
  if (paths.length < 2) return "one file";
  const plan = planSnapshot(paths, manifest, opts);
  const sources = plan.jobs.map((job, i) =>
    fileSource(job, files[i]?.file ?? "", files[i]?.size ?? 0, limits.maxEntryBytes),
  );
  return { plan, sources, warnings: skipped };
}

async function bundleSources(
  file: string,
  opts: ParseOptions,
  limits: ReadLimits,
  minBytes: number,
): Promise<Prepared | string> {
  const { entries, manifest, paths } = await readBundleEntries(createReadStream(file), limits);
  let total = 0;
  for (const name of paths) total += entries.get(name)?.byteLength ?? 0;
  const data = (name: string): Buffer => entries.get(name) ?? Buffer.alloc(0);
  if (total < minBytes || paths.length < 2) {
    // What read-input's readBundle gives, parsed here.
    const files = paths.map((name) => bytesFile(name, data(name)));
    return { doc: parseSnapshot(files, manifest, opts), bytes: total };
  }
  const plan = planSnapshot(paths, manifest, opts);
  const sources = plan.jobs.map((job, i) => bytesSource(job, data(paths[i] ?? "")));
  return { plan, sources };
}
