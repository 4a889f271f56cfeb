/**
 * Reading a tool's output as the bytes it printed, without first making one string of the whole
 * file. A parser that reads bytes (pidstat's, the biggest file of a capture) walks the lines of a
 * `Uint8Array`, reads numbers straight from the bytes, and makes a string only of a line it has to
 * look at as text ({@link lineText}). The result is the one it gives on the decoded text
 * (read-file.ts `decodeText`): the rules here are that function's rules, one line at a time.
 *
 * Plain `Uint8Array` and `TextDecoder`, no Node `Buffer`: parsers stay pure.
 */

/**
 * A file's bytes a chunk at a time, read from disk while it is parsed (read-file.ts): every chunk
 * but the last ends with a newline, and a chunk is good only until the next one is asked for (its
 * memory is reused). A big file is parsed without ever being in memory whole.
 */
export interface ByteChunks {
  /** The file's size when it was opened (it may grow while it is read). */
  readonly size: number;
  /** Its first bytes (at most a chunk's): what detection decodes. */
  readonly head: Uint8Array;
  chunks(): Iterable<Uint8Array>;
}

/** A file's bytes: all of them, or a chunk at a time. */
export type FileBytes = Uint8Array | ByteChunks;

/** Lines are decoded one at a time, so a BOM inside the file stays (the file's first one is skipped by {@link textStart}). */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

const utf8File = new TextDecoder("utf-8");

/**
 * The whole of `bytes` decoded as read-file.ts `decodeText` decodes a file (a leading BOM dropped,
 * NUL as SUB), without its Node fast path for ASCII: for heads of files (detection), not whole
 * big files.
 */
export function decodeBytes(bytes: Uint8Array): string {
  return utf8File.decode(withoutNul(bytes));
}

function withoutNul(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0)) return bytes;
  const copy = new Uint8Array(bytes); // a copy (Buffer#slice would be a view)
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0) copy[i] = 0x1a;
  return copy;
}

/** Where the text of `bytes` starts: after a UTF-8 byte order mark, which decoding drops. */
export function textStart(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * `bytes[a, b)` (one line, no newline in it) as decodeText decodes it within the whole file: UTF-8,
 * invalid sequences as U+FFFD, NUL as SUB (0x1a). A line that is ASCII decodes the same either
 * way; a newline (ASCII) ends any sequence, so a line decodes alone as it does in the file.
 */
export function lineText(bytes: Uint8Array, a: number, b: number): string {
  return shortAscii(bytes, a, b) ?? utf8.decode(withoutNul(bytes.subarray(a, b)));
}

/**
 * `bytes[a, b)` as a string when it is short and ASCII without NUL (a time of day, a label), else
 * undefined. Built a character at a time: for a few bytes that is half the cost of a decoder call.
 */
function shortAscii(bytes: Uint8Array, a: number, b: number): string | undefined {
  if (b - a > 24) return undefined;
  let s = "";
  for (let i = a; i < b; i++) {
    const c = bytes[i] ?? 0;
    if (c === 0 || c >= 128) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Bytes of a text that decode back to it line by line ({@link lineText}): its UTF-8. (A lone
 * surrogate, which no decoded file holds, becomes U+FFFD.)
 */
export function textBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

const NO_BYTES = new Uint8Array(0);

/**
 * The lines of a text's bytes given in chunks (each but the last ending with a newline, as
 * {@link ByteChunks} hands them out): after `next()`, the line is `src[a, b)`, without its
 * newline and a CR before it, as the decoded text's lines are split. `file`: the chunks are a
 * file's bytes, whose byte order mark decoding drops.
 */
export class ByteLines {
  /** The chunk that holds the current line. */
  src: Uint8Array = NO_BYTES;
  a = 0;
  b = 0;
  lineNo = 0;
  /** Bytes up to the end of the current line and its newline. */
  read = 0;
  private readonly chunks: Iterator<Uint8Array>;
  private pos = 0;
  /** Bytes of the chunks before `src`. */
  private before = 0;

  constructor(
    chunks: Iterable<Uint8Array>,
    private readonly file: boolean,
  ) {
    this.chunks = chunks[Symbol.iterator]();
  }

  /** Moves to the next line; false at the end. */
  next(): boolean {
    let src = this.src;
    let pos = this.pos;
    while (pos >= src.length) {
      const r = this.chunks.next();
      if (r.done === true) {
        this.src = NO_BYTES;
        return false;
      }
      this.before += src.length;
      src = r.value;
      this.src = src;
      pos = this.file && this.before === 0 ? textStart(src) : 0;
    }
    let end = src.indexOf(10, pos);
    if (end === -1) end = src.length;
    this.a = pos;
    this.b = end > pos && src[end - 1] === 13 ? end - 1 : end;
    this.pos = end + 1;
    this.lineNo++;
    this.read = this.before + end + 1;
    return true;
  }
}

/**
 * A text looked for in bytes again and again (a report's repeated header, a row's label, a
 * process's command): true at a position that holds its bytes. A character outside ASCII never
 * matches: a line with one is read as text ({@link lineText}), where UTF-8 decoding decides what
 * it is.
 */
export class BytePattern {
  readonly length: number;
  /** Its bytes; undefined when the text is not ASCII (it then never matches). */
  private readonly bytes: Uint8Array | undefined;

  constructor(readonly text: string) {
    this.length = text.length;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) return;
      bytes[i] = c;
    }
    this.bytes = bytes;
  }

  /** True when `src` holds the text at `p`. */
  at(src: Uint8Array, p: number): boolean {
    const b = this.bytes;
    if (b === undefined || p < 0 || p + b.length > src.length) return false;
    for (let i = 0; i < b.length; i++) if (src[p + i] !== b[i]) return false;
    return true;
  }
}
