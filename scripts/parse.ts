/**
 * `npm run --silent parse -- [--tool NAME] [--date YYYY-MM-DD] [--tz ZONE] [--workers N] PATH`
 *
 * Parses a snapshot bundle (.tar.gz), a directory of tool outputs or one tool output and prints one
 * JSON document (docs/design.md §3) on stdout. Exit 0 when the input was read, even with warnings;
 * otherwise exit 1 (unreadable input) or 2 (bad arguments) with a one-line reason on stderr.
 * A thin wrapper over lib/snapshot.
 *
 * The files of a large bundle or directory are parsed on all cores (lib/snapshot/parallel.ts);
 * `--workers N` sets the worker threads besides this one (0: this thread only). The document is
 * the same either way.
 */
import { once } from "node:events";
import { BundleError, type ParseDocument, type ParseOptions } from "../lib/snapshot/bundle";
import { toolNames } from "../lib/snapshot/parsers/registry";
import { closeParsePool, parsePathParallel } from "../lib/snapshot/parallel";
import { isValidTimeZone, parseIsoDate, PointTimeText } from "../lib/snapshot/util/time";

class UsageError extends Error {}

const USAGE = "usage: parse [--tool NAME] [--date YYYY-MM-DD] [--tz ZONE] [--workers N] PATH";

function parseArgs(argv: string[]): { opts: ParseOptions; path: string; workers?: number } {
  const opts: ParseOptions = {};
  let workers: number | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const value = (name: string): string => {
      const eq = a.indexOf("=");
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === "--tool" || a.startsWith("--tool=")) {
      const tool = value("--tool");
      if (!toolNames().includes(tool))
        throw new UsageError(`unknown --tool ${tool} (known: ${toolNames().join(", ")})`);
      opts.tool = tool;
    } else if (a === "--date" || a.startsWith("--date=")) {
      const date = value("--date");
      const d = parseIsoDate(date);
      const real =
        d !== undefined && new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDate() === d.day;
      if (!real) throw new UsageError(`bad --date ${date} (expected YYYY-MM-DD)`);
      opts.date = date;
    } else if (a === "--tz" || a.startsWith("--tz=")) {
      const tz = value("--tz");
      if (!isValidTimeZone(tz))
        throw new UsageError(
          `bad --tz ${tz} (expected an IANA zone like Europe/Berlin, UTC or +01:00)`,
        );
      opts.tz = tz;
    } else if (a === "--workers" || a.startsWith("--workers=")) {
      const n = value("--workers");
      if (!/^\d{1,3}$/.test(n)) throw new UsageError(`bad --workers ${n} (expected 0 or more)`);
      workers = Number(n);
    } else if (a === "--help" || a === "-h") {
      throw new UsageError(USAGE);
    } else if (a.startsWith("--")) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      paths.push(a);
    }
  }
  if (paths.length !== 1)
    throw new UsageError(paths.length === 0 ? "missing PATH" : "give exactly one PATH");
  const out: { opts: ParseOptions; path: string; workers?: number } = {
    opts,
    path: paths[0] ?? "",
  };
  if (workers !== undefined) out.workers = workers;
  return out;
}

/**
 * Writes the document piece by piece: a 100 MB capture's JSON does not fit in one string. Series
 * are columns in memory; their points are written in the contract's `[t, value]` form
 * (`pointsOf`), a chunk of points at a time.
 */
async function writeDocument(doc: ParseDocument): Promise<void> {
  const out = process.stdout;
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write(
    `{"inputs":${JSON.stringify(doc.inputs)},"host":${JSON.stringify(doc.host)},"series":[`,
  );
  const text = new PointTimeText();
  const CHUNK = 10_000;
  for (let i = 0; i < doc.series.length; i++) {
    const s = doc.series[i];
    if (s === undefined) continue;
    const head = JSON.stringify({ metric: s.metric, labels: s.labels, unit: s.unit });
    await write(`${i > 0 ? "," : ""}${head.slice(0, -1)},"points":[`);
    const n = Math.min(s.times.length, s.values.length);
    const relative = s.relative === true;
    let part = "";
    for (let k = 0; k < n; k++) {
      const t = text.json(s.times[k] ?? NaN, relative);
      part += `${k > 0 ? "," : ""}[${t},${JSON.stringify(s.values[k] ?? null)}]`;
      if ((k + 1) % CHUNK === 0) {
        await write(part);
        part = "";
      }
    }
    if (part !== "") await write(part);
    await write(s.sinceBoot === undefined ? "]}" : `],"sinceBoot":${JSON.stringify(s.sinceBoot)}}`);
  }
  await write(
    `],"events":${JSON.stringify(doc.events)},"warnings":${JSON.stringify(doc.warnings)}}\n`,
  );
}

async function main(): Promise<number> {
  // A reader that stops early (`| head`) is not an error of ours.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
  });
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`parse: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let doc: ParseDocument;
  try {
    doc = await parsePathParallel(
      args.path,
      args.opts,
      undefined,
      args.workers === undefined ? {} : { workers: args.workers },
    );
  } catch (err) {
    const msg =
      err instanceof BundleError
        ? err.message
        : `cannot read ${args.path}: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`parse: ${msg.split("\n")[0] ?? msg}\n`);
    return 1;
  }
  await closeParsePool();
  await writeDocument(doc);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`parse: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
