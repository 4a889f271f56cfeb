import { hostileCorpus } from "../scripts/bench/hostile-corpus";
import { sendHostile } from "../scripts/bench/hostile";
import { embeddedDatabaseUrl } from "../scripts/bench/integrity";
import { admin, apiAs, expect, test } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * Hostile uploads against the real server (the sample of `scripts/bench/hostile.ts`, which sends
 * the full corpus of 500+): truncated, noisy, wrongly typed, bombed and traversing uploads made
 * from real outputs, each to /api/ingest and to the browser upload. Every answer is a 4xx with a
 * reason or 201/200 with warnings; the server stays up, its memory bounded, and the database holds
 * no half snapshot.
 */
test("hostile uploads: 4xx with a reason or 201 with warnings, never 5xx; server up, memory bounded, no half snapshot", async () => {
  test.setTimeout(240_000);
  const api = await apiAs(admin);
  const token = (await (await api.post("/api/tokens", { data: { name: "hostile" } })).json()) as {
    secret: string;
  };
  const incident = (await (
    await api.post("/api/incidents", {
      data: { title: `Hostile uploads ${Date.now()}`, severity: "SEV4", environment: "vm" },
    })
  ).json()) as { id: string };
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const cases = hostileCorpus({ seed: 11, perCategory: 4, heavy: false });
  expect(cases.length).toBeGreaterThanOrEqual(130);

  const report = await sendHostile(
    {
      base: e2eServer.baseURL,
      token: token.secret,
      cookie,
      incidentId: incident.id,
      databaseUrl: embeddedDatabaseUrl(e2eServer.dataDir),
    },
    cases,
    { concurrency: 2 },
  );
  console.log(
    `[hostile] ${cases.length} cases x 2 routes in ${report.seconds.toFixed(0)} s: ${JSON.stringify(report.byStatus)}; ` +
      `RSS ${(report.rssBefore / 1e6).toFixed(0)} -> peak ${(report.rssPeak / 1e6).toFixed(0)} -> ${(report.rssAfter / 1e6).toFixed(0)} MB`,
  );
  expect(report.problems).toEqual([]);
  expect(report.outcomes).toHaveLength(cases.length * 2);
  expect(report.healthAfter).toBe(200);
  expect(report.rssBefore, "the server process was found by its port").toBeGreaterThan(0);
  expect(report.rssPeak - report.rssBefore).toBeLessThan(768e6);
  expect(report.rssAfter - report.rssBefore).toBeLessThan(512e6);
  expect(report.integrity?.problems).toEqual([]);
});
