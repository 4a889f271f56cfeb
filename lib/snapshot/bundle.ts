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
import { detectTool } from "./detect";
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
  text: string;
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
  file: InputFile,
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

/** Parses one text with a forced or detected parser; never throws. */
export function parseOne(
  file: InputFile,
  ctx: ParseContext,
  forced: ToolParser | undefined,
  hint?: string,
): { report: InputReport; result?: ParseResult } {
  let parser = forced;
  if (parser === undefined) {
    if (file.text.trim() === "")
      return { report: { path: file.path, tool: null, ok: true, warnings: ["empty output"] } };
    parser = detectTool(file.text, hint ?? file.path)?.parser;
  }
  if (parser === undefined) {
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
    const result = parser.parse(file.text, ctx);
    return {
      report: { path: file.path, tool: parser.tool, ok: true, warnings: result.warnings },
      result,
    };
  } catch (err) {
    const why =
      err instanceof ParseError
        ? err.message
        : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    return { report: { path: file.path, tool: parser.tool, ok: false, warnings: [why] } };
  }
}

/**
 * Parses a snapshot's files. With a manifest, each listed command's file gets its context and
 * missing commands are reported; files not in the manifest (and directories without one) are
 * detected from their content alone.
 */
export function parseSnapshot(
  files: readonly InputFile[],
  manifest: Manifest | undefined,
  opts: ParseOptions = {},
): ParseDocument {
  const forced = opts.tool === undefined ? undefined : parserByName(opts.tool);
  const inputs: InputReport[] = [];
  const results: ParseResult[] = [];
  const warnings: string[] = [];
  if (opts.tool !== undefined && files.length > 1)
    warnings.push(`--tool ${opts.tool} applies to single files; detected each file instead`);
  const useForced = files.length === 1 ? forced : undefined;
  const byFile = new Map<string, ManifestCommand>();
  for (const c of manifest?.commands ?? []) if (c.file !== undefined) byFile.set(c.file, c);

  for (const file of files) {
    const cmd = byFile.get(file.path);
    const ctx = contextFor(file, cmd, manifest, opts);
    // Name hint: the manifest's name, the file, and the host path `cat` read (cgroup files say what they are only by name).
    const hint =
      cmd === undefined ? file.path : `${cmd.name} ${file.path} ${ctx.sourcePath ?? ""}`.trimEnd();
    const { report, result } = parseOne(file, ctx, useForced, hint);
    if (cmd !== undefined && cmd.exitCode !== 0)
      report.warnings.push(`${cmd.argv.join(" ")} exited with ${cmd.exitCode}`);
    inputs.push(report);
    if (result !== undefined) results.push(result);
  }
  const present = new Set(files.map((f) => f.path));
  for (const c of manifest?.commands ?? []) {
    if (c.file !== undefined && present.has(c.file)) continue;
    const why =
      c.missing ??
      (c.file === undefined
        ? `not run (exit ${c.exitCode})`
        : `listed in the manifest but not in the bundle`);
    inputs.push({
      path: c.file ?? `cmd/${c.name}.txt`,
      tool: null,
      ok: false,
      warnings: [`${c.name}: ${why}`],
    });
  }
  const combined = combine(results, hostOf(manifest));
  return {
    inputs,
    host: combined.host,
    series: combined.series,
    events: combined.events,
    warnings: [...warnings, ...combined.warnings],
  };
}
