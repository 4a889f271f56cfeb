/**
 * Hostile uploads against a real server (issue 7, item 2): every case of the corpus
 * (scripts/bench/hostile-corpus.ts) to POST /api/ingest (API token) AND to the browser upload
 * POST /api/incidents/:id/snapshots (session). Each answer must be a 4xx with a reason
 * (`{ error }`), or 201/200 with the snapshot and its warnings; never a 5xx or a dropped
 * connection. Afterwards the server must answer /api/health, its memory (RSS of the process
 * listening on the port, sampled every 100 ms) must stay under a bound, and the database must
 * hold no half snapshot.
 *
 *   npx tsx --conditions=react-server scripts/bench/hostile.ts        (full corpus, own server)
 * The e2e suite sends a smaller sample to its server (e2e/hostile.api.spec.ts).
 */
import { hostileCorpus, type HostileCase } from "./hostile-corpus";
import { snapshotIntegrity, type IntegrityReport } from "./integrity";
import { memoryOf, pidListeningOn } from "./proc";
import { startBenchServer } from "./server";

export interface HostileTarget {
  base: string;
  /** API token for /api/ingest. */
  token: string;
  /** Cookie header of a signed-in responder, for the browser upload. */
  cookie: string;
  incidentId: string;
  /** The server process (for its memory); found from the port when omitted. */
  pid?: number | null;
  databaseUrl?: string;
}

export interface HostileOutcome {
  name: string;
  category: string;
  route: "ingest" | "browser";
  status: number;
  ms: number;
  /** Why the answer is not acceptable; undefined when it is. */
  problem?: string;
}

export interface HostileReport {
  outcomes: HostileOutcome[];
  problems: string[];
  byStatus: Record<string, number>;
  rssBefore: number;
  rssAfter: number;
  rssPeak: number;
  healthAfter: number;
  integrity: IntegrityReport | null;
  seconds: number;
}

async function judge(res: Response): Promise<string | undefined> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `answer is not JSON: ${text.slice(0, 120)}`;
  }
  if (res.status >= 500) return `${res.status}: ${text.slice(0, 200)}`;
  if (res.status >= 400) {
    if (typeof body.error !== "string" || body.error.trim() === "")
      return `${res.status} without a reason`;
    if (res.status === 429 && !res.headers.get("retry-after")) return "429 without Retry-After";
    return undefined;
  }
  if (res.status === 201) {
    if (typeof body.snapshotId !== "string" || !Array.isArray(body.warnings))
      return "201 without snapshotId and warnings";
    return undefined;
  }
  if (res.status === 200)
    return body.duplicate === true ? undefined : "200 that is not a duplicate";
  return `unexpected status ${res.status}`;
}

async function sendOne(
  target: HostileTarget,
  c: HostileCase,
  route: "ingest" | "browser",
): Promise<HostileOutcome> {
  const query = c.query ? `?${c.query}` : "";
  const url =
    route === "ingest"
      ? `${target.base}/api/ingest${query}`
      : `${target.base}/api/incidents/${target.incidentId}/snapshots${query}`;
  const headers: Record<string, string> =
    route === "ingest" ? { authorization: `Bearer ${target.token}` } : { cookie: target.cookie };
  if (c.contentType) headers["content-type"] = c.contentType;
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: Buffer.from(c.body),
      signal: AbortSignal.timeout(120_000),
    });
    const problem = await judge(res);
    const ms = performance.now() - started;
    return { name: c.name, category: c.category, route, status: res.status, ms, problem };
  } catch (err) {
    return {
      name: c.name,
      category: c.category,
      route,
      status: 0,
      ms: performance.now() - started,
      problem: `no answer: ${err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ""}` : String(err)}`,
    };
  }
}

/** Sends every case to both upload routes, `concurrency` at a time; measures memory meanwhile. */
export async function sendHostile(
  target: HostileTarget,
  cases: HostileCase[],
  opts: { concurrency?: number; log?: (line: string) => void } = {},
): Promise<HostileReport> {
  const started = performance.now();
  const port = Number(new URL(target.base).port || 80);
  const pid = target.pid ?? pidListeningOn(port);
  const rssBefore = pid ? (memoryOf(pid)?.rss ?? 0) : 0;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    const m = pid ? memoryOf(pid) : null;
    if (m) rssPeak = Math.max(rssPeak, m.rss);
  }, 100);
  const jobs = cases.flatMap((c) => [
    { c, route: "ingest" as const },
    { c, route: "browser" as const },
  ]);
  const outcomes: HostileOutcome[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const o = await sendOne(target, job.c, job.route);
      outcomes.push(o);
      if (o.problem) opts.log?.(`[hostile] ${o.route} ${o.name}: ${o.problem}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  } finally {
    clearInterval(sampler);
  }
  const healthAfter = await fetch(`${target.base}/api/health`)
    .then((r) => r.status)
    .catch(() => 0);
  const rssAfter = pid ? (memoryOf(pid)?.rss ?? 0) : 0;
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) byStatus[String(o.status)] = (byStatus[String(o.status)] ?? 0) + 1;
  return {
    outcomes,
    problems: outcomes
      .filter((o) => o.problem)
      .map((o) => `${o.route} ${o.name}: ${o.problem ?? ""}`),
    byStatus,
    rssBefore,
    rssAfter,
    rssPeak,
    healthAfter,
    integrity: target.databaseUrl ? await snapshotIntegrity(target.databaseUrl) : null,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Rows for docs/reliability.md: outcomes per category. */
export function hostileRows(report: HostileReport): Record<string, string | number>[] {
  const cats = [...new Set(report.outcomes.map((o) => o.category))];
  return cats.map((category) => {
    const os = report.outcomes.filter((o) => o.category === category);
    const count = (f: (o: HostileOutcome) => boolean) => os.filter(f).length;
    return {
      category,
      requests: os.length,
      "201/200": count((o) => o.status === 200 || o.status === 201),
      "400": count((o) => o.status === 400),
      "404": count((o) => o.status === 404),
      "413": count((o) => o.status === 413),
      "415/422/429": count((o) => [415, 422, 429].includes(o.status)),
      "5xx or no answer": count((o) => o.status >= 500 || o.status === 0),
      "slowest ms": Math.round(Math.max(...os.map((o) => o.ms))),
    };
  });
}

/** The full corpus against a server of its own (port 3151). */
export async function benchHostile(opts: { port?: number; seed?: number } = {}) {
  const port = opts.port ?? 3151;
  const cases = hostileCorpus({ seed: opts.seed ?? 7 });
  const server = await startBenchServer({
    port,
    dataDir: `bench-data/hostile-${port}`,
    env: { WARROOM_INGEST_RATE_PER_MIN: "100000" },
  });
  try {
    const tokenRes = await fetch(`${server.base}/api/tokens`, {
      method: "POST",
      headers: { cookie: server.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "hostile" }),
    });
    const { secret } = (await tokenRes.json()) as { secret: string };
    const incRes = await fetch(`${server.base}/api/incidents`, {
      method: "POST",
      headers: { cookie: server.cookie, "content-type": "application/json" },
      body: JSON.stringify({ title: "Hostile uploads", severity: "SEV4", environment: "vm" }),
    });
    const { id } = (await incRes.json()) as { id: string };
    const report = await sendHostile(
      {
        base: server.base,
        token: secret,
        cookie: server.cookie,
        incidentId: id,
        databaseUrl: server.databaseUrl,
      },
      cases,
      { concurrency: 2, log: (l) => console.log(l) },
    );
    return { cases: cases.length, report, rows: hostileRows(report) };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  benchHostile()
    .then(async ({ cases, report, rows }) => {
      const { writeFile } = await import("node:fs/promises");
      await writeFile("bench-data/hostile-outcomes.json", JSON.stringify(report.outcomes, null, 1));
      console.table(rows);
      console.log(
        JSON.stringify(
          {
            cases,
            requests: report.outcomes.length,
            byStatus: report.byStatus,
            problems: report.problems.length,
            healthAfter: report.healthAfter,
            rssBeforeMB: Math.round(report.rssBefore / 1e6),
            rssPeakMB: Math.round(report.rssPeak / 1e6),
            rssAfterMB: Math.round(report.rssAfter / 1e6),
            integrity: report.integrity,
            seconds: Math.round(report.seconds),
          },
          null,
          1,
        ),
      );
      if (report.problems.length > 0) process.exitCode = 1;
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
