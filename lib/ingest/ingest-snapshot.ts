import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import {
  attachSnapshotToIncident,
  findSnapshotBySha,
  insertSnapshotRows,
  type SnapshotRole,
} from "@/lib/db/snapshots";
import { AppError } from "@/lib/http/errors";
import { BundleError, parseSnapshot, type ParseDocument } from "@/lib/snapshot/bundle";
import { parserByName } from "@/lib/snapshot/parsers/registry";
import {
  DEFAULT_LIMITS,
  isGzipData,
  readBundleBuffer,
  textInput,
  type ReadLimits,
  type SnapshotInput,
} from "@/lib/snapshot/read-input";
import type { HostInfo } from "@/lib/snapshot/types";
import { isValidTimeZone, parseIsoDate } from "@/lib/snapshot/util/time";
import { logError } from "@/lib/http/log";
import { refreshFindings } from "@/lib/investigation/findings";

/**
 * Ingest one upload (a collector bundle or one tool's output) for a team: the use case behind
 * `POST /api/ingest`, the browser upload and the CLIs.
 *   bytes -> sha256 (same bytes again = the same snapshot) -> read (bundle limits) -> parse
 *   (a section that fails becomes a warning) -> one transaction: host, raw bytes, series chunks,
 *   events, incident link. Nothing is written when the upload is unreadable or holds nothing
 *   Warroom recognises.
 */
export interface IngestRequest {
  teamId: string;
  bytes: Uint8Array;
  /** Hostname for a single tool output that does not name its host (sysstat headers do). */
  host?: string;
  /** Force the parser of a single tool output. */
  tool?: string;
  fileName?: string;
  /** Date and zone for outputs that print only times of day. */
  date?: string;
  tz?: string;
  incidentId?: string;
  role?: SnapshotRole;
  uploadedById?: string;
  tokenId?: string;
}

export interface IngestResult {
  snapshotId: string;
  duplicate: boolean;
  host: { id: string; hostname: string };
  counts: { series: number; points: number; events: number };
  warnings: string[];
  inputs: ParseDocument["inputs"];
  /** Milliseconds per phase (read, parse, store, analyze), for the Server-Timing header. */
  timings: Record<string, number>;
}

/** Text uploads must be text: NUL bytes or invalid UTF-8 mean binary data sent as a tool output. */
function assertText(bytes: Uint8Array): void {
  if (bytes.includes(0))
    throw new AppError(
      "bad_request",
      "The upload is binary data, not a tool's text output (it holds NUL bytes)",
    );
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(0, Math.min(bytes.length, 1 << 20)),
    );
  } catch {
    throw new AppError(
      "bad_request",
      "The upload is not UTF-8 text; send a tool's output as printed, or a collector bundle (.tar.gz)",
    );
  }
}

function validateOptions(req: IngestRequest): void {
  if (req.tool !== undefined && !parserByName(req.tool)) {
    throw new AppError("bad_request", `tool: no parser named ${JSON.stringify(req.tool)}`);
  }
  if (req.tz !== undefined && !isValidTimeZone(req.tz))
    throw new AppError("bad_request", `tz: unknown time zone ${JSON.stringify(req.tz)}`);
  if (req.date !== undefined && !parseIsoDate(req.date))
    throw new AppError("bad_request", "date: must be YYYY-MM-DD");
  if (req.role !== undefined && req.incidentId === undefined)
    throw new AppError("bad_request", "role: needs incident=<id>");
}

/**
 * How far an uploaded bundle may unpack: real bundles are 5-15 times their gzip size, a
 * compression bomb of zeros ~1000 times. Past 100 times (and past 64 MiB) the upload is refused
 * with 413 as soon as the limit is crossed, before the server holds the bytes.
 */
const MAX_UNPACK_RATIO = 100;
const UNPACK_FLOOR_BYTES = 64 * 1024 * 1024;

export function uploadLimits(compressedBytes: number): ReadLimits {
  const byRatio = Math.max(UNPACK_FLOOR_BYTES, compressedBytes * MAX_UNPACK_RATIO);
  return { ...DEFAULT_LIMITS, maxTotalBytes: Math.min(DEFAULT_LIMITS.maxTotalBytes, byRatio) };
}

function readUpload(req: IngestRequest): SnapshotInput | Promise<SnapshotInput> {
  if (req.bytes.length === 0) throw new AppError("bad_request", "The upload is empty");
  if (isGzipData(req.bytes)) return readBundleBuffer(req.bytes, uploadLimits(req.bytes.length));
  assertText(req.bytes);
  return textInput(req.bytes, req.fileName ?? req.tool ?? "upload.txt");
}

/**
 * Reads and parses in a scope of its own, so the decoded texts (hundreds of MB for a day-long
 * capture) can be collected while the series are stored.
 */
async function readAndParse(req: IngestRequest, lap: (phase: string) => void) {
  let input: SnapshotInput;
  try {
    input = await readUpload(req);
  } catch (err) {
    if (err instanceof BundleError) {
      throw new AppError(
        err.code === "too-large" ? "payload_too_large" : "bad_request",
        `Bundle: ${err.message}`,
      );
    }
    throw err;
  }
  lap("read");
  const doc = parseSnapshot(input.files, input.manifest, {
    tool: req.tool,
    date: req.date,
    tz: req.tz ?? input.manifest?.capture.timezone,
  });
  lap("parse");
  return { doc, kind: input.kind, captureStart: input.manifest?.capture.start };
}

/** The answer for bytes the team already uploaded: that snapshot, attached to the incident asked for. */
async function duplicateOf(
  req: IngestRequest,
  existing: Omit<IngestResult, "duplicate" | "timings">,
  timings: Record<string, number>,
): Promise<IngestResult> {
  if (req.incidentId) {
    await attachSnapshotToIncident(
      req.teamId,
      req.incidentId,
      existing.snapshotId,
      req.role ?? "incident",
      req.uploadedById,
    );
    await refreshAfterUpload(req.teamId, req.incidentId, req.uploadedById);
  }
  return { ...existing, duplicate: true, timings };
}

export async function ingestSnapshot(req: IngestRequest): Promise<IngestResult> {
  validateOptions(req);
  if (req.incidentId !== undefined) {
    const incident = await db.incident.findFirst({
      where: { id: req.incidentId, teamId: req.teamId },
      select: { id: true },
    });
    if (!incident) throw new AppError("not_found", "incident: no such incident in this team");
  }
  const sha256 = createHash("sha256").update(req.bytes).digest("hex");
  const existing = await findSnapshotBySha(req.teamId, sha256);
  if (existing) return duplicateOf(req, existing, {});

  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const { doc, kind, captureStart } = await readAndParse(req, lap);
  if (!doc.inputs.some((i) => i.ok && i.tool !== null)) {
    const reasons = doc.inputs
      .flatMap((i) => i.warnings)
      .slice(0, 3)
      .join("; ");
    throw new AppError(
      "bad_request",
      `Nothing in the upload was recognised as a tool output${reasons ? `: ${reasons}` : ""}`,
    );
  }
  const hostname = (doc.host.hostname ?? req.host)?.trim();
  if (!hostname) {
    throw new AppError(
      "bad_request",
      "host: this output does not name its host; add ?host=<hostname>",
    );
  }
  if (hostname.length > 253) throw new AppError("bad_request", "host: longer than 253 characters");
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(hostname))
    throw new AppError("bad_request", "host: contains control characters");
  const host = storableHost(doc.host, doc.warnings);

  const written = await insertSnapshotRows(getPool(), {
    teamId: req.teamId,
    sha256,
    bytes: req.bytes,
    format: kind === "bundle" ? "bundle" : "text",
    tool: kind === "bundle" ? null : (doc.inputs[0]?.tool ?? null),
    fileName: req.fileName ?? null,
    host: { ...host, hostname },
    doc,
    captureStart,
    incidentId: req.incidentId,
    role: req.role ?? (req.incidentId ? "incident" : undefined),
    uploadedById: req.uploadedById,
    tokenId: req.tokenId,
  });
  if (written.duplicateOf) {
    // Same bytes committed by a concurrent upload between our check and our insert.
    // It is attached to this upload's incident all the same.
    const winner = await findSnapshotBySha(req.teamId, sha256);
    if (winner) return duplicateOf(req, winner, timings);
  }
  lap("store");
  if (req.incidentId) {
    await refreshAfterUpload(req.teamId, req.incidentId, req.uploadedById);
    lap("analyze");
  }
  return {
    timings,
    snapshotId: written.snapshotId,
    duplicate: false,
    host: written.host,
    counts: written.counts,
    warnings: doc.warnings,
    inputs: doc.inputs,
  };
}

const ENVIRONMENTS: readonly string[] = ["bare-metal", "vm", "container", "kubernetes"];

/**
 * Host facts from a manifest or tool headers come from the host, not from us: a value the Host
 * columns cannot hold (a CPU count past int4, memory past bigint, an unknown environment, text
 * with NUL or 500 characters) is dropped with a warning instead of failing the upload in the
 * database.
 */
function storableHost(host: HostInfo, warnings: string[]): HostInfo {
  const out: HostInfo = {};
  const drop = (field: string, value: unknown) =>
    warnings.push(`host ${field} ignored: ${JSON.stringify(value)?.slice(0, 60)} is not usable`);
  const text = (v: string | undefined, field: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.includes("\u0000") || v.length > 500) return void drop(field, v);
    return v;
  };
  const kernel = text(host.kernel, "kernel");
  if (kernel !== undefined) out.kernel = kernel;
  const os = text(host.os, "os");
  if (os !== undefined) out.os = os;
  const virtualization = text(host.virtualization, "virtualization");
  if (virtualization !== undefined) out.virtualization = virtualization;
  if (host.nCpu !== undefined) {
    if (Number.isInteger(host.nCpu) && host.nCpu > 0 && host.nCpu <= 1_000_000)
      out.nCpu = host.nCpu;
    else drop("nCpu", host.nCpu);
  }
  if (host.memoryBytes !== undefined) {
    if (Number.isFinite(host.memoryBytes) && host.memoryBytes >= 0 && host.memoryBytes < 2 ** 62)
      out.memoryBytes = host.memoryBytes;
    else drop("memoryBytes", host.memoryBytes);
  }
  if (host.environment !== undefined) {
    if (ENVIRONMENTS.includes(host.environment)) out.environment = host.environment;
    else drop("environment", host.environment);
  }
  return out;
}

/**
 * New evidence, new findings. The snapshot is already committed: a failing analysis must not turn
 * a good upload into an error, so it is logged and the findings can be recomputed on demand.
 */
async function refreshAfterUpload(
  teamId: string,
  incidentId: string,
  actorId?: string,
): Promise<void> {
  try {
    await refreshFindings(teamId, incidentId, actorId);
  } catch (err) {
    logError("findings refresh after upload failed", err, { incidentId });
  }
}
