/**
 * Node side: one file's bytes from disk, and bytes → text the way every input is decoded. Shared by
 * read-input.ts and the parse worker (parse-worker.ts), which decodes its files itself.
 */
import { isAscii } from "node:buffer";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { BundleError, DETECT_BYTES, type InputFile } from "./bundle";
import type { ByteChunks } from "./util/bytes";

const decoder = new TextDecoder("utf-8");

/**
 * UTF-8 → string; pure ASCII (most tool output) is copied as Latin-1, which is the same text,
 * faster. NUL never occurs in a tool's text output and PostgreSQL text cannot hold it: NUL bytes
 * become SUB (0x1a, ASCII's substitute character) in a copy of the bytes, before decoding, so a
 * label or event message taken from such a file can be stored, and a hostile entry of zeros stays
 * a one-byte string (replacing them with U+FFFD after decoding made a 64 MiB entry of zeros a
 * 128 MiB two-byte string, built one replacement at a time: seconds and gigabytes).
 */
export function decodeText(bytes: Uint8Array): string {
  let buf = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.includes(0)) {
    buf = Buffer.from(buf);
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0) buf[i] = 0x1a;
  }
  return isAscii(buf) ? buf.toString("latin1") : decoder.decode(buf);
}

/**
 * A file read as bytes, for the parsers (bundle.ts `parseJob`): its text is decoded only when
 * something reads it, and a parser that reads bytes never makes it.
 */
export function bytesFile(path: string, bytes: Uint8Array): InputFile {
  let text: string | undefined;
  return {
    path,
    bytes,
    get text(): string {
      text ??= decodeText(bytes);
      return text;
    },
  };
}

/** Files up to this size are read whole; a bigger one is read this much at a time as it is parsed. */
export const CHUNK_BYTES = 1 << 20;

/**
 * A file on disk for the parsers, refused past `maxBytes`. One up to {@link CHUNK_BYTES} is read
 * now ({@link bytesFile}). A bigger one is read now only as far as detection looks; a parser that
 * reads bytes then reads it a chunk at a time into one reused buffer, so it is never in memory
 * whole (reading a 64 MB pidstat file into fresh memory cost more than its parse's gain from bytes,
 * and slowed the other threads' page faults), and anything else reads its text.
 *
 * Synchronous: its callers, the parse CLI and the parse workers, have nothing else to do meanwhile,
 * and a worker that read a capture's 60 small files through the thread pool (open, stat, read,
 * close: a round trip each) sat idle for a tenth of its parse.
 */
export function diskFile(path: string, file: string, maxBytes: number): InputFile {
  const fd = openSync(file, "r");
  let size: number;
  let head: Buffer;
  try {
    size = fstatSync(fd).size;
    if (size <= CHUNK_BYTES) return bytesFile(path, readToEnd(fd, size, file, maxBytes));
    if (size > maxBytes) throw tooLarge(file, maxBytes);
    head = Buffer.allocUnsafe(2 * DETECT_BYTES);
    head = head.subarray(0, readStart(fd, head));
  } finally {
    closeSync(fd);
  }
  const bytes: ByteChunks = { size, head, chunks: () => fileChunks(file, maxBytes) };
  let text: string | undefined;
  return {
    path,
    bytes,
    get text(): string {
      if (text === undefined) {
        const all = readFileSync(file);
        if (all.length > maxBytes) throw tooLarge(file, maxBytes);
        text = decodeText(all);
      }
      return text;
    },
  };
}

function tooLarge(file: string, maxBytes: number): BundleError {
  return new BundleError("too-large", `${file} is larger than ${maxBytes} bytes`);
}

/**
 * The file's bytes to its end, a chunk at a time: each chunk ends after a line (the last one where
 * the file ends), in one buffer reused from chunk to chunk (doubled for a line longer than it).
 */
function* fileChunks(file: string, maxBytes: number): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    throw new BundleError(
      "unreadable",
      `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let have = 0;
    let total = 0;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buf, have, buf.length - have, total);
      } catch (err) {
        throw new BundleError(
          "unreadable",
          `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (got === 0) {
        if (have > 0) yield buf.subarray(0, have);
        return;
      }
      total += got;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
      have += got;
      const nl = buf.lastIndexOf(10, have - 1);
      if (nl < 0) continue;
      yield buf.subarray(0, nl + 1);
      // The parser asked for more: it is done with that chunk.
      buf.copy(buf, 0, nl + 1, have);
      have -= nl + 1;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole file with one `read` into one buffer (readFile reads 512 kB pieces and joins them),
 * refused past `maxBytes`. Synchronous, as {@link diskFile} is.
 */
export function readFileBytes(file: string, maxBytes: number): Buffer {
  const fd = openSync(file, "r");
  try {
    return readToEnd(fd, fstatSync(fd).size, file, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** The open file `fd` (`size` bytes when it was opened) to its end, refused past `maxBytes`. */
function readToEnd(fd: number, size: number, file: string, maxBytes: number): Buffer {
  if (size > maxBytes) throw tooLarge(file, maxBytes);
  const buf = Buffer.allocUnsafe(size);
  const got = readStart(fd, buf);
  // A file still being written can have grown since stat: read on to its end.
  const more: Buffer[] = [];
  let total = got;
  for (;;) {
    const chunk = Buffer.allocUnsafe(65536);
    const n = readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooLarge(file, maxBytes);
    more.push(chunk.subarray(0, n));
  }
  return more.length === 0 ? buf.subarray(0, got) : Buffer.concat([buf.subarray(0, got), ...more]);
}

/** Fills `buf` from the start of the file (less at its end): the bytes read. */
function readStart(fd: number, buf: Buffer): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
