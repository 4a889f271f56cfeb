/**
 * Worker thread of parallel.ts: parses the files it is sent, one at a time, and sends each outcome
 * back with its columns in one transferred Float64Array (transfer.ts).
 *
 * Messages in: {@link WorkerJob}. Out: {@link WorkerReply}. The file comes as text, as bytes
 * (decoded here, exactly as read-input.ts decodes) or as a path to read (directories: the worker
 * reads its own files, so reading is parallel too).
 */
import { parentPort } from "node:worker_threads";
import { parseJob, type FileJob, type InputFile } from "./bundle";
import { bytesFile, diskFile } from "./read-file";
import { packOutcome, type PackedOutcome } from "./transfer";

export interface WorkerJob {
  id: number;
  job: FileJob;
  text?: string;
  bytes?: Uint8Array;
  /** Read this file (at most `maxBytes`). */
  file?: string;
  maxBytes?: number;
}

/** `doneAt`: when the outcome was ready, in ms since the epoch (`performance.timeOrigin` based). */
export type WorkerReply =
  { id: number; packed: PackedOutcome; doneAt: number } | { id: number; error: string };

function fileOf(m: WorkerJob): InputFile {
  const p = m.job.path;
  if (m.text !== undefined) return { path: p, text: m.text };
  if (m.bytes !== undefined) return bytesFile(p, m.bytes);
  if (m.file !== undefined) return diskFile(p, m.file, m.maxBytes ?? Infinity);
  throw new Error("a job without its file");
}

const port = parentPort;
if (port !== null) {
  port.on("message", (m: WorkerJob) => {
    let packed: PackedOutcome;
    try {
      packed = packOutcome(parseJob(m.job, fileOf(m)));
    } catch (err) {
      // A file read as it is parsed can fail mid-way too: that error is the reply, like a failed read.
      const reply: WorkerReply = {
        id: m.id,
        error: err instanceof Error ? err.message : String(err),
      };
      port.postMessage(reply);
      return;
    }
    const reply: WorkerReply = {
      id: m.id,
      packed,
      doneAt: performance.timeOrigin + performance.now(),
    };
    port.postMessage(reply, [packed.columns.buffer]);
  });
}
