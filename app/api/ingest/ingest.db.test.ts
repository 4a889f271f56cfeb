import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { readWindow } from "@/lib/db/samples/reader";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { resetEnvCache } from "@/lib/env";
import { callRoute } from "@/lib/http/testing/call-route";
import { parsePath } from "@/lib/snapshot/read-input";
import * as incidents from "../incidents/route";
import * as incidentSnapshots from "../incidents/[id]/snapshots/route";
import * as ingest from "./route";

const FIXTURES = path.join(process.cwd(), "lib", "snapshot", "fixtures");
const bundlePath = path.join(FIXTURES, "bundles", "light-load.tar.gz");
const bundle = readFileSync(bundlePath);
const iostatPath = path.join(FIXTURES, "iostat", "x_t_iso.txt");
const iostatText = readFileSync(iostatPath);

let teamId: string;
let otherTeamId: string;
let userId: string;
let viewerId: string;
let token: string;
let otherToken: string;

beforeAll(async () => {
  teamId = (await seedTeam("Ingest")).id;
  otherTeamId = (await seedTeam("Elsewhere")).id;
  userId = (await seedUser(teamId, "responder")).id;
  viewerId = (await seedUser(teamId, "viewer")).id;
  const other = await seedUser(otherTeamId, "owner");
  token = (await issueApiToken(teamId, userId, "test")).secret;
  otherToken = (await issueApiToken(otherTeamId, other.id, "other")).secret;
});

function upload(
  body: Uint8Array | string,
  opts: { query?: string; bearer?: string | null; type?: string } = {},
) {
  return callRoute(ingest.POST, {
    method: "POST",
    path: `/api/ingest${opts.query ? `?${opts.query}` : ""}`,
    bearer: opts.bearer === null ? undefined : (opts.bearer ?? token),
    body: typeof body === "string" ? body : Buffer.from(body),
    headers: { "content-type": opts.type ?? "application/gzip" },
  });
}

async function counts() {
  return {
    snapshots: await db.snapshot.count(),
    series: await db.series.count(),
    chunks: await db.sampleChunk.count(),
    events: await db.hostEvent.count(),
  };
}

describe("POST /api/ingest", () => {
  it("stores a collector bundle: raw bytes, host, series with every sample, events", async () => {
    const r = await upload(bundle);
    expect(r.status).toBe(201);
    const id = r.data.snapshotId as string;
    const parsed = await parsePath(bundlePath);
    const expectedPoints = parsed.series.reduce((a, s) => a + s.times.length, 0);
    expect(r.data).toMatchObject({
      duplicate: false,
      counts: { series: parsed.series.length, events: parsed.events.length },
    });
    expect((r.data.counts as { points: number }).points).toBe(expectedPoints);

    const snap = await db.snapshot.findUniqueOrThrow({
      where: { id },
      include: { blob: true, host: true },
    });
    expect(Buffer.compare(Buffer.from(snap.blob?.data ?? []), bundle)).toBe(0);
    expect(snap.host.hostname).toBe(parsed.host.hostname);
    expect(snap.host.nCpu).toBe(parsed.host.nCpu);
    expect(snap.format).toBe("bundle");
    const agg = await db.sampleChunk.aggregate({
      _sum: { count: true },
      where: { series: { snapshotId: id } },
    });
    expect(agg._sum.count).toBe(expectedPoints);

    // Reading a window back gives exactly the parsed values.
    const util = parsed.series.find((s) => s.metric === "cpu.user_pct" && s.labels.cpu === "all");
    expect(util).toBeDefined();
    const row = await db.series.findFirstOrThrow({
      where: { snapshotId: id, metric: "cpu.user_pct", labelsKey: "cpu=all" },
    });
    const win = await readWindow(getPool(), [row.id.toString()], 0, Date.now() + 86_400_000);
    const got = win.get(row.id.toString());
    expect(got && [...got.values]).toEqual(util?.values);
  });

  it("answers 200 with the same snapshot for the same bytes, and stores nothing twice", async () => {
    const first = await upload(bundle);
    const before = await counts();
    const again = await upload(bundle);
    expect(again.status).toBe(200);
    expect(again.data).toMatchObject({ duplicate: true, snapshotId: first.data.snapshotId });
    expect(await counts()).toEqual(before);
  });

  it("takes one tool output as text, naming the host from the output or ?host=", async () => {
    const r = await upload(iostatText, { type: "text/plain", query: "host=db-7" });
    expect(r.status).toBe(201);
    expect(r.data.host).toMatchObject({ hostname: expect.any(String) as unknown });
    expect((r.data.counts as { series: number }).series).toBeGreaterThan(0);
    const snap = await db.snapshot.findUniqueOrThrow({
      where: { id: r.data.snapshotId as string },
    });
    expect(snap).toMatchObject({ format: "text", tool: "iostat" });
  });

  it("refuses missing, unknown, revoked and foreign-team tokens with 401", async () => {
    expect((await upload(bundle, { bearer: null })).status).toBe(401);
    expect((await upload(bundle, { bearer: "wr_notarealtoken" })).status).toBe(401);
    const t = await issueApiToken(teamId, userId, "to revoke");
    await db.apiToken.update({ where: { id: t.token.id }, data: { revokedAt: new Date() } });
    expect((await upload(bundle, { bearer: t.secret })).status).toBe(401);
  });

  it("answers 400 with a reason for garbage, and stores nothing", async () => {
    const before = await counts();
    const cases: [Uint8Array | string, string, RegExp][] = [
      [
        "hello world, this is not a tool output\n".repeat(50),
        "text/plain",
        /Nothing in the upload was recognised/,
      ],
      [new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]), "application/octet-stream", /binary/],
      [bundle.subarray(0, 200), "application/gzip", /truncated|gzip|tar/i],
      [
        gzipSync(Buffer.from("just text, not a tar archive\n".repeat(40))),
        "application/gzip",
        /tar/i,
      ],
      [new Uint8Array(0), "application/gzip", /empty/],
      [Buffer.from([0xc3, 0x28, 0x41, 0x42]), "text/plain", /UTF-8/],
    ];
    for (const [body, type, why] of cases) {
      const r = await upload(body, { type, query: "host=h1" });
      expect(r.status, String(why)).toBe(400);
      expect(r.data.error).toMatch(why);
    }
    expect(
      (await upload(iostatText, { type: "text/plain", query: "tool=nosuchtool" })).status,
    ).toBe(400);
    expect(
      (await upload(iostatText, { type: "text/plain", query: "tz=Mars/Olympus" })).status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("answers 413 past the size limit", async () => {
    process.env.WARROOM_MAX_UPLOAD_BYTES = "1000";
    resetEnvCache();
    try {
      const r = await upload(bundle);
      expect(r.status).toBe(413);
      expect(r.data.error).toMatch(/larger than the limit of 1000 bytes/);
    } finally {
      delete process.env.WARROOM_MAX_UPLOAD_BYTES;
      resetEnvCache();
    }
  });

  it("attaches to an incident with a role, and refuses another team's incident", async () => {
    const inc = await callRoute(incidents.POST, {
      method: "POST",
      userId,
      json: { title: "Slow API", severity: "SEV2", environment: "vm" },
    });
    const incidentId = inc.data.id as string;
    const r = await upload(bundle, { query: `incident=${incidentId}&role=baseline` });
    expect([200, 201]).toContain(r.status);
    const link = await db.incidentSnapshot.findUniqueOrThrow({
      where: { incidentId_snapshotId: { incidentId, snapshotId: r.data.snapshotId as string } },
    });
    expect(link.role).toBe("baseline");
    const list = await callRoute(incidentSnapshots.GET, {
      userId: viewerId,
      params: { id: incidentId },
    });
    expect((list.data.snapshots as { role: string }[]).map((s) => s.role)).toEqual(["baseline"]);
    const timeline = await db.timelineEntry.findMany({ where: { incidentId, kind: "snapshot" } });
    expect(timeline).toHaveLength(1);

    const foreign = await upload(iostatText, {
      type: "text/plain",
      bearer: otherToken,
      query: `incident=${incidentId}&host=x`,
    });
    expect(foreign.status).toBe(404);
    expect(await db.snapshot.count({ where: { teamId: otherTeamId } })).toBe(0);
  });

  it("attaches the same bytes to every incident they are uploaded to, at once or later", async () => {
    const incident = async (title: string) =>
      (
        await callRoute(incidents.POST, {
          method: "POST",
          userId,
          json: { title, severity: "SEV3", environment: "vm" },
        })
      ).data.id as string;
    const [a, b, c] = [
      await incident("Disk A"),
      await incident("Disk B"),
      await incident("Disk C"),
    ];
    // Bytes no test uploaded before (one more blank line), sent to two incidents at the same time:
    // one upload stores them, the other finds them stored between its check and its write.
    const text = Buffer.concat([iostatText, Buffer.from("\n")]);
    const send = (id: string) =>
      upload(text, { type: "text/plain", query: `host=db-9&incident=${id}&role=incident` });
    const [ra, rb] = await Promise.all([send(a), send(b)]);
    expect([ra.status, rb.status].sort(), JSON.stringify([ra.data, rb.data])).toEqual([200, 201]);
    expect(rb.data.snapshotId).toBe(ra.data.snapshotId);
    const snapshotId = ra.data.snapshotId as string;
    const rc = await send(c);
    expect(rc.status).toBe(200);
    expect(rc.data).toMatchObject({ duplicate: true, snapshotId });
    for (const incidentId of [a, b, c]) {
      const link = await db.incidentSnapshot.findUnique({
        where: { incidentId_snapshotId: { incidentId, snapshotId } },
      });
      expect(link?.role).toBe("incident");
    }
    const sha256 = createHash("sha256").update(text).digest("hex");
    expect(await db.snapshot.count({ where: { teamId, sha256 } })).toBe(1);
  });

  it("lets a responder upload in the browser and refuses viewers", async () => {
    const inc = await callRoute(incidents.POST, {
      method: "POST",
      userId,
      json: { title: "Paste", severity: "SEV3", environment: "vm" },
    });
    const incidentId = inc.data.id as string;
    const r = await callRoute(incidentSnapshots.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/snapshots?host=web-1&role=incident`,
      body: iostatText,
      headers: { "content-type": "text/plain" },
    });
    expect([200, 201]).toContain(r.status);
    const v = await callRoute(incidentSnapshots.POST, {
      method: "POST",
      userId: viewerId,
      params: { id: incidentId },
      body: iostatText,
      headers: { "content-type": "text/plain" },
    });
    expect(v.status).toBe(403);
  });

  it("is all-or-nothing: a failure while writing leaves no trace", async () => {
    const pool = getPool();
    await pool.query(
      `CREATE OR REPLACE FUNCTION fail_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
    );
    await pool.query(
      `CREATE TRIGGER fail_event BEFORE INSERT ON "HostEvent" FOR EACH ROW EXECUTE FUNCTION fail_event()`,
    );
    const oom = readFileSync(path.join(FIXTURES, "bundles", "cgroup-throttle-oom.tar.gz"));
    const before = await counts();
    try {
      const r = await upload(oom);
      expect(r.status).toBe(500);
      expect(JSON.stringify(r.data)).not.toContain("injected");
    } finally {
      await pool.query(`DROP TRIGGER fail_event ON "HostEvent"`);
    }
    expect(await counts()).toEqual(before);
    expect(await db.snapshotBlob.count()).toBe(before.snapshots);
    // A retry after the failure succeeds once.
    const retry = await upload(oom);
    expect(retry.status).toBe(201);
  });
});
