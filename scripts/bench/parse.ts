/**
 * Parse benchmark (the issue's target: parse a 100 MB capture within 2x the time of
 * `awk '{n+=NF} END {print n}'` over the same input).
 *
 * Inputs are benchmark data, not fixtures, under bench-data/parse/ (gitignored), reused while their
 * size and generator version match:
 * - one file per tool: one REAL captured output from lib/snapshot/fixtures, its header printed
 *   once and its body repeated until the file reaches the size asked for, every copy's date and
 *   time text shifted past the previous copy's last sample (parse-repeat.ts), so no sample
 *   collides and every one is kept;
 * - the capture: a real collector bundle stretched the same way to the size asked for, all its
 *   files in the collector's proportions (parse-capture.ts), as a directory and as a .tar.gz.
 *
 * Timing: each run spawns awk (wall time; `zcat BUNDLE | awk ...` for the bundle, awk over every
 * file for the directory), then runs our side in-process: read + detect + parse + combine, what
 * the parse CLI does before it writes JSON (`parsePathParallel`: the capture's files on all cores;
 * "1 thread" rows: `parsePath`). One warm-up run first (JIT, page cache, worker threads started),
 * then `runs` rounds; the table shows the best of each side, their ratio, and the range of the
 * rounds' ratios (awk and ours of one round ran back to back, under the same load).
 */
import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ParseDocument } from "../../lib/snapshot/bundle";
import { parsePathParallel, type ParallelStats } from "../../lib/snapshot/parallel";
import { decodeText, readFileBytes } from "../../lib/snapshot/read-file";
import { parsePath } from "../../lib/snapshot/read-input";
import { ensureCapture, type Capture } from "./parse-capture";
import { writeRepeated } from "./parse-repeat";

const ROOT = path.join(import.meta.dirname, "..", "..");
const FIXTURES = path.join(ROOT, "lib", "snapshot", "fixtures");
/** Bump when the generated text changes, so old files are rebuilt. */
const GENERATOR_VERSION = 1;

export interface BenchInput {
  /** Tool the parser must detect. */
  tool: string;
  /** Fixture (under lib/snapshot/fixtures) and what it was captured with. */
  fixture: string;
  command: string;
  /** Lines printed once at the top (the sysstat `Linux ...` line, vmstat's two headers). */
  headLines: number;
  /** sadf -j: the body is the `statistics` array's entries, joined by commas. */
  json?: boolean;
}

export const BENCH_INPUTS: readonly BenchInput[] = [
  { tool: "mpstat", fixture: "mpstat/P_ALL.txt", command: "mpstat -P ALL 1 3", headLines: 2 },
  {
    tool: "iostat",
    fixture: "iostat/xz_t_en_us.txt",
    command: "iostat -xz -t 1 3 (en_US)",
    headLines: 2,
  },
  { tool: "sar", fixture: "sar/A.txt", command: "sar -A 1 1", headLines: 2 },
  {
    tool: "pidstat",
    fixture: "pidstat/udrw_h.txt",
    command: "pidstat -u -d -r -w -h 1 2",
    headLines: 2,
  },
  { tool: "vmstat", fixture: "vmstat/vmstat_t.txt", command: "vmstat -t 1 6", headLines: 2 },
  { tool: "free", fixture: "free/free_m_s1_c3.txt", command: "free -m -s 1 -c 3", headLines: 0 },
  {
    tool: "sadf",
    fixture: "sadf/j_A.txt",
    command: "sadf -j -- -A",
    headLines: 0,
    json: true,
  },
];

export interface BenchRow {
  /** Tool of a one-tool input, or `capture (...)`. */
  tool: string;
  MB: number;
  /** Best of the runs, each side. */
  awkMs: number;
  parseMs: number;
  /** parseMs / awkMs. */
  ratio: number;
  points: number;
  /** Lowest and highest ratio of one round (awk and ours back to back). */
  ratioRange?: [number, number];
}

/** Rows of {@link runParseBench} besides the tools: the capture as a directory and as a bundle. */
export const CAPTURE_ROWS = ["capture", "capture-1-thread"] as const;

export interface BenchOptions {
  /** Size of each input in MB (default 100). */
  mb?: number;
  /** Timed runs per side; the best counts (default 3). */
  runs?: number;
  /** Only these tools, and `capture` / `capture-1-thread` / `capture-floor` (default: all of them). */
  tools?: readonly string[];
  /** Where inputs are written (default bench-data/parse). */
  dir?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Building inputs

/** Head, repeated body, tail of one fixture. */
function split(input: BenchInput, text: string): { head: string; body: string; tail: string } {
  if (input.json) {
    const open = text.indexOf('"statistics": [');
    const close = text.lastIndexOf("]", text.indexOf('"restarts"'));
    if (open < 0 || close < 0) throw new Error(`${input.fixture}: no statistics array`);
    const start = open + '"statistics": ['.length;
    return {
      head: text.slice(0, start),
      body: text.slice(start, close).trimEnd(),
      tail: `\n\t\t\t${text.slice(close)}`,
    };
  }
  let at = 0;
  for (let i = 0; i < input.headLines; i++) at = text.indexOf("\n", at) + 1;
  const body = text.slice(at);
  return { head: text.slice(0, at), body: body.endsWith("\n") ? body : `${body}\n`, tail: "" };
}

/**
 * The fixture of `input` with its body repeated until about `bytes` bytes, each copy's times
 * shifted past the previous copy's; hands the text out in pieces. Returns the number of body copies.
 */
export function generateInput(
  input: BenchInput,
  bytes: number,
  write: (piece: string) => void,
): number {
  const text = readFileSync(path.join(FIXTURES, input.fixture), "utf8");
  const sep = input.json ? "," : input.tool === "free" ? "\n" : "";
  return writeRepeated({ ...split(input, text), sep }, { bytes }, write);
}

/** {@link generateInput} into a file; returns the number of body copies. */
export function buildInput(input: BenchInput, bytes: number, file: string): number {
  const fd = openSync(file, "w");
  try {
    return generateInput(input, bytes, (piece) => {
      writeSync(fd, piece);
    });
  } finally {
    closeSync(fd);
  }
}

async function ensureInput(input: BenchInput, mb: number, dir: string): Promise<string> {
  const file = path.join(dir, `${input.tool}-${mb}mb.txt`);
  const meta = `${file}.meta.json`;
  const want = JSON.stringify({ v: GENERATOR_VERSION, fixture: input.fixture, mb });
  if (existsSync(file) && existsSync(meta) && (await readFile(meta, "utf8")) === want) return file;
  buildInput(input, mb * 1024 * 1024, file);
  await writeFile(meta, want);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Timing

function timeCommand(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`${cmd} exited with ${code}`));
    });
  });
}

const AWK = "{n+=NF} END {print n}";

/** awk over the files, or over the bundle's unpacked stream. */
function awkOnce(files: readonly string[], gzip = false): Promise<number> {
  if (!gzip) return timeCommand("awk", [AWK, ...files]);
  return timeCommand("sh", ["-c", `zcat "$1" | awk '${AWK}'`, "sh", files[0] ?? ""]);
}

function pointsOf(doc: ParseDocument): number {
  let points = 0;
  for (const s of doc.series) points += s.times.length;
  return points;
}

const round = (v: number, digits = 0): number => Number(v.toFixed(digits));
/** `+12` / `-40`: a time relative to another. */
const signed = (v: number): string => `${v >= 0 ? "+" : ""}${round(v)}`;

interface Side {
  name: string;
  MB: number;
  awk: () => Promise<number>;
  /** Our read + parse: its time and the points it gave. */
  parse: () => Promise<{ ms: number; points: number }>;
}

/** One warm-up run, then `runs` rounds of awk and ours back to back. */
async function measure(side: Side, runs: number): Promise<BenchRow> {
  await side.parse();
  const awk: number[] = [];
  const ours: number[] = [];
  let points = 0;
  for (let i = 0; i < runs; i++) {
    awk.push(await side.awk());
    const r = await side.parse();
    ours.push(r.ms);
    points = r.points;
  }
  const ratios = ours.map((o, i) => o / (awk[i] ?? NaN));
  const awkMs = Math.min(...awk);
  const parseMs = Math.min(...ours);
  return {
    tool: side.name,
    MB: side.MB,
    awkMs: round(awkMs),
    parseMs: round(parseMs),
    ratio: round(parseMs / awkMs, 2),
    points,
    ratioRange: [round(Math.min(...ratios), 2), round(Math.max(...ratios), 2)],
  };
}

async function toolSide(input: BenchInput, mb: number, dir: string): Promise<Side> {
  const file = await ensureInput(input, mb, dir);
  const size = (await readFile(file)).byteLength;
  return {
    name: input.tool,
    MB: round(size / (1024 * 1024), 1),
    awk: () => awkOnce([file]),
    parse: async () => {
      const t0 = performance.now();
      const doc = await parsePath(file);
      const ms = performance.now() - t0;
      const first = doc.inputs[0];
      if (first?.tool !== input.tool || !first.ok)
        throw new Error(`${file}: read as ${String(first?.tool)}: ${first?.warnings.join("; ")}`);
      return { ms, points: pointsOf(doc) };
    },
  };
}

/** Our side of the capture: the CLI's parallel parse, or the in-thread one. */
function captureParse(
  p: string,
  threads: boolean,
  log: (line: string) => void,
): () => Promise<{ ms: number; points: number }> {
  return async () => {
    let stats: ParallelStats | undefined;
    const t0 = performance.now();
    const doc = threads
      ? await parsePathParallel(p, {}, undefined, { onStats: (s) => (stats = s) })
      : await parsePath(p);
    const ms = performance.now() - t0;
    const bad = doc.inputs.filter((i) => i.warnings.some((w) => /dropped|not after/.test(w)));
    if (bad.length > 0) throw new Error(`${p}: samples dropped in ${bad[0]?.path ?? ""}`);
    if (stats !== undefined) {
      const t = stats.ms;
      const split = t
        ? ` (prepare ${round(t.prepare)}, this thread ${round(t.main)}, ${t.workersDone === undefined ? "" : `workers done ${signed(t.workersDone)}, `}then waiting ${round(t.wait)}, combine ${round(t.combine)})`
        : "";
      log(
        `  ${path.basename(p)}: ${round(ms)} ms, ${stats.workers} worker(s)${stats.serial ? `, in this thread: ${stats.serial}` : ""}${split}`,
      );
    }
    return { ms, points: pointsOf(doc) };
  };
}

/**
 * What any parser in JavaScript pays at least: the parsers' own read and decode of each file
 * (read-file.ts), then one pass over its characters counting fields, as the awk program does. No
 * parsing, no storing: the ratio of this row is the floor of the capture rows' (1 thread).
 */
function jsFloor(files: readonly string[]): { ms: number; points: number } {
  const t0 = performance.now();
  let fields = 0;
  for (const file of files) {
    const text = decodeText(readFileBytes(file, Number.MAX_SAFE_INTEGER));
    let inField = false;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 32) {
        if (!inField) fields++;
        inField = true;
      } else inField = false;
    }
  }
  return { ms: performance.now() - t0, points: fields };
}

/** The capture's pidstat file as a share of its bytes, in percent (the 2-thread parse's longest job). */
function pidstatShare(c: Capture): number {
  let bytes = 0;
  for (const f of c.files) if (path.basename(f).startsWith("pidstat")) bytes += statSync(f).size;
  return Math.round((100 * bytes) / c.bytes);
}

/** Builds (or reuses) the inputs and times awk and our parse on each. */
export async function runParseBench(opts: BenchOptions = {}): Promise<BenchRow[]> {
  const mb = opts.mb ?? 100;
  const runs = Math.max(1, opts.runs ?? 3);
  const dir = opts.dir ?? path.join(ROOT, "bench-data", "parse");
  const log = opts.log ?? (() => undefined);
  const wanted = (name: string): boolean => opts.tools === undefined || opts.tools.includes(name);
  mkdirSync(dir, { recursive: true });
  const sides: Side[] = [];
  for (const input of BENCH_INPUTS)
    if (wanted(input.tool)) sides.push(await toolSide(input, mb, dir));
  if (wanted("capture") || wanted("capture-1-thread")) {
    const c = await ensureCapture(mb, dir);
    const MB = round(c.bytes / (1024 * 1024), 1);
    log(
      `capture: ${c.files.length} files, ${MB} MB (${round(c.seconds / 3600, 1)} h at 1 s), bundle ${round((await readFile(c.bundle)).byteLength / (1024 * 1024), 1)} MB, pidstat ${pidstatShare(c)}%`,
    );
    for (const threads of [true, false]) {
      if (!wanted(threads ? "capture" : "capture-1-thread")) continue;
      const suffix = threads ? "" : ", 1 thread";
      sides.push({
        name: `capture (directory${suffix})`,
        MB,
        awk: () => awkOnce(c.files),
        parse: captureParse(c.dir, threads, log),
      });
      sides.push({
        name: `capture (.tar.gz${suffix})`,
        MB,
        awk: () => awkOnce([c.bundle], true),
        parse: captureParse(c.bundle, threads, log),
      });
    }
    if (wanted("capture-floor"))
      sides.push({
        name: "floor: read + decode + count fields in JS (directory, 1 thread)",
        MB,
        awk: () => awkOnce(c.files),
        parse: () => Promise.resolve(jsFloor(c.files)),
      });
  }
  const rows: BenchRow[] = [];
  for (const side of sides) {
    const row = await measure(side, runs);
    log(
      `${row.tool}: ${row.MB} MB, awk ${row.awkMs} ms, parse ${row.parseMs} ms (x${row.ratio}, rounds x${row.ratioRange?.join("-x") ?? ""})`,
    );
    rows.push(row);
  }
  return rows;
}

/** The rows as a markdown table. */
export function benchTable(rows: readonly BenchRow[]): string {
  const out = [
    "| input | MB | awk ms | parse ms | ratio | ratio range | points |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const range = r.ratioRange === undefined ? "" : `${r.ratioRange[0]}–${r.ratioRange[1]}`;
    out.push(
      `| ${r.tool} | ${r.MB} | ${r.awkMs} | ${r.parseMs} | ${r.ratio} | ${range} | ${r.points.toLocaleString("en-US")} |`,
    );
  }
  return out.join("\n");
}
