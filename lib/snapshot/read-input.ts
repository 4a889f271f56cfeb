/**
 * Node side of input reading: a snapshot bundle (.tar.gz), a directory of tool outputs, or one
 * file → {@link InputFile}s (+ the manifest) for {@link parseSnapshot}.
 *
 * Bundles come from hosts we do not control, so the tar reader streams and refuses what could hurt:
 * more than `maxEntries` entries, an entry declaring or yielding more than `maxEntryBytes`, more
 * than `maxTotalBytes` decompressed, absolute or `..` paths, symlinks, hardlinks and device nodes.
 * Each refusal is a {@link BundleError} with a code and a one-line reason.
 *
 * Files on disk are read synchronously (read-file.ts): the callers that read paths are the parse
 * CLI, its worker threads and scripts. The server reads uploads from memory ({@link
 * readBundleBuffer}, {@link textInput}) and must not call the path readers.
 */
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { extract, type Header } from "tar-stream";
import {
  BundleError,
  parseSnapshot,
  validateManifest,
  type InputFile,
  type ParseDocument,
  type ParseOptions,
} from "./bundle";
import type { Manifest } from "./manifest";
import { bytesFile, decodeText, readFileBytes } from "./read-file";

export interface ReadLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxEntries: 2000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

export interface SnapshotInput {
  kind: "bundle" | "directory" | "file";
  files: InputFile[];
  manifest?: Manifest;
  /** What reading left out and says so (a directory's symbolic links, devices, pipes). */
  warnings?: string[];
}

/** The document with the input's own warnings first (they happened before any parse). */
export function withInputWarnings(
  doc: ParseDocument,
  warnings: readonly string[] = [],
): ParseDocument {
  if (warnings.length > 0) doc.warnings.unshift(...warnings);
  return doc;
}

/** Bytes → text ({@link decodeText}: the parse worker decodes its files the same way). */
function decode(buf: Buffer): string {
  return decodeText(buf);
}

/** `cmd/x.txt` stays; `/etc/passwd`, `../x`, `a/../../x`, `C:\x` are refused. */
export function safeEntryPath(name: string): string {
  const n = name.replace(/^\.\//, "");
  if (
    n === "" ||
    n.startsWith("/") ||
    n.includes("\\") ||
    /^[A-Za-z]:/.test(n) ||
    n.includes("\0")
  ) {
    throw new BundleError("path-traversal", `unsafe path in bundle: ${JSON.stringify(name)}`);
  }
  const parts = n.split("/");
  if (parts.some((p) => p === ".."))
    throw new BundleError("path-traversal", `unsafe path in bundle: ${JSON.stringify(name)}`);
  return parts.filter((p) => p !== "" && p !== ".").join("/");
}

/** Reads a .tar.gz bundle file with the limits above. */
export async function readBundle(
  file: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<SnapshotInput> {
  return readBundleFrom(createReadStream(file), limits);
}

/** Reads a .tar.gz bundle held in memory (an upload) with the limits above. */
export async function readBundleBuffer(
  data: Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<SnapshotInput> {
  return readBundleFrom(
    Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
    limits,
  );
}

/** Text of one uploaded tool output, refused when it is too large. */
export function textInput(
  data: Uint8Array,
  name: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): SnapshotInput {
  if (data.byteLength > limits.maxEntryBytes)
    throw new BundleError("too-large", `${name} is larger than ${limits.maxEntryBytes} bytes`);
  return { kind: "file", files: [bytesFile(name, data)] };
}

/** A bundle's files as bytes: entries by path, the checked manifest, and the tool outputs' paths. */
export interface BundleEntries {
  entries: Map<string, Buffer>;
  manifest?: Manifest;
  /** Paths of the tool outputs in the order they are parsed (sorted; no manifest.json, no err/). */
  paths: string[];
}

/**
 * Unpacks a .tar.gz with the limits above. `onEntry` sees each file as soon as it is unpacked (a
 * later entry of the same path replaces it in `entries`).
 */
export async function readBundleEntries(
  source: Readable,
  limits: ReadLimits = DEFAULT_LIMITS,
  onEntry?: (path: string, data: Buffer) => void,
): Promise<BundleEntries> {
  const entries = new Map<string, Buffer>();
  let count = 0;
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    // Large output chunks: far fewer callbacks than the 16 KiB default on a 500 MB bundle.
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    const tar = extract();
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      source.destroy();
      gunzip.destroy();
      tar.destroy();
      reject(toBundleError(err));
    };
    let unpacked = 0;
    gunzip.on("data", (chunk: Buffer) => {
      unpacked += chunk.length;
      // Tar framing adds at most 1 KiB per entry plus padding on top of the entries' bytes.
      if (unpacked > limits.maxTotalBytes + (limits.maxEntries + 2) * 1024) {
        fail(
          new BundleError("too-large", `bundle unpacks to more than ${limits.maxTotalBytes} bytes`),
        );
      }
    });
    tar.on("entry", (header: Header, stream, next) => {
      count++;
      if (count > limits.maxEntries) {
        fail(
          new BundleError("too-many-entries", `bundle has more than ${limits.maxEntries} entries`),
        );
        return;
      }
      try {
        const name = safeEntryPath(header.name);
        const type = header.type ?? "file";
        if (type === "directory") {
          stream.resume();
          stream.on("end", next);
          return;
        }
        if (type === "symlink" || type === "link") {
          throw new BundleError(
            "link-entry",
            `bundle entry ${name} is a ${type === "link" ? "hard link" : "symbolic link"}: refused`,
          );
        }
        if (type !== "file" && type !== "contiguous-file") {
          throw new BundleError("bad-entry", `bundle entry ${name} is a ${type}: refused`);
        }
        const declared = header.size ?? 0;
        if (declared > limits.maxEntryBytes) {
          throw new BundleError(
            "too-large",
            `bundle entry ${name} declares ${declared} bytes (limit ${limits.maxEntryBytes})`,
          );
        }
        if (total + declared > limits.maxTotalBytes) {
          throw new BundleError(
            "too-large",
            `bundle unpacks to more than ${limits.maxTotalBytes} bytes`,
          );
        }
        const chunks: Buffer[] = [];
        let got = 0;
        stream.on("data", (chunk: unknown) => {
          const c = chunk as Buffer;
          got += c.length;
          if (got > limits.maxEntryBytes) {
            fail(
              new BundleError(
                "too-large",
                `bundle entry ${name} is larger than ${limits.maxEntryBytes} bytes`,
              ),
            );
            return;
          }
          chunks.push(c);
        });
        stream.on("end", () => {
          total += got;
          const data = Buffer.concat(chunks);
          entries.set(name, data);
          onEntry?.(name, data);
          next();
        });
        stream.on("error", fail);
      } catch (err) {
        fail(err);
      }
    });
    tar.on("finish", () => {
      if (!failed) resolve();
    });
    tar.on("error", fail);
    gunzip.on("error", fail);
    source.on("error", fail);
    source.pipe(gunzip).pipe(tar);
  });
  const manifestBuf = entries.get("manifest.json");
  let manifest: Manifest | undefined;
  if (manifestBuf !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(decode(manifestBuf));
    } catch (err) {
      throw new BundleError(
        "bad-manifest",
        `manifest.json is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    manifest = validateManifest(json);
  } else if (entries.size === 0) {
    throw new BundleError("not-tar", "the archive holds no files");
  }
  const paths = [...entries.keys()]
    .sort((a, b) => (a < b ? -1 : 1))
    .filter((name) => name !== "manifest.json" && !name.startsWith("err/"));
  return manifest === undefined ? { entries, paths } : { entries, manifest, paths };
}

async function readBundleFrom(source: Readable, limits: ReadLimits): Promise<SnapshotInput> {
  const { entries, manifest, paths } = await readBundleEntries(source, limits);
  const files: InputFile[] = [];
  for (const name of paths) files.push(bytesFile(name, entries.get(name) ?? Buffer.alloc(0)));
  return manifest === undefined ? { kind: "bundle", files } : { kind: "bundle", files, manifest };
}

function toBundleError(err: unknown): BundleError {
  if (err instanceof BundleError) return err;
  const e = err as NodeJS.ErrnoException;
  const msg = e instanceof Error ? e.message : String(err);
  if (e.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(msg))
    return new BundleError("truncated", "the gzip stream ends early (truncated bundle)");
  if (
    e.code === "Z_DATA_ERROR" ||
    (/incorrect header check|invalid/i.test(msg) && e.code?.startsWith("Z_"))
  )
    return new BundleError("not-gzip", `not a gzip file: ${msg}`);
  if (e.code === "ENOENT") return new BundleError("not-found", `no such file: ${e.path ?? ""}`);
  if (e.code === "EACCES" || e.code === "EISDIR") return new BundleError("unreadable", msg);
  if (/unexpected end of data|invalid tar header|Invalid tar header/i.test(msg))
    return new BundleError("not-tar", `not a tar archive inside the gzip: ${msg}`);
  return new BundleError("unreadable", msg);
}

/**
 * The files of a directory of tool outputs, as paths relative to it, in the order they are read:
 * names sorted, two levels deep, without dot files, `err/` and anything but regular files. More
 * than `maxEntries` files besides manifest.json are refused. A symbolic link, device, pipe or
 * socket is not read (a link could point anywhere, and a pipe could block the read forever): each
 * gets a warning in `skipped`, so that who linked a log in knows why it is not there.
 */
export function listDirectory(
  dir: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  skipped: string[] = [],
): string[] {
  const out: string[] = [];
  let files = 0;
  const walk = (rel: string, depth: number): void => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (depth < 2 && r !== "err") walk(r, depth + 1);
        continue;
      }
      if (!e.isFile()) {
        const what = e.isSymbolicLink()
          ? "a symbolic link"
          : e.isFIFO()
            ? "a named pipe"
            : e.isSocket()
              ? "a socket"
              : "a device";
        skipped.push(`${r}: not read: ${what}; only regular files are read`);
        continue;
      }
      if (files >= limits.maxEntries)
        throw new BundleError(
          "too-many-entries",
          `${dir} has more than ${limits.maxEntries} files`,
        );
      if (r !== "manifest.json") files++;
      out.push(r);
    }
  };
  walk("", 0);
  return out;
}

/** manifest.json's text, checked. */
export function manifestOf(text: string): Manifest {
  try {
    return validateManifest(JSON.parse(text));
  } catch (err) {
    if (err instanceof BundleError) throw err;
    throw new BundleError("bad-manifest", "manifest.json is not JSON");
  }
}

/** A directory of tool outputs (an unpacked bundle when it holds manifest.json). Two levels deep. */
export function readDirectory(dir: string, limits: ReadLimits = DEFAULT_LIMITS): SnapshotInput {
  const files: InputFile[] = [];
  let manifest: Manifest | undefined;
  let total = 0;
  const skipped: string[] = [];
  for (const r of listDirectory(dir, limits, skipped)) {
    const bytes = readFileBytes(path.join(dir, r), limits.maxEntryBytes);
    total += bytes.length;
    if (total > limits.maxTotalBytes)
      throw new BundleError("too-large", `${dir} holds more than ${limits.maxTotalBytes} bytes`);
    if (r === "manifest.json") manifest = manifestOf(decodeText(bytes));
    else files.push(bytesFile(r, bytes));
  }
  const input: SnapshotInput = { kind: "directory", files, warnings: skipped };
  if (manifest !== undefined) input.manifest = manifest;
  return input;
}

/** True when `bytes` start as gzip data does (a bundle), whatever its name says. */
export function isGzipData(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True when the file starts with gzip's magic bytes. */
export function startsWithGzipMagic(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(2);
    return readSync(fd, buf, 0, 2, 0) === 2 && isGzipData(buf);
  } finally {
    closeSync(fd);
  }
}

/** A bundle, a directory or one file, told apart by what is on disk (gzip magic, not the name). */
export async function readSnapshotInput(
  p: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<SnapshotInput> {
  let st;
  try {
    st = statSync(p);
  } catch (err) {
    throw toBundleError(err);
  }
  if (st.isDirectory()) return readDirectory(p, limits);
  if (!st.isFile()) throw new BundleError("unreadable", `${p} is not a regular file or directory`);
  try {
    if (startsWithGzipMagic(p)) return await readBundle(p, limits);
    if (/\.(tar\.gz|tgz)$/i.test(p))
      throw new BundleError("not-gzip", `${p} is named like a bundle but is not gzip data`);
    return {
      kind: "file",
      files: [bytesFile(path.basename(p), readFileBytes(p, limits.maxEntryBytes))],
    };
  } catch (err) {
    throw toBundleError(err);
  }
}

/** Reads and parses in one go, in this thread (the CLI's path is parallel.ts `parsePathParallel`). */
export async function parsePath(
  p: string,
  opts: ParseOptions = {},
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<ParseDocument> {
  const input = await readSnapshotInput(p, limits);
  return withInputWarnings(parseSnapshot(input.files, input.manifest, opts), input.warnings);
}
