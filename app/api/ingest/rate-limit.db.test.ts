/**
 * Per-token rate limit of POST /api/ingest: past WARROOM_INGEST_RATE_PER_MIN (here 3 a minute,
 * burst 3) a token gets 429 with Retry-After and a reason, before its body is read; other tokens
 * are not affected; nothing is stored for a refused upload.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { resetEnvCache } from "@/lib/env";
import { callRoute } from "@/lib/http/testing/call-route";
import * as ingest from "./route";

const bundle = readFileSync(
  path.join(process.cwd(), "lib", "snapshot", "fixtures", "bundles", "light-load.tar.gz"),
);
let busy: string;
let quiet: string;

beforeAll(async () => {
  process.env.WARROOM_INGEST_RATE_PER_MIN = "3";
  process.env.WARROOM_INGEST_BURST = "3";
  resetEnvCache();
  const team = await seedTeam("Limits");
  const user = await seedUser(team.id, "owner");
  busy = (await issueApiToken(team.id, user.id, "busy")).secret;
  quiet = (await issueApiToken(team.id, user.id, "quiet")).secret;
});

afterAll(() => {
  delete process.env.WARROOM_INGEST_RATE_PER_MIN;
  delete process.env.WARROOM_INGEST_BURST;
  resetEnvCache();
});

const upload = (bearer: string, body: Uint8Array = bundle) =>
  callRoute(ingest.POST, {
    method: "POST",
    path: "/api/ingest",
    bearer,
    body: Buffer.from(body),
    headers: { "content-type": "application/gzip" },
  });

describe("ingest rate limit", () => {
  it("answers 429 with Retry-After past the token's rate, and stores nothing for it", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await upload(busy)).status);
    expect(statuses).toEqual([201, 200, 200]);
    const before = await db.snapshot.count();
    const refused = await upload(busy, Buffer.from("vmstat output that would be new\n"));
    expect(refused.status).toBe(429);
    expect(refused.data).toMatchObject({ code: "rate_limited" });
    expect(refused.data.error).toMatch(/3 a minute.*WARROOM_INGEST_RATE_PER_MIN.*retry in \d+ s/);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(await db.snapshot.count()).toBe(before);
  });

  it("limits each token on its own", async () => {
    expect((await upload(quiet)).status).toBe(200);
    expect((await upload(busy)).status).toBe(429);
  });

  it("counts only authenticated uploads: a bad token is 401, not 429", async () => {
    expect((await upload("wr_not-a-token")).status).toBe(401);
  });
});
