/**
 * Load (issue 7, item 4): 50 concurrent uploads of 1 MB bundles for a minute against `npm start`
 * (scripts/start.ts: production build, embedded PostgreSQL) on loopback, from this process (the
 * server is a child process of its own). Every bundle is a real one (a captured scenario) plus a
 * unique 1 MB file, so each upload is new bytes (no idempotent 200s).
 *
 * Checks: zero lost (every snapshot id answered 201 exists afterwards, and the number of snapshots
 * equals the number of 201s), zero 5xx, zero dropped connections, no half snapshot. Reports
 * throughput and latency percentiles. Uses the server's default rate limit
 * (WARROOM_INGEST_RATE_PER_MIN), one token per 5 workers (ten hosts).
 *
 *   npx tsx --conditions=react-server scripts/bench/load.ts [seconds=60] [concurrency=50]
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { signIn, startServer, stopServer } from "./own-server";
import { snapshotIntegrity } from "./integrity";
import { tarEntry } from "./tar";
import { memoryOf, pidListeningOn } from "./proc";

/**
 * A real bundle with a 1 MB file added (random text: it compresses to about its size), as one
 * gzip member without the end-of-archive blocks; each upload puts a unique small entry in front.
 */
export function loadBundle(realBundle: Buffer, bytes = 1_000_000): Buffer {
  const tar = gunzipSync(realBundle);
  // Base64 of random bytes compresses back to about the bytes' size: the bundle is ~`bytes`.
  const padding = Buffer.from(randomBytes(bytes).toString("base64"));
  const lines = Buffer.from(padding.toString("latin1").replace(/(.{76})/g, "$1\n"));
  // The real tar ends with two zero blocks: the padding entry goes before them.
  let end = tar.length;
  while (end >= 512 && tar.subarray(end - 512, end).every((b) => b === 0)) end -= 512;
  return gzipSync(
    Buffer.concat([tar.subarray(0, end), tarEntry("extra/padding.txt", lines), Buffer.alloc(1024)]),
  );
}

function unique(base: Buffer, n: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    Buffer.concat([gzipSync(tarEntry(`extra/load-${n}.txt`, Buffer.from(`${n}\n`))), base]),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface LoadResult {
  seconds: number;
  concurrency: number;
  bundleBytes: number;
  requests: number;
  created: number;
  status: Record<string, number>;
  networkErrors: number;
  uploadsPerSecond: number;
  megabytesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  snapshotsInDb: number;
  halfSnapshots: number;
  rssPeakMB: number;
}

export async function benchLoad(
  opts: {
    seconds?: number;
    concurrency?: number;
    port?: number;
    cwd?: string;
    env?: Record<string, string>;
  } = {},
): Promise<LoadResult> {
  const seconds = opts.seconds ?? 60;
  const concurrency = opts.concurrency ?? 50;
  const port = opts.port ?? 3153;
  const cwd = opts.cwd ?? process.cwd();
  const real = readFileSync(path.join(cwd, "lib/snapshot/fixtures/scenarios/cpu-all-cores.tar.gz"));
  const base = loadBundle(real);
  const server = await startServer({
    port,
    dataDir: `bench-data/load-${port}`,
    cwd,
    fresh: true,
    // The default rate limit applies (WARROOM_INGEST_RATE_PER_MIN unset).
    env: { WARROOM_INGEST_RATE_PER_MIN: "", ...opts.env },
  });
  const pid = pidListeningOn(port);
  let rssPeak = 0;
  const sampler = setInterval(() => {
    const m = pid ? memoryOf(pid) : null;
    if (m) rssPeak = Math.max(rssPeak, m.rss);
  }, 200);
  try {
    const cookie = await signIn(server.base);
    const tokens: string[] = [];
    for (let i = 0; i < Math.ceil(concurrency / 5); i++) {
      const r = await fetch(`${server.base}/api/tokens`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ name: `load host ${i}` }),
      });
      tokens.push(((await r.json()) as { secret: string }).secret);
    }
    const latencies: number[] = [];
    const status: Record<string, number> = {};
    const created: string[] = [];
    let networkErrors = 0;
    let n = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async (w: number) => {
      const token = tokens[Math.floor(w / 5)] ?? tokens[0] ?? "";
      while (performance.now() < deadline) {
        const body = unique(base, `${w}-${n++}-${Date.now()}`);
        const t0 = performance.now();
        try {
          const res = await fetch(`${server.base}/api/ingest`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
            body,
          });
          const json = (await res.json()) as { snapshotId?: string };
          latencies.push(performance.now() - t0);
          status[String(res.status)] = (status[String(res.status)] ?? 0) + 1;
          if (res.status === 201 && json.snapshotId) created.push(json.snapshotId);
          if (res.status === 429) {
            const wait = Number(res.headers.get("retry-after") ?? "1");
            await new Promise((r) => setTimeout(r, wait * 1000));
          }
        } catch {
          networkErrors++;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    let found = 0;
    let total = 0;
    try {
      found = Number(
        (
          await client.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM "Snapshot" WHERE "id" = ANY($1::text[])`,
            [created],
          )
        ).rows[0]?.n ?? 0,
      );
      total = Number(
        (await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Snapshot"`)).rows[0]
          ?.n ?? 0,
      );
    } finally {
      await client.end();
    }
    const integrity = await snapshotIntegrity(server.databaseUrl);
    if (Object.keys(status).some((k) => Number(k) >= 500)) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(path.join(cwd, `bench-data/load-${port}.log`), server.log());
    }
    latencies.sort((a, b) => a - b);
    const requests = latencies.length + networkErrors;
    return {
      seconds: elapsed,
      concurrency,
      bundleBytes: base.length,
      requests,
      created: created.length,
      status,
      networkErrors,
      uploadsPerSecond: created.length / elapsed,
      megabytesPerSecond: (created.length * base.length) / 1e6 / elapsed,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? 0,
      lost: created.length - found,
      snapshotsInDb: total,
      halfSnapshots: integrity.problems.length,
      rssPeakMB: rssPeak / 1e6,
    };
  } finally {
    clearInterval(sampler);
    await stopServer(server);
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  benchLoad({
    seconds: Number(process.argv[2] ?? 60),
    concurrency: Number(process.argv[3] ?? 50),
  })
    .then((r) => {
      console.log(JSON.stringify(r, null, 1));
      const fivexx = Object.entries(r.status)
        .filter(([s]) => Number(s) >= 500)
        .reduce((a, [, n]) => a + n, 0);
      if (r.lost > 0 || fivexx > 0 || r.networkErrors > 0 || r.halfSnapshots > 0)
        process.exitCode = 1;
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
