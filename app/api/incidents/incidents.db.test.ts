import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as item from "./[id]/route";
import * as collection from "./route";

let teamA: string;
let teamB: string;
let owner: string;
let responder: string;
let viewer: string;
let outsider: string;

beforeAll(async () => {
  teamA = (await seedTeam("Alpha")).id;
  teamB = (await seedTeam("Bravo")).id;
  owner = (await seedUser(teamA, "owner")).id;
  responder = (await seedUser(teamA, "responder")).id;
  viewer = (await seedUser(teamA, "viewer")).id;
  outsider = (await seedUser(teamB, "owner")).id;
});

async function create(userId: string, json: unknown) {
  return callRoute(collection.POST, { method: "POST", path: "/api/incidents", userId, json });
}

describe("incidents API", () => {
  it("answers 401 JSON without a session", async () => {
    const r = await callRoute(collection.GET, { path: "/api/incidents" });
    expect(r.status).toBe(401);
    expect(r.data).toMatchObject({ code: "unauthorized", error: "Sign in required" });
  });

  it("creates an incident (201), numbers it per team, and lists it", async () => {
    const r = await create(responder, {
      title: "Checkout p99 at 4 s",
      severity: "SEV2",
      environment: "kubernetes",
    });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({
      title: "Checkout p99 at 4 s",
      severity: "SEV2",
      status: "open",
      environment: "kubernetes",
      currentStep: "identify",
    });
    const second = await create(owner, {
      title: "Disk full on db-2",
      severity: "SEV1",
      environment: "bare-metal",
    });
    expect((second.data.number as number) - (r.data.number as number)).toBe(1);
    const list = await callRoute(collection.GET, {
      path: "/api/incidents?severity=SEV1",
      userId: viewer,
    });
    expect(list.status).toBe(200);
    const titles = (list.data.incidents as { title: string }[]).map((i) => i.title);
    expect(titles).toContain("Disk full on db-2");
    expect(titles).not.toContain("Checkout p99 at 4 s");
    const timeline = await db.timelineEntry.findMany({
      where: { incidentId: r.data.id as string },
    });
    expect(timeline.map((t) => t.message)).toEqual(["Incident opened as SEV2"]);
  });

  it("answers 400 naming the field for a bad field, and for malformed JSON", async () => {
    const bad = await create(responder, { title: "ok title", severity: "SEV9", environment: "vm" });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toMatch(/^severity: must be one of SEV1/);
    expect(bad.data.issues).toEqual([
      { path: "severity", message: expect.stringMatching(/SEV1/) as unknown },
    ]);
    const malformed = await callRoute(collection.POST, {
      method: "POST",
      userId: responder,
      body: '{"title": ',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.data.error).toMatch(/not valid JSON/);
    const wrongType = await callRoute(collection.POST, {
      method: "POST",
      userId: responder,
      body: "title=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.status).toBe(415);
    const badFilter = await callRoute(collection.GET, {
      path: "/api/incidents?status=burning",
      userId: viewer,
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.data.error).toMatch(/status/);
    const before = await db.incident.count();
    const unknownField = await callRoute(item.PATCH, {
      method: "PATCH",
      userId: responder,
      params: { id: "x" },
      json: { owner: "me" },
    });
    expect(unknownField.status).toBe(400);
    expect(await db.incident.count()).toBe(before);
  });

  it("lets viewers read but not write (403), and keeps teams apart (404)", async () => {
    const r = await create(responder, {
      title: "Steal time on vm-7",
      severity: "SEV3",
      environment: "vm",
    });
    const id = r.data.id as string;
    expect((await callRoute(item.GET, { userId: viewer, params: { id } })).status).toBe(200);
    const w = await create(viewer, { title: "Viewer tries", severity: "SEV3", environment: "vm" });
    expect(w.status).toBe(403);
    expect(w.data.error).toMatch(/responder role/);
    expect(
      (
        await callRoute(item.PATCH, {
          method: "PATCH",
          userId: viewer,
          params: { id },
          json: { severity: "SEV1" },
        })
      ).status,
    ).toBe(403);

    const foreignGet = await callRoute(item.GET, { userId: outsider, params: { id } });
    expect(foreignGet.status).toBe(404);
    const foreignPatch = await callRoute(item.PATCH, {
      method: "PATCH",
      userId: outsider,
      params: { id },
      json: { title: "pwned by B" },
    });
    expect(foreignPatch.status).toBe(404);
    const outsiderList = await callRoute(collection.GET, { userId: outsider });
    expect((outsiderList.data.incidents as { id: string }[]).map((i) => i.id)).not.toContain(id);
    // The team-switch cookie cannot move a user into a team they do not belong to.
    const forged = await callRoute(item.GET, {
      userId: outsider,
      params: { id },
      cookies: { "warroom-team": teamA },
    });
    expect(forged.status).toBe(404);
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).title).toBe(
      "Steal time on vm-7",
    );
    expect(
      (await callRoute(item.GET, { userId: responder, params: { id: "does-not-exist" } })).status,
    ).toBe(404);
  });

  it("moves status forward with times and timeline entries, and refuses going back", async () => {
    const r = await create(responder, {
      title: "Memory pressure on api-3",
      severity: "SEV2",
      environment: "container",
    });
    const id = r.data.id as string;
    const resolved = await callRoute(item.PATCH, {
      method: "PATCH",
      userId: responder,
      params: { id },
      json: { status: "resolved", severity: "SEV3" },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.data.mitigatedAt).toBe(resolved.data.resolvedAt);
    const back = await callRoute(item.PATCH, {
      method: "PATCH",
      userId: responder,
      params: { id },
      json: { status: "mitigated" },
    });
    expect(back.status).toBe(409);
    const entries = await db.timelineEntry.findMany({
      where: { incidentId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(["status", "severity"]));
    const commander = await callRoute(item.PATCH, {
      method: "PATCH",
      userId: responder,
      params: { id },
      json: { commanderId: outsider },
    });
    expect(commander.status).toBe(400);
    expect(commander.data.error).toMatch(/commanderId/);
  });
});

describe("hostile input", () => {
  it("answers 4xx for ids and text PostgreSQL cannot store, and stores nothing", async () => {
    const before = await db.incident.count();
    expect(
      (await callRoute(item.GET, { userId: responder, params: { id: "%00\u0000\uffff" } })).status,
    ).toBe(404);
    const nul = await create(responder, {
      title: "bad\u0000title",
      severity: "SEV2",
      environment: "vm",
    });
    expect(nul.status).toBe(400);
    expect(nul.data.error).toMatch(/NUL/);
    const nulQuery = await callRoute(collection.GET, {
      path: "/api/incidents?q=a%00b",
      userId: responder,
    });
    expect(nulQuery.status).toBe(400);
    expect(await db.incident.count()).toBe(before);
  });
});
