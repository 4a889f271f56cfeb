/**
 * `npm run --silent analyze -- [--baseline PATH]... [--env bare-metal|vm|container|kubernetes] PATH...`
 *
 * Reads one or more snapshots of the incident (bundle .tar.gz, directory of tool outputs, or one
 * tool output; several PATHs are merged) and optional baselines of the same host, and prints one
 * JSON document (docs/design.md §3): the environment, the findings most important first, and the
 * biggest deviations from the baseline. Exit 0 when the input was read (even with warnings);
 * 1 when an input cannot be read, 2 on bad arguments, each with a one-line reason on stderr.
 * A thin wrapper over lib/snapshot (reading, parsing) and lib/analysis (everything else).
 */
import { pathToFileURL } from "node:url";
import { analyze, isEnvironment } from "../lib/analysis";
import type { TimeWindow } from "../lib/analysis";
import { BundleError, parseSnapshot } from "../lib/snapshot/bundle";
import { readSnapshotInput, withInputWarnings } from "../lib/snapshot/read-input";
import {
  seriesKey,
  type Environment,
  type HostEvent,
  type HostInfo,
  type Series,
} from "../lib/snapshot/types";

class UsageError extends Error {}

const USAGE =
  "usage: analyze [--baseline PATH]... [--env bare-metal|vm|container|kubernetes] PATH...";

interface Args {
  paths: string[];
  baselines: string[];
  env?: Environment;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], baselines: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const value = (name: string): string => {
      const eq = a.indexOf("=");
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === "--baseline" || a.startsWith("--baseline=")) {
      args.baselines.push(value("--baseline"));
    } else if (a === "--env" || a.startsWith("--env=")) {
      const env = value("--env");
      if (!isEnvironment(env))
        throw new UsageError(`unknown --env ${env} (one of bare-metal, vm, container, kubernetes)`);
      args.env = env;
    } else if (a === "--help" || a === "-h") {
      throw new UsageError(USAGE);
    } else if (a.startsWith("--")) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.paths.push(a);
    }
  }
  if (args.paths.length === 0) throw new UsageError("missing PATH");
  return args;
}

interface Snapshot {
  series: Series[];
  events: HostEvent[];
  host: HostInfo;
  warnings: string[];
  /** The capture's start and end from a bundle manifest. */
  window?: TimeWindow;
  /** The sysstat history in the bundle (`sadf -j` of today and yesterday), parsed on its own. */
  history: Series[];
}

/** sysstat history files: `cmd/sadf_today.txt`, `sadf_yesterday.txt` (or any file named sadf*). */
const HISTORY = /(^|\/)sadf[^/]*$/i;

async function readSnapshot(path: string): Promise<Snapshot> {
  const input = await readSnapshotInput(path);
  // The combined series keep one source per key (sar over sadf), which would drop the history
  // before the capture: the history files are parsed on their own and serve as the baseline;
  // the incident is everything else (or the history itself when that is all there is).
  const historyFiles = input.files.filter((f) => HISTORY.test(f.path));
  const captureFiles = input.files.filter((f) => !HISTORY.test(f.path));
  const doc = withInputWarnings(
    parseSnapshot(captureFiles.length > 0 ? captureFiles : input.files, input.manifest),
    input.warnings,
  );
  const history =
    historyFiles.length === 0 || captureFiles.length === 0
      ? []
      : parseSnapshot(historyFiles, input.manifest).series;
  const snap: Snapshot = {
    series: doc.series,
    events: doc.events,
    host: doc.host,
    warnings: doc.warnings,
    history,
  };
  // The capture's window: from its start to its end, stretched over the commands that read
  // files at the very start and end (they can finish a second after `capture.end`).
  const m = input.manifest;
  if (m !== undefined) {
    let from = Date.parse(m.capture.start);
    let to = m.capture.end === undefined ? NaN : Date.parse(m.capture.end);
    for (const c of m.commands) {
      const a = c.startedAt === undefined ? NaN : Date.parse(c.startedAt);
      const b = c.endedAt === undefined ? a : Date.parse(c.endedAt);
      if (a < from) from = a;
      if (b > to || (!Number.isFinite(to) && Number.isFinite(b))) to = b;
    }
    if (Number.isFinite(from) && Number.isFinite(to) && to > from) snap.window = { from, to };
  }
  return snap;
}

/** Several inputs of one incident: same-key series are joined in time order. */
function merge(snaps: readonly Snapshot[]): Snapshot {
  const first = snaps[0];
  if (snaps.length === 1 && first !== undefined) return first;
  const byKey = new Map<string, Series>();
  const host: HostInfo = {};
  const events: HostEvent[] = [];
  const warnings: string[] = [];
  let window: TimeWindow | undefined;
  let allWindows = true;
  for (const s of snaps) {
    for (const x of s.series) {
      const key = `${seriesKey(x.metric, x.labels)}\u0000${x.relative ? "rel" : "abs"}`;
      const prev = byKey.get(key);
      if (prev === undefined) {
        byKey.set(key, { ...x, times: [...x.times], values: [...x.values] });
        continue;
      }
      const times = [...prev.times, ...x.times];
      const values = [...prev.values, ...x.values];
      const idx = Array.from({ length: times.length }, (_, k) => k);
      idx.sort((p, q) => (times[p] ?? 0) - (times[q] ?? 0));
      prev.times = [];
      prev.values = [];
      for (const k of idx) {
        const t = times[k] ?? 0;
        if (prev.times.length > 0 && prev.times[prev.times.length - 1] === t) continue;
        prev.times.push(t);
        prev.values.push(values[k] ?? NaN);
      }
    }
    events.push(...s.events);
    warnings.push(...s.warnings);
    for (const [k, v] of Object.entries(s.host))
      if (v !== undefined && (host as Record<string, unknown>)[k] === undefined)
        (host as Record<string, unknown>)[k] = v;
    if (s.window === undefined) allWindows = false;
    else
      window =
        window === undefined
          ? { ...s.window }
          : { from: Math.min(window.from, s.window.from), to: Math.max(window.to, s.window.to) };
  }
  const out: Snapshot = {
    series: [...byKey.values()],
    events,
    host,
    warnings,
    history: snaps.flatMap((s) => s.history),
  };
  if (allWindows && window !== undefined) out.window = window;
  return out;
}

/** Reading failed: the path and the one-line reason. */
export class InputError extends Error {}

/**
 * What the CLI prints for these inputs; the API's findings come from the same `analyze()` call
 * on the same parsed snapshot.
 */
export async function analyzePaths(
  paths: readonly string[],
  opts: { baselines?: readonly string[]; env?: Environment } = {},
) {
  let current = "";
  let incident: Snapshot;
  let baseline: Snapshot | undefined;
  try {
    const snaps: Snapshot[] = [];
    for (const p of paths) {
      current = p;
      snaps.push(await readSnapshot(p));
    }
    incident = merge(snaps);
    const bases: Snapshot[] = [];
    for (const p of opts.baselines ?? []) {
      current = p;
      bases.push(await readSnapshot(p));
    }
    if (bases.length > 0) baseline = merge(bases);
  } catch (err) {
    const msg =
      err instanceof BundleError
        ? err.message
        : `cannot read ${current}: ${err instanceof Error ? err.message : String(err)}`;
    throw new InputError(msg.split("\n")[0] ?? msg);
  }
  const history = baseline === undefined ? incident.history : [];
  const result = analyze(
    {
      series: incident.series,
      events: incident.events,
      host: incident.host,
      ...(opts.env === undefined ? {} : { environment: opts.env }),
    },
    {
      ...(incident.window === undefined ? {} : { window: incident.window }),
      ...(baseline !== undefined
        ? { baseline: { series: baseline.series, source: "snapshot" as const } }
        : history.length > 0
          ? { baseline: { series: history, source: "history" as const } }
          : {}),
    },
  );
  return {
    environment: result.environment,
    host: incident.host,
    window: result.window,
    baseline: result.baseline,
    findings: result.findings,
    deviations: result.deviations,
    warnings: [...incident.warnings, ...result.warnings],
  };
}

async function main(): Promise<number> {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
  });
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let doc;
  try {
    doc = await analyzePaths(args.paths, {
      baselines: args.baselines,
      ...(args.env === undefined ? {} : { env: args.env }),
    });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`analyze: ${err.message}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(doc)}\n`);
  return 0;
}

// Run as a command; imported (tests, the app), only the functions above.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
