/**
 * Ingest, storage and read benchmark (issue 3), side by side in one run on one PostgreSQL:
 *  - ingest: POST the 24-hour 16-CPU capture to /api/ingest of a running server (HTTP, gunzip,
 *    parse, chunk encode, one transaction) vs a plain COPY of the same samples, one row each, into
 *    an indexed table (series_id, ts, value);
 *  - storage: bytes per stored sample (pg_total_relation_size of Series + SampleChunk);
 *  - read: one hour of 20 series through the chunk reader (server-side time).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { readWindow } from "@/lib/db/samples/reader";
import { parsePath } from "@/lib/snapshot/read-input";
import { makeCapture } from "./make-capture";
import { startBenchServer } from "./server";

export interface IngestBench {
  samples: number;
  bundleMB: number;
  ingestMs: number;
  copyMs: number;
  ingestSpeedup: number;
  bytesPerSample: number;
  flatBytesPerSample: number;
  read20x1hMs: number;
  readPoints: number;
  /** The server's own phases (Server-Timing of the ingest answer). */
  serverTiming: string;
  /** GET /api/incidents/:id/series for the five charts over the whole day: server time (median). */
  chartSeries: number;
  chartServerMs: number;
  chartMaxPoints: number;
}

/** The five Analyze charts' selectors on a 16-CPU host: about 40 series. */
export const CHART_SELECTORS = [
  "cpu.user_pct{cpu=all}",
  "cpu.system_pct{cpu=all}",
  "cpu.iowait_pct{cpu=all}",
  "cpu.steal_pct{cpu=all}",
  ...Array.from({ length: 16 }, (_, i) => `cpu.user_pct{cpu=${i}}`),
  "mem.available_bytes",
  "mem.used_bytes",
  "swap.in_bytes_per_s",
  "swap.out_bytes_per_s",
  "disk.util_pct",
  "disk.await_ms",
  "net.rx_bytes_per_s",
  "net.tx_bytes_per_s",
  "tcp.retrans_segs_per_s",
  "load.1m",
  "procs.running",
  "system.context_switches_per_s",
  "system.interrupts_per_s",
];

async function timeCopy(client: pg.Client, file: string): Promise<{ ms: number; samples: number }> {
  const doc = await parsePath(file);
  await client.query("DROP TABLE IF EXISTS bench_flat_samples");
  await client.query(
    "CREATE TABLE bench_flat_samples (series_id int NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL)",
  );
  await client.query("CREATE INDEX ON bench_flat_samples (series_id, ts)");
  const anchor = Date.parse("2026-11-30T00:00:05Z");
  const started = performance.now();
  const stream = client.query(copyFrom("COPY bench_flat_samples FROM STDIN"));
  let samples = 0;
  let buf = "";
  const flush = async () => {
    if (!stream.write(buf)) await new Promise((r) => stream.once("drain", r));
    buf = "";
  };
  for (const [id, s] of doc.series.entries()) {
    const off = s.relative ? anchor : 0;
    for (let i = 0; i < s.times.length; i++) {
      buf += `${id}\t${new Date((s.times[i] ?? 0) + off).toISOString()}\t${s.values[i] ?? 0}\n`;
      samples++;
      if (buf.length > 1 << 20) await flush();
    }
  }
  await flush();
  await new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
    stream.end();
  });
  return { ms: performance.now() - started, samples };
}

export async function benchIngest(hours = 24, cpus = 16): Promise<IngestBench> {
  const file = `bench-data/capture-${hours}h-${cpus}cpu.tar.gz`;
  if (!existsSync(file)) await makeCapture(hours, cpus, file);
  const bytes = await readFile(file);
  const server = await startBenchServer({ env: { WARROOM_MAX_UPLOAD_BYTES: String(2 ** 30) } });
  const client = new pg.Client({ connectionString: server.databaseUrl });
  try {
    const tokenRes = await fetch(`${server.base}/api/tokens`, {
      method: "POST",
      headers: { cookie: server.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "bench" }),
    });
    const { secret } = (await tokenRes.json()) as { secret: string };
    const started = performance.now();
    const res = await fetch(`${server.base}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/gzip" },
      body: bytes,
    });
    const body = (await res.json()) as { counts?: { points: number }; error?: string };
    const serverTiming = res.headers.get("server-timing") ?? "";
    const ingestMs = performance.now() - started;
    if (res.status !== 201)
      throw new Error(
        `ingest answered ${res.status}: ${JSON.stringify(body)}\n${server.log().slice(-3000)}`,
      );

    await client.connect();
    const copy = await timeCopy(client, file);
    const size = await client.query<{ chunks: string; flat: string }>(
      `SELECT (pg_total_relation_size('"SampleChunk"') + pg_total_relation_size('"Series"'))::text AS chunks,
              pg_total_relation_size('bench_flat_samples')::text AS flat`,
    );
    const points = body.counts?.points ?? 0;
    const ids = await client.query<{ id: string; first: Date }>(
      `SELECT id::text, "firstAt" AS first FROM "Series" ORDER BY "pointCount" DESC, id LIMIT 20`,
    );
    const from = (ids.rows[0]?.first.getTime() ?? 0) + 6 * 3_600_000;
    const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    const times: number[] = [];
    let readPoints = 0;
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const win = await readWindow(
        pool,
        ids.rows.map((r) => r.id),
        from,
        from + 3_600_000,
      );
      times.push(performance.now() - t0);
      readPoints = [...win.values()].reduce((a, w) => a + w.times.length, 0);
    }
    await pool.end();
    times.sort((a, b) => a - b);

    // The charts' API on the same data: attach the snapshot to an incident (the same bytes again
    // with ?incident= is a duplicate that links it), then ask for the five charts' series.
    const incidentRes = await fetch(`${server.base}/api/incidents`, {
      method: "POST",
      headers: { cookie: server.cookie, "content-type": "application/json" },
      body: JSON.stringify({
        title: "Bench: a day of a 16-CPU host",
        severity: "SEV3",
        environment: "bare-metal",
      }),
    });
    const incident = (await incidentRes.json()) as { id: string };
    const link = await fetch(`${server.base}/api/ingest?incident=${incident.id}&role=incident`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/gzip" },
      body: bytes,
    });
    if (link.status !== 200) throw new Error(`linking answered ${link.status}`);
    const chartUrl = `${server.base}/api/incidents/${incident.id}/series?width=1200&metrics=${encodeURIComponent(CHART_SELECTORS.join(","))}`;
    const chartTimes: number[] = [];
    let chartSeries = 0;
    let chartMaxPoints = 0;
    for (let i = 0; i < 7; i++) {
      const r = await fetch(chartUrl, { headers: { cookie: server.cookie } });
      const timing = /series;dur=([\d.]+)/.exec(r.headers.get("server-timing") ?? "");
      const data = (await r.json()) as { series: { points: unknown[] }[] };
      chartSeries = data.series.length;
      chartMaxPoints = Math.max(...data.series.map((x) => x.points.length));
      if (timing?.[1]) chartTimes.push(Number(timing[1]));
    }
    chartTimes.sort((a, b) => a - b);
    return {
      samples: points,
      bundleMB: bytes.length / 1e6,
      ingestMs,
      copyMs: copy.ms,
      ingestSpeedup: copy.ms / ingestMs,
      bytesPerSample: Number(size.rows[0]?.chunks ?? 0) / points,
      flatBytesPerSample: Number(size.rows[0]?.flat ?? 0) / copy.samples,
      read20x1hMs: times[Math.floor(times.length / 2)] ?? 0,
      readPoints,
      serverTiming,
      chartSeries,
      chartServerMs: chartTimes[Math.floor(chartTimes.length / 2)] ?? NaN,
      chartMaxPoints,
    };
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}
