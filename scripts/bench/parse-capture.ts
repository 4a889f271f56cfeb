/**
 * The parse benchmark's capture input (benchmark data, not a fixture): a real collector bundle
 * (lib/snapshot/fixtures/scenarios/*.tar.gz, 35 s at 1 s) stretched to about 100 MB the way a
 * longer capture grows. The interval tools' outputs (vmstat, mpstat -P ALL, iostat -xz -t,
 * pidstat -u -d -r -w -h, sar -n DEV,EDEV / -n TCP,ETCP / -q -w / -u ALL / -r ALL -B -W / -d -p)
 * keep their header and `Average:` tail and get their samples repeated, every copy shifted by the
 * same number of seconds in every file, so the files stay in the collector's proportions (pidstat
 * is about 60%) and in step with each other. The point-in-time files (start/end /proc files,
 * free, df, ss, ip, cgroup files, dmesg, top) are kept as they are, and the manifest's end times,
 * sample count and command lines are moved to the longer capture.
 *
 * Written as a directory (the unpacked bundle) and as a .tar.gz with the entries in the original
 * bundle's order, under bench-data/parse/ (gitignored); reused while the generator version, the
 * scenario and the size match.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { readBundleEntries } from "../../lib/snapshot/read-input";
import { timeSpan, writeRepeated, type Repeatable } from "./parse-repeat";

const ROOT = path.join(import.meta.dirname, "..", "..");
const SCENARIOS = path.join(ROOT, "lib", "snapshot", "fixtures", "scenarios");
/** Bump when the generated capture changes, so old ones are rebuilt. */
const CAPTURE_VERSION = 2;

export const DEFAULT_SCENARIO = "context-switch-storm";

export interface Capture {
  /** The unpacked capture and the same as a .tar.gz. */
  dir: string;
  bundle: string;
  /** Every file of the directory (manifest.json included), for awk. */
  files: string[];
  /** Bytes in all of the directory's files. */
  bytes: number;
  /** Copies of the interval tools' samples, and the capture's length in seconds. */
  copies: number;
  seconds: number;
}

interface ManifestCommandJson {
  name: string;
  argv: string[];
  file?: string;
  phase?: string;
  startedAt?: string;
  endedAt?: string;
}
interface ManifestJson {
  capture: { start: string; end?: string; count: number; interval: number };
  commands: ManifestCommandJson[];
}

/** An interval tool: `... INTERVAL COUNT` at the end of its command line. */
function isInterval(cmd: ManifestCommandJson): boolean {
  const n = cmd.argv.length;
  return (
    cmd.phase === "during" &&
    n >= 3 &&
    /^\d+$/.test(cmd.argv[n - 1] ?? "") &&
    /^\d+$/.test(cmd.argv[n - 2] ?? "")
  );
}

/** Header (two lines), samples, and the `Average:` summary from its first line on. */
function splitOutput(text: string): Repeatable {
  let at = 0;
  for (let i = 0; i < 2; i++) at = text.indexOf("\n", at) + 1;
  const summary = /^Average:/m.exec(text.slice(at));
  const end = summary === null ? text.length : at + summary.index;
  const body = text.slice(at, end);
  return {
    head: text.slice(0, at),
    body: body.endsWith("\n") || body === "" ? body : `${body}\n`,
    tail: text.slice(end),
  };
}

const later = (iso: string | undefined, seconds: number): string | undefined =>
  iso === undefined
    ? undefined
    : new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(".000Z", "Z");

/** Builds (or reuses) the capture of about `mb` MB from `scenario`. */
export async function ensureCapture(
  mb: number,
  dir: string,
  scenario = DEFAULT_SCENARIO,
): Promise<Capture> {
  const name = `capture-${scenario}-${mb}mb`;
  const out = path.join(dir, name);
  const bundle = `${out}.tar.gz`;
  const meta = `${out}.meta.json`;
  const key = JSON.stringify({ v: CAPTURE_VERSION, scenario, mb });
  if (existsSync(meta) && existsSync(bundle)) {
    const saved = JSON.parse(await readFile(meta, "utf8")) as { key: string; capture: Capture };
    if (saved.key === key) return saved.capture;
  }
  const source = await readBundleEntries(
    createReadStream(path.join(SCENARIOS, `${scenario}.tar.gz`)),
  );
  const manifestBuf = source.entries.get("manifest.json");
  if (manifestBuf === undefined) throw new Error(`${scenario}: no manifest.json`);
  const manifest = JSON.parse(manifestBuf.toString("utf8")) as ManifestJson;
  const byFile = new Map(manifest.commands.map((c) => [c.file ?? "", c]));

  // The interval outputs, and one span for all of them: copies stay in step across files.
  const repeated = new Map<string, Repeatable>();
  let span = 0;
  let perCopy = 0;
  let fixed = 0;
  for (const [p, data] of source.entries) {
    const cmd = byFile.get(p);
    if (cmd !== undefined && isInterval(cmd)) {
      const r = splitOutput(data.toString("latin1"));
      repeated.set(p, r);
      span = Math.max(span, timeSpan(r.body));
      perCopy += Buffer.byteLength(r.body);
      fixed += Buffer.byteLength(r.head) + Buffer.byteLength(r.tail);
    } else fixed += data.byteLength;
  }
  const copies = Math.max(1, Math.ceil((mb * 1024 * 1024 - fixed) / perCopy));
  const shift = (copies - 1) * span;

  for (const c of manifest.commands) {
    if (c.phase === "end") {
      c.startedAt = later(c.startedAt, shift);
      c.endedAt = later(c.endedAt, shift);
    } else if (isInterval(c)) {
      c.endedAt = later(c.endedAt, shift);
      const n = c.argv.length;
      c.argv[n - 1] = String(Number(c.argv[n - 1]) * copies);
    }
  }
  manifest.capture.end = later(manifest.capture.end, shift);
  manifest.capture.count *= copies;

  rmSync(out, { recursive: true, force: true });
  const files: string[] = [];
  let bytes = 0;
  for (const [p, data] of source.entries) {
    const file = path.join(out, p);
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, "w");
    try {
      const r = repeated.get(p);
      if (p === "manifest.json") writeSync(fd, JSON.stringify(manifest, null, 1));
      else if (r !== undefined)
        writeRepeated(r, { copies, span }, (piece) => {
          writeSync(fd, piece);
        });
      else writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    files.push(file);
    bytes += statSync(file).size;
  }

  // The bundle: the same entries in the original order (manifest.json first), gzip level 6.
  const tar = pack();
  const written = pipeline(tar, createGzip(), createWriteStream(bundle));
  for (const p of source.entries.keys()) {
    const file = path.join(out, p);
    const size = statSync(file).size;
    await new Promise<void>((resolve, reject) => {
      const entry = tar.entry({ name: p, size, mode: 0o644 }, (err) => {
        if (err) reject(err);
        else resolve();
      });
      createReadStream(file).on("error", reject).pipe(entry);
    });
  }
  tar.finalize();
  await written;

  const capture: Capture = { dir: out, bundle, files, bytes, copies, seconds: copies * span };
  await writeFile(meta, JSON.stringify({ key, capture }));
  return capture;
}
