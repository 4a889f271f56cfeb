/**
 * Crash safety (issue 7, item 3): kill -9 the server in the middle of ingesting a large bundle,
 * at a random point, restart it on the same data dir, and check that
 *  - it comes back (a stale postmaster.pid or an orphaned PostgreSQL does not stop it);
 *  - no partial snapshot is visible: every Snapshot has its blob and exactly the series, samples
 *    and events its counts say (all or nothing);
 *  - an upload answered 201 before the kill is still there (a committed write survives);
 *  - the same upload retried lands exactly once: 201 then 200 duplicate, or 200 duplicate at once
 *    when the first try had committed before the kill.
 *
 * "The server" is the process tree of `npm start` (scripts/start.ts: tsx, Node, next-server,
 * and the embedded PostgreSQL with its backends). Two ways to die, alternating:
 *  - machine: SIGKILL to the whole tree at once, PostgreSQL included (a power cut; PostgreSQL
 *    recovers from its WAL at the next start);
 *  - node: SIGKILL to the Node processes only; PostgreSQL lives on as an orphan holding the data
 *    dir and port, and the next start must stop it first (lib/db/embedded.ts).
 *
 *   npx tsx --conditions=react-server scripts/bench/crash.ts [iterations=40: 20 of each]
 * e2e/crash.api.spec.ts runs two iterations (one of each) with a smaller bundle in `npm test`.
 */
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { stopOrphanPostmaster } from "@/lib/db/embedded";
import { snapshotIntegrity } from "./integrity";
import { makeCapture } from "./make-capture";
import { signIn, startServer, stopServer } from "./own-server";
import { killTree, processTree } from "./proc";
import { tarEntry } from "./tar";
import { mulberry32 } from "./rng";

/** The bundle with one more file in front (a gzip member of its own): new bytes, same data. */
function variant(bundle: Buffer, label: string): Uint8Array<ArrayBuffer> {
  const entry = tarEntry(`extra/crash-${label}.txt`, Buffer.from(`crash test ${label}\n`));
  return new Uint8Array(Buffer.concat([gzipSync(entry), bundle]));
}

async function shaCount(databaseUrl: string, teamSha: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ id: string }>(`SELECT "id" FROM "Snapshot" WHERE "sha256" = $1`, [
      teamSha,
    ]);
    return r.rows.map((x) => x.id);
  } finally {
    await c.end();
  }
}

export interface CrashRow {
  iteration: number;
  mode: "machine" | "node";
  /** Milliseconds after the request started when the tree was killed. */
  killAtMs: number;
  /** What the client had when the kill came. */
  client: "no answer" | "201";
  /** Snapshot rows of this upload found after the restart (0 or 1). */
  foundAfterRestart: number;
  restartMs: number;
  /** The restart found PostgreSQL of the killed server still running and stopped it first. */
  orphanStopped: boolean;
  retry: string;
  ok: boolean;
  problem?: string;
}

export interface CrashOptions {
  iterations?: number;
  port?: number;
  hours?: number;
  cpus?: number;
  seed?: number;
  cwd?: string;
  log?: (line: string) => void;
}

export async function benchCrash(opts: CrashOptions = {}) {
  const iterations = opts.iterations ?? 40;
  const port = opts.port ?? 3152;
  const hours = opts.hours ?? 6;
  const cpus = opts.cpus ?? 16;
  const log = opts.log ?? ((l: string) => console.log(l));
  const cwd = opts.cwd ?? process.cwd();
  const rand = mulberry32(opts.seed ?? 2026);
  const file = path.join(cwd, `bench-data/capture-${hours}h-${cpus}cpu.tar.gz`);
  if (!existsSync(file)) await makeCapture(hours, cpus, file);
  const bundle = await readFile(file);
  const dataDir = `bench-data/crash-${port}`;
  await rm(path.join(cwd, dataDir), { recursive: true, force: true });

  let server = await startServer({ port, dataDir, cwd });
  const cookie = await signIn(server.base);
  const token = (
    (await (
      await fetch(`${server.base}/api/tokens`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ name: "crash" }),
      })
    ).json()) as { secret: string }
  ).secret;
  const upload = (body: Uint8Array<ArrayBuffer>) =>
    fetch(`${server.base}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
      body,
    });

  // How long a whole ingest takes here, to spread the kills over it.
  const warm = variant(bundle, "warm-up");
  const t0 = performance.now();
  const first = await upload(warm);
  const ingestMs = performance.now() - t0;
  if (first.status !== 201) throw new Error(`warm-up upload answered ${first.status}`);
  log(
    `[crash] ${path.basename(file)} (${(bundle.length / 1e6).toFixed(1)} MB): ingest ${ingestMs.toFixed(0)} ms`,
  );

  const rows: CrashRow[] = [];
  let estimateMs = ingestMs;
  try {
    for (let i = 0; i < iterations; i++) {
      const mode = i % 2 === 0 ? "machine" : "node";
      const body = variant(bundle, `${opts.seed ?? 2026}-${i}`);
      const sha = (await import("node:crypto")).createHash("sha256").update(body).digest("hex");
      // Over the whole ingest and a little past it (the answer may be lost after the commit).
      const killAtMs = Math.round(rand() * estimateMs * 1.3);
      const answer: { status: number | null } = { status: null };
      const request = upload(body).then(
        (r) => {
          answer.status = r.status;
          return r.text();
        },
        () => null,
      );
      await new Promise((r) => setTimeout(r, killAtMs));
      const root = server.proc.pid;
      if (root === undefined) throw new Error("server has no pid");
      const client: CrashRow["client"] = answer.status === 201 ? "201" : "no answer";
      const killed = killTree(root, mode);
      await request;
      // Wait until every killed process is gone.
      for (
        let k = 0;
        k < 100 && processTree(root).some((p) => killed.some((x) => x.pid === p.pid));
        k++
      )
        await new Promise((r) => setTimeout(r, 50));
      const restarted = await startServer({ port, dataDir, cwd });
      server = restarted;
      const found = await shaCount(server.databaseUrl, sha);
      const integrity = await snapshotIntegrity(server.databaseUrl);
      const problems: string[] = [...integrity.problems];
      if (found.length > 1) problems.push(`${found.length} snapshots for one upload`);
      if (client === "201" && found.length !== 1)
        problems.push("an upload answered 201 before the crash is gone");
      const retryStarted = performance.now();
      const r1 = await upload(body);
      // The first upload after a restart is the slow one (cold server): time the kills by it.
      if (r1.status === 201) estimateMs = performance.now() - retryStarted;
      const b1 = (await r1.json()) as { snapshotId?: string; duplicate?: boolean };
      const r2 = await upload(body);
      const b2 = (await r2.json()) as { snapshotId?: string; duplicate?: boolean };
      const expected = found.length === 1 ? 200 : 201;
      if (r1.status !== expected)
        problems.push(`retry answered ${r1.status}, expected ${expected}`);
      if (r2.status !== 200 || b2.duplicate !== true || b2.snapshotId !== b1.snapshotId)
        problems.push(`second retry answered ${r2.status} ${JSON.stringify(b2).slice(0, 80)}`);
      const after = await shaCount(server.databaseUrl, sha);
      if (after.length !== 1) problems.push(`${after.length} snapshots after the retries`);
      const row: CrashRow = {
        iteration: i + 1,
        mode,
        killAtMs,
        client,
        foundAfterRestart: found.length,
        restartMs: Math.round(restarted.startMs),
        orphanStopped: restarted.log().includes("still running (pid"),
        retry: `${r1.status} then ${r2.status}`,
        ok: problems.length === 0,
        ...(problems.length > 0 ? { problem: problems.join("; ") } : {}),
      };
      rows.push(row);
      log(
        `[crash] ${row.iteration}/${iterations} ${mode} kill at ${killAtMs} ms (${client}): ${found.length} found, restart ${row.restartMs} ms, retry ${row.retry}${row.ok ? "" : ` PROBLEM ${row.problem ?? ""}`}`,
      );
    }
  } finally {
    await stopServer(server);
    // A run that failed between a kill and a restart may leave an orphaned PostgreSQL behind.
    await stopOrphanPostmaster(path.join(cwd, dataDir, "pg"));
  }
  return {
    bundleMB: bundle.length / 1e6,
    ingestMs,
    rows,
    survived: rows.filter((r) => r.ok).length,
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  benchCrash({ iterations: Number(process.argv[2] ?? 40) })
    .then((r) => {
      console.table(r.rows);
      console.log(
        `[crash] survived ${r.survived}/${r.rows.length} kills (bundle ${r.bundleMB.toFixed(1)} MB, ingest ${r.ingestMs.toFixed(0)} ms)`,
      );
      if (r.survived !== r.rows.length) process.exitCode = 1;
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
