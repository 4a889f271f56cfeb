/**
 * Node side: one file's bytes from disk, and bytes → text the way every input is decoded. Shared by
 * read-input.ts and the parse worker (parse-worker.ts), which decodes its files itself.
 */
import { isAscii } from "node:buffer";
import { open } from "node:fs/promises";
import { BundleError } from "./bundle";

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
 * Reads a whole file with one `read` into one buffer (readFile reads 512 kB pieces and joins them),
 * refused past `maxBytes`.
 */
export async function readFileBytes(file: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): BundleError =>
    new BundleError("too-large", `${file} is larger than ${maxBytes} bytes`);
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw tooLarge();
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    // A file still being written can have grown since stat: read on to its end.
    const more: Buffer[] = [];
    let total = got;
    for (;;) {
      const chunk = Buffer.allocUnsafe(65536);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
      more.push(chunk.subarray(0, bytesRead));
    }
    return more.length === 0
      ? buf.subarray(0, got)
      : Buffer.concat([buf.subarray(0, got), ...more]);
  } finally {
    await fh.close();
  }
}
