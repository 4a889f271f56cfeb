import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { admin, apiAs, expect, test } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * The whole path a host takes: the real collector captures this machine for a few seconds, curl
 * uploads the bundle with a team token, and the series are in the database behind the incident.
 */
test("collector bundle uploaded with curl lands as series and events; the same bytes twice are one snapshot", async () => {
  test.setTimeout(120_000);
  const api = await apiAs(admin);
  const incident = (await (
    await api.post("/api/incidents", {
      data: { title: `Collector run ${Date.now()}`, severity: "SEV3", environment: "vm" },
    })
  ).json()) as { id: string };
  const token = (await (
    await api.post("/api/tokens", { data: { name: "e2e collector" } })
  ).json()) as { secret: string };

  const dir = mkdtempSync(path.join(tmpdir(), "warroom-e2e-collect-"));
  const bundle = path.join(dir, "bundle.tar.gz");
  execFileSync(
    "sh",
    [
      "collector/warroom-collect",
      "--duration",
      "3",
      "--interval",
      "1",
      "--output",
      bundle,
      "--quiet",
    ],
    { stdio: "pipe", timeout: 60_000 },
  );

  const curl = (file: string) =>
    JSON.parse(
      execFileSync("curl", [
        "-sS",
        "--fail-with-body",
        "-H",
        `Authorization: Bearer ${token.secret}`,
        "-H",
        "Content-Type: application/gzip",
        "--data-binary",
        `@${file}`,
        `${e2eServer.baseURL}/api/ingest?incident=${incident.id}&role=incident`,
      ]).toString(),
    ) as {
      snapshotId: string;
      duplicate: boolean;
      counts: { series: number; points: number; events: number };
      host: { hostname: string };
    };

  const first = curl(bundle);
  expect(first.duplicate).toBe(false);
  expect(first.counts.series).toBeGreaterThan(50);
  expect(first.counts.points).toBeGreaterThan(first.counts.series);

  const manifestHost = JSON.parse(
    execFileSync("tar", ["-xzOf", bundle, "manifest.json"]).toString(),
  ) as { host: { hostname: string } };
  expect(first.host.hostname).toBe(manifestHost.host.hostname);

  const again = curl(bundle);
  expect(again).toMatchObject({ duplicate: true, snapshotId: first.snapshotId });

  const listed = (await (await api.get(`/api/incidents/${incident.id}/snapshots`)).json()) as {
    snapshots: { id: string; role: string; counts: { points: number } }[];
  };
  expect(listed.snapshots).toHaveLength(1);
  expect(listed.snapshots[0]).toMatchObject({
    id: first.snapshotId,
    role: "incident",
    counts: { points: first.counts.points },
  });

  // The CPU series of the capture are readable through the chart API.
  const series = (await (
    await api.get(
      `/api/incidents/${incident.id}/series?metrics=cpu.user_pct{cpu=all},cpu.idle_pct{cpu=all}&width=100`,
    )
  ).json()) as {
    series: { metric: string; points: [number, number][] }[];
  };
  expect(series.series.map((s) => s.metric).sort()).toEqual(["cpu.idle_pct", "cpu.user_pct"]);
  for (const s of series.series) expect(s.points.length).toBeGreaterThanOrEqual(2);
});

test("the ingest route refuses a bad token, garbage and oversized declarations with 4xx", async ({
  request,
}) => {
  const noToken = await request.post("/api/ingest", { data: Buffer.from("x") });
  expect(noToken.status()).toBe(401);
  const bad = await request.post("/api/ingest", {
    data: Buffer.from("x"),
    headers: { authorization: "Bearer wr_nope" },
  });
  expect(bad.status()).toBe(401);
  const api = await apiAs(admin);
  const token = (await (
    await api.post("/api/tokens", { data: { name: "e2e garbage" } })
  ).json()) as { secret: string };
  const garbage = await request.post("/api/ingest?host=x", {
    data: Buffer.from("definitely not a tool output\n".repeat(20)),
    headers: { authorization: `Bearer ${token.secret}`, "content-type": "text/plain" },
  });
  expect(garbage.status()).toBe(400);
  expect(((await garbage.json()) as { error: string }).error).toMatch(/recognised/);
});
