/**
 * Parse benchmark (the target: parse a 100 MB capture within 2x the time of
 * `awk '{n+=NF} END {print n}'` over the same file).
 *
 * Inputs are benchmark data, not fixtures: each is one REAL captured output from
 * lib/snapshot/fixtures, its header printed once and its body repeated until the file reaches the
 * size asked for. Every copy's date and time text is shifted past the previous copy's last sample
 * (times of day wrap at midnight, which the parsers read as the next day), so no sample collides
 * and every one is kept. Files go to bench-data/ (gitignored) and are reused while their size and
 * generator version match.
 *
 * Timing: awk is spawned (wall time, best of `runs`); our side runs in-process, read + detect +
 * parse + combine through `parsePath` (what the parse CLI does before it writes JSON), best of
 * `runs` after one warm-up run.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parsePath } from "../../lib/snapshot/read-input";

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
  tool: string;
  MB: number;
  awkMs: number;
  parseMs: number;
  ratio: number;
  points: number;
}

export interface BenchOptions {
  /** Size of each input in MB (default 100). */
  mb?: number;
  /** Timed runs per side; the best counts (default 3). */
  runs?: number;
  /** Only these tools (default: all of {@link BENCH_INPUTS}). */
  tools?: readonly string[];
  /** Where inputs are written (default bench-data/parse). */
  dir?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Building inputs

type TimeKind = "iso" | "datetime" | "us" | "tod" | "tod12" | "json";

interface Template {
  /** Literal text pieces; `times[i]` goes between `parts[i]` and `parts[i + 1]`. */
  parts: string[];
  times: { kind: TimeKind; seconds: number }[];
  /** Seconds from the body's first time to one past its last. */
  span: number;
}

const TIME_RE = new RegExp(
  [
    /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.source, // iostat -t ISO
    /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/.source, // vmstat -t
    /(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([AP]M)/.source, // iostat -t en_US
    /"date": "(\d{4})-(\d{2})-(\d{2})", "time": "(\d{2}):(\d{2}):(\d{2})"/.source, // sadf -j
    /(?<=^|\n)(\d{2}):(\d{2}):(\d{2})( [AP]M)?/.source, // sysstat time of day
  ].join("|"),
  "g",
);

function n(s: string | undefined): number {
  return Number(s ?? "0");
}

function hours12(h: number, meridiem: string): number {
  if (meridiem === "AM") return h === 12 ? 0 : h;
  return h === 12 ? 12 : h + 12;
}

function template(body: string): Template {
  const parts: string[] = [];
  const times: Template["times"] = [];
  let last = 0;
  for (const m of body.matchAll(TIME_RE)) {
    const g = (i: number): string | undefined => m[i];
    let kind: TimeKind;
    let seconds: number;
    if (g(1) !== undefined) {
      kind = "iso";
      seconds = Date.UTC(n(g(1)), n(g(2)) - 1, n(g(3)), n(g(4)), n(g(5)), n(g(6))) / 1000;
    } else if (g(7) !== undefined) {
      kind = "datetime";
      seconds = Date.UTC(n(g(7)), n(g(8)) - 1, n(g(9)), n(g(10)), n(g(11)), n(g(12))) / 1000;
    } else if (g(13) !== undefined) {
      kind = "us";
      const h = hours12(n(g(16)), g(19) ?? "AM");
      seconds = Date.UTC(n(g(15)), n(g(13)) - 1, n(g(14)), h, n(g(17)), n(g(18))) / 1000;
    } else if (g(20) !== undefined) {
      kind = "json";
      seconds = Date.UTC(n(g(20)), n(g(21)) - 1, n(g(22)), n(g(23)), n(g(24)), n(g(25))) / 1000;
    } else {
      const mer = g(29)?.trim();
      kind = mer === undefined ? "tod" : "tod12";
      const h = mer === undefined ? n(g(26)) : hours12(n(g(26)), mer);
      seconds = h * 3600 + n(g(27)) * 60 + n(g(28));
    }
    parts.push(body.slice(last, m.index));
    times.push({ kind, seconds });
    last = m.index + m[0].length;
  }
  parts.push(body.slice(last));
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t.seconds);
    hi = Math.max(hi, t.seconds);
  }
  return { parts, times, span: times.length === 0 ? 0 : hi - lo + 1 };
}

const pad2 = (v: number): string => (v < 10 ? `0${v}` : String(v));

function formatTime(kind: TimeKind, seconds: number): string {
  if (kind === "tod" || kind === "tod12") {
    const s = ((seconds % 86400) + 86400) % 86400;
    const h = Math.floor(s / 3600);
    const rest = `${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
    if (kind === "tod") return `${pad2(h)}:${rest}`;
    return `${pad2(h % 12 === 0 ? 12 : h % 12)}:${rest} ${h < 12 ? "AM" : "PM"}`;
  }
  const d = new Date(seconds * 1000);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const clock = `${pad2(h)}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  switch (kind) {
    case "iso":
      return `${date}T${clock}`;
    case "datetime":
      return `${date} ${clock}`;
    case "json":
      return `"date": "${date}", "time": "${clock}"`;
    default: {
      const h12 = h % 12 === 0 ? 12 : h % 12;
      const rest = `${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
      return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(h12)}:${rest}`;
    }
  }
}

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
 * shifted past the previous copy's; hands the text out in pieces (a 100 MB string is not needed).
 * Returns the number of body copies.
 */
export function generateInput(
  input: BenchInput,
  bytes: number,
  write: (piece: string) => void,
): number {
  const text = readFileSync(path.join(FIXTURES, input.fixture), "utf8");
  const { head, body, tail } = split(input, text);
  const tpl = template(body);
  const sep = input.json ? "," : input.tool === "free" ? "\n" : "";
  let written = Buffer.byteLength(head);
  write(head);
  let buf: string[] = [];
  let bufLen = 0;
  let copies = 0;
  const cache = new Map<string, string>();
  while (written < bytes) {
    const offset = copies * tpl.span;
    let piece = copies > 0 ? sep + (tpl.parts[0] ?? "") : (tpl.parts[0] ?? "");
    for (let i = 0; i < tpl.times.length; i++) {
      const t = tpl.times[i];
      if (t === undefined) continue;
      const key = `${t.kind}${t.seconds + offset}`;
      let s = cache.get(key);
      if (s === undefined) {
        s = formatTime(t.kind, t.seconds + offset);
        if (cache.size > 10_000) cache.clear();
        cache.set(key, s);
      }
      piece += s + (tpl.parts[i + 1] ?? "");
    }
    buf.push(piece);
    bufLen += piece.length;
    written += Buffer.byteLength(piece);
    copies++;
    if (bufLen > 1 << 20) {
      write(buf.join(""));
      buf = [];
      bufLen = 0;
    }
  }
  write(buf.join("") + tail);
  return copies;
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

function awkOnce(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn("awk", ["{n+=NF} END {print n}", file], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`awk exited with ${code}`));
    });
  });
}

async function parseOnce(file: string, tool: string): Promise<{ ms: number; points: number }> {
  const t0 = performance.now();
  const doc = await parsePath(file);
  const ms = performance.now() - t0;
  const input = doc.inputs[0];
  if (input?.tool !== tool || !input.ok)
    throw new Error(`${file}: read as ${String(input?.tool)}: ${input?.warnings.join("; ")}`);
  let points = 0;
  for (const s of doc.series) points += s.times.length;
  return { ms, points };
}

const round = (v: number, digits = 0): number => Number(v.toFixed(digits));

/** Builds (or reuses) the inputs and times awk and our parse on each. */
export async function runParseBench(opts: BenchOptions = {}): Promise<BenchRow[]> {
  const mb = opts.mb ?? 100;
  const runs = Math.max(1, opts.runs ?? 3);
  const dir = opts.dir ?? path.join(ROOT, "bench-data", "parse");
  const log = opts.log ?? (() => undefined);
  mkdirSync(dir, { recursive: true });
  const rows: BenchRow[] = [];
  for (const input of BENCH_INPUTS) {
    if (opts.tools !== undefined && !opts.tools.includes(input.tool)) continue;
    const file = await ensureInput(input, mb, dir);
    const size = (await readFile(file)).byteLength;
    let awkMs = Infinity;
    for (let i = 0; i < runs; i++) awkMs = Math.min(awkMs, await awkOnce(file));
    await parseOnce(file, input.tool); // warm-up: JIT, page cache
    let parseMs = Infinity;
    let points = 0;
    for (let i = 0; i < runs; i++) {
      const r = await parseOnce(file, input.tool);
      parseMs = Math.min(parseMs, r.ms);
      points = r.points;
    }
    const row: BenchRow = {
      tool: input.tool,
      MB: round(size / (1024 * 1024), 1),
      awkMs: round(awkMs),
      parseMs: round(parseMs),
      ratio: round(parseMs / awkMs, 2),
      points,
    };
    log(`${row.tool}: ${row.MB} MB, awk ${row.awkMs} ms, parse ${row.parseMs} ms (x${row.ratio})`);
    rows.push(row);
  }
  return rows;
}

/** The rows as a markdown table. */
export function benchTable(rows: readonly BenchRow[]): string {
  const out = [
    "| tool | MB | awk ms | parse ms | ratio | points |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows)
    out.push(
      `| ${r.tool} | ${r.MB} | ${r.awkMs} | ${r.parseMs} | ${r.ratio} | ${r.points.toLocaleString("en-US")} |`,
    );
  return out.join("\n");
}
