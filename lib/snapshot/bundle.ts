/**
 * A snapshot's inputs (files of a bundle, of a directory, or one file) → the parse CLI's document:
 * which tool read each input, with what warnings, and the combined series, events and host.
 *
 * Pure: the Node side (`read-input.ts`) reads bytes from disk or a .tar.gz and hands them here.
 *
 * From the manifest each file gets its command line (units, interval, which /proc or cgroup file
 * `cat` read), its start time (to anchor outputs without dates) and the capture's zone. Tools are
 * still detected from the content; a manifest name only breaks ties. Commands that did not run
 * (tool missing, exit 127, file absent) are listed in `inputs` with `ok: false` and the reason as
 * their one warning: the war room should see what the snapshot lacks, and nothing else is wrong.
 */
import { combine } from "./combine";
import { DETECT_CHARS, detectTool } from "./detect";
import { parserByName } from "./parsers/registry";
import type { ToolParser } from "./parsers/parser";
import { BUNDLE_FORMAT, type Manifest, type ManifestCommand } from "./manifest";
import {
  ParseError,
  type HostEvent,
  type HostInfo,
  type ParseContext,
  type ParseResult,
  type Series,
} from "./types";
import { decodeBytes, type FileBytes } from "./util/bytes";

export type BundleErrorCode =
  | "not-found"
  | "unreadable"
  | "not-gzip"
  | "truncated"
  | "not-tar"
  | "path-traversal"
  | "link-entry"
  | "bad-entry"
  | "too-large"
  | "too-many-entries"
  | "bad-manifest";

/** The input could not be read at all (as opposed to a tool output a parser did not recognise). */
export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BundleError";
  }
}

export interface InputFile {
  /** Path inside the bundle or directory, or the file's own path. */
  path: string;
  /** Its text. A file read as bytes decodes them when this is first read (read-file.ts `bytesFile`). */
  readonly text: string;
  /**
   * The bytes `text` is decoded from, when the file was read as bytes (all of them, or a big file
   * on disk a chunk at a time): a parser with `parseBytes` reads them instead of the text, and
   * detection decodes only their head.
   */
  readonly bytes?: FileBytes;
}

/**
 * Bytes of a file's head that decode to at least {@link DETECT_CHARS} characters (UTF-8 takes at
 * most 3 bytes a UTF-16 unit), plus a cut sequence's.
 */
export const DETECT_BYTES = 3 * DETECT_CHARS + 4;

/** The bytes of a file read as bytes that are in memory: all of them, or the head of a big one. */
function headOf(file: InputFile): Uint8Array | undefined {
  const b = file.bytes;
  return b === undefined || b instanceof Uint8Array ? b : b.head;
}

/** The text detection reads: the decoded head of a big file read as bytes, else its text. */
function detectionText(file: InputFile): string {
  const head = headOf(file);
  return head !== undefined && head.length > DETECT_BYTES
    ? decodeBytes(head.subarray(0, DETECT_BYTES))
    : file.text;
}

/** True when the file's text is only whitespace (`text.trim() === ""`), from its bytes when it can. */
function isEmptyOutput(file: InputFile): boolean {
  const b = headOf(file);
  if (b === undefined) return file.text.trim() === "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i] ?? 0;
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Outside ASCII: a no-break space or a BOM is whitespace to trim(); the text decides.
    return c >= 128 ? file.text.trim() === "" : false;
  }
  // Blank as far as the head goes: the rest decides.
  return b === file.bytes || file.text.trim() === "";
}

export interface InputReport {
  path: string;
  tool: string | null;
  ok: boolean;
  warnings: string[];
}

export interface ParseDocument {
  inputs: InputReport[];
  host: HostInfo;
  series: Series[];
  events: HostEvent[];
  warnings: string[];
}

export interface ParseOptions {
  /** Force this parser (single-file input). */
  tool?: string;
  date?: string;
  tz?: string;
}

const COMMAND_FIELDS = ["name", "argv", "exitCode"] as const;

/** Checks the manifest's shape: what the parse relies on must be there and typed right. */
export function validateManifest(value: unknown): Manifest {
  const fail = (why: string): never => {
    throw new BundleError("bad-manifest", `manifest.json: ${why}`);
  };
  if (typeof value !== "object" || value === null) return fail("not a JSON object");
  const m = value as Record<string, unknown>;
  if (m.format !== BUNDLE_FORMAT)
    fail(`format is ${JSON.stringify(m.format)}, expected ${BUNDLE_FORMAT}`);
  const capture = m.capture as Record<string, unknown> | undefined;
  if (typeof capture !== "object" || capture === null) fail("no capture");
  if (typeof capture?.start !== "string" || Number.isNaN(Date.parse(capture.start)))
    fail("capture.start is not a time");
  if (!Array.isArray(m.commands)) fail("commands is not a list");
  for (const c of m.commands as unknown[]) {
    if (typeof c !== "object" || c === null) fail("a command is not an object");
    const cmd = c as Record<string, unknown>;
    for (const f of COMMAND_FIELDS) if (!(f in cmd)) fail(`a command has no ${f}`);
    if (!Array.isArray(cmd.argv) || !cmd.argv.every((a) => typeof a === "string"))
      fail(`${String(cmd.name)}: argv is not a list of strings`);
    if (cmd.file !== undefined && typeof cmd.file !== "string")
      fail(`${String(cmd.name)}: file is not a string`);
  }
  if (typeof m.host !== "object" || m.host === null) fail("no host");
  return value as Manifest;
}

function hostOf(manifest: Manifest | undefined): HostInfo {
  if (manifest === undefined) return {};
  const h = manifest.host;
  const out: HostInfo = {};
  if (h.hostname !== undefined) out.hostname = h.hostname;
  if (h.kernel !== undefined) out.kernel = h.kernel;
  if (h.os !== undefined) out.os = h.os;
  if (h.nCpu !== undefined) out.nCpu = h.nCpu;
  if (h.memoryBytes !== undefined) out.memoryBytes = h.memoryBytes;
  if (h.environment !== undefined) out.environment = h.environment;
  if (h.virtualization !== undefined && h.virtualization !== "")
    out.virtualization = h.virtualization;
  return out;
}

/** The file `cat` read, for /proc and cgroup files. */
function catPath(argv: readonly string[]): string | undefined {
  return argv[0] === "cat" && argv.length === 2 ? argv[1] : undefined;
}

function contextFor(
  file: { path: string },
  cmd: ManifestCommand | undefined,
  manifest: Manifest | undefined,
  opts: ParseOptions,
): ParseContext {
  const ctx: ParseContext = { fileName: file.path };
  if (opts.date !== undefined) ctx.date = opts.date;
  const tz = opts.tz ?? manifest?.capture.timezone;
  if (tz !== undefined && tz !== "") ctx.tz = tz;
  if (cmd !== undefined) {
    ctx.argv = cmd.argv;
    const src = catPath(cmd.argv);
    if (src !== undefined) ctx.sourcePath = src;
    const start =
      cmd.startedAt ??
      (cmd.phase === "end"
        ? (manifest?.capture.end ?? manifest?.capture.start)
        : manifest?.capture.start);
    if (start !== undefined) ctx.captureStart = start;
    if (cmd.phase === "during" && manifest !== undefined) ctx.interval = manifest.capture.interval;
  } else if (manifest !== undefined) {
    ctx.captureStart = manifest.capture.start;
  }
  return ctx;
}

/**
 * Parses one file with a forced or detected parser. Throws only a {@link BundleError}, when a file
 * read as it is parsed cannot be read to its end; what the parser makes of the text never throws.
 */
export function parseOne(
  file: InputFile,
  ctx: ParseContext,
  forced: ToolParser | undefined,
  hint?: string,
  context = false,
): ParseOutcome {
  let parser = forced;
  if (parser === undefined) {
    if (isEmptyOutput(file))
      return { report: { path: file.path, tool: null, ok: true, warnings: ["empty output"] } };
    parser = detectTool(detectionText(file), hint ?? file.path)?.parser;
  }
  if (parser === undefined) {
    // A context file of the collector is kept as it is: read, nothing to take from it.
    if (context) return { report: { path: file.path, tool: null, ok: true, warnings: [] } };
    return {
      report: {
        path: file.path,
        tool: null,
        ok: false,
        warnings: ["no parser recognises this output"],
      },
    };
  }
  try {
    const result =
      file.bytes !== undefined && parser.parseBytes !== undefined
        ? parser.parseBytes(file.bytes, ctx)
        : parser.parse(file.text, ctx);
    return {
      report: { path: file.path, tool: parser.tool, ok: true, warnings: result.warnings },
      result,
    };
  } catch (err) {
    // A file read while it is parsed (read-file.ts `diskFile`) that could not be read to its end.
    if (err instanceof BundleError) throw err;
    const why =
      err instanceof ParseError
        ? err.message
        : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    return { report: { path: file.path, tool: parser.tool, ok: false, warnings: [why] } };
  }
}

/**
 * What {@link parseSnapshot} decides for one file before reading it: its context (from the
 * manifest and the options), the name hint for detection, the parser forced by `--tool`, and the
 * manifest's note that its command failed. Plain data, so a worker thread can run it
 * ({@link parseJob}) and give back the same outcome.
 */
export interface FileJob {
  path: string;
  ctx: ParseContext;
  hint: string;
  /** Name of the forced parser (`--tool` on a single file). */
  tool?: string;
  /** `iostat -xz 1 60 exited with 1`: added to the file's warnings. */
  exitNote?: string;
  /**
   * One of the collector's context files (`date`, `uname -a`, its environment evidence, raw
   * /proc/vmstat, /proc/net/netstat, `tc -s qdisc`): kept in the stored bundle for people to
   * read, not a metrics source, so no parser taking it is not a problem worth a warning.
   */
  context?: boolean;
}

/**
 * Manifest command names (without `_start` / `_end`) of the collector's context files: see
 * {@link FileJob.context}.
 */
const CONTEXT_COMMANDS: ReadonlySet<string> = new Set([
  "date",
  "uname",
  "environment",
  "proc_vmstat",
  "net_netstat",
  "tc_qdisc",
]);

/** A snapshot's parse before any file is read: one job per file, in order, and what else it reports. */
export interface SnapshotPlan {
  jobs: FileJob[];
  /** Commands of the manifest without a file in the snapshot. */
  missing: InputReport[];
  warnings: string[];
  manifestHost: HostInfo;
}

/** What parsing one file gave: its report, and its result when a parser read it. */
export interface ParseOutcome {
  report: InputReport;
  result?: ParseResult;
}

/**
 * The jobs of a snapshot's files (`paths`, in the order their results are combined). With a
 * manifest, each listed command's file gets its context and missing commands are reported; files
 * not in the manifest (and directories without one) are detected from their content alone.
 */
export function planSnapshot(
  paths: readonly string[],
  manifest: Manifest | undefined,
  opts: ParseOptions = {},
): SnapshotPlan {
  const warnings: string[] = [];
  if (opts.tool !== undefined && paths.length > 1)
    warnings.push(`--tool ${opts.tool} applies to single files; detected each file instead`);
  const forced = paths.length === 1 ? opts.tool : undefined;
  const byFile = new Map<string, ManifestCommand>();
  for (const c of manifest?.commands ?? []) if (c.file !== undefined) byFile.set(c.file, c);

  const jobs: FileJob[] = [];
  for (const p of paths) {
    const cmd = byFile.get(p);
    const ctx = contextFor({ path: p }, cmd, manifest, opts);
    // Name hint: the manifest's name, the file, and the host path `cat` read (cgroup files say what they are only by name).
    const hint = cmd === undefined ? p : `${cmd.name} ${p} ${ctx.sourcePath ?? ""}`.trimEnd();
    const job: FileJob = { path: p, ctx, hint };
    if (forced !== undefined) job.tool = forced;
    if (cmd !== undefined && cmd.exitCode !== 0)
      job.exitNote = `${cmd.argv.join(" ")} exited with ${cmd.exitCode}`;
    if (cmd !== undefined && CONTEXT_COMMANDS.has(cmd.name.replace(/_(start|end)$/, "")))
      job.context = true;
    jobs.push(job);
  }
  const present = new Set(paths);
  const missing: InputReport[] = [];
  for (const c of manifest?.commands ?? []) {
    if (c.file !== undefined && present.has(c.file)) continue;
    const why =
      c.missing ??
      (c.file === undefined
        ? `not run (exit ${c.exitCode})`
        : `listed in the manifest but not in the bundle`);
    missing.push({
      path: c.file ?? `cmd/${c.name}.txt`,
      tool: null,
      ok: false,
      warnings: [`${c.name}: ${why}`],
    });
  }
  return { jobs, missing, warnings, manifestHost: hostOf(manifest) };
}

/** Parses one planned file (its text, or the file as read); throws only as {@link parseOne} does. */
export function parseJob(job: FileJob, content: string | InputFile): ParseOutcome {
  const forced = job.tool === undefined ? undefined : parserByName(job.tool);
  const file = typeof content === "string" ? { path: job.path, text: content } : content;
  const outcome = parseOne(file, job.ctx, forced, job.hint, job.context);
  if (job.exitNote !== undefined) outcome.report.warnings.push(job.exitNote);
  return outcome;
}

/** The document of a plan from its jobs' outcomes (same order as `plan.jobs`). */
export function finishSnapshot(
  plan: SnapshotPlan,
  outcomes: readonly ParseOutcome[],
): ParseDocument {
  const inputs: InputReport[] = [];
  const results: ParseResult[] = [];
  for (const o of outcomes) {
    inputs.push(o.report);
    if (o.result !== undefined) results.push(o.result);
  }
  inputs.push(...plan.missing);
  const combined = combine(results, plan.manifestHost);
  return {
    inputs,
    host: combined.host,
    series: combined.series,
    events: combined.events,
    warnings: [...plan.warnings, ...combined.warnings],
  };
}

/**
 * Parses a snapshot's files in this thread ({@link planSnapshot}, {@link parseJob} for each file,
 * {@link finishSnapshot}). `parallel.ts` runs the same jobs in worker threads.
 */
export function parseSnapshot(
  files: readonly InputFile[],
  manifest: Manifest | undefined,
  opts: ParseOptions = {},
): ParseDocument {
  const plan = planSnapshot(
    files.map((f) => f.path),
    manifest,
    opts,
  );
  const outcomes: ParseOutcome[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const job = plan.jobs[i];
    if (file !== undefined && job !== undefined) outcomes.push(parseJob(job, file));
  }
  return finishSnapshot(plan, outcomes);
}
