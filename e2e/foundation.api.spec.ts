import { admin, apiAs, expect, test, uniqueEmail } from "./fixtures";
import { e2eServer } from "./server-config";
import { request } from "@playwright/test";

test("health answers 200 without a session, incidents 401 JSON without one", async () => {
  const anon = await request.newContext({ baseURL: e2eServer.baseURL });
  const health = await anon.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: { ok: true } });
  const incidents = await anon.get("/api/incidents");
  expect(incidents.status()).toBe(401);
  expect(await incidents.json()).toMatchObject({ code: "unauthorized" });
  const page = await anon.get("/incidents", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toContain("/login");
  for (const h of ["content-security-policy", "x-content-type-options", "referrer-policy"]) {
    expect(health.headers()[h], h).toBeTruthy();
  }
  expect(health.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("a user of team B gets 404 for team A's incident; a viewer gets 403 on writes", async () => {
  const a = await apiAs(admin);
  const created = await a.post("/api/incidents", {
    data: { title: "Team A only", severity: "SEV2", environment: "vm" },
  });
  expect(created.status()).toBe(201);
  const incident = (await created.json()) as { id: string };

  const viewer = { email: uniqueEmail("viewer"), password: "viewer-password-1" };
  expect(
    (
      await a.post("/api/team/members", {
        data: { ...viewer, name: "Vera Viewer", role: "viewer" },
      })
    ).status(),
  ).toBe(201);

  // Team B: made by a new person who belongs only to B.
  const bOwner = { email: uniqueEmail("bravo"), password: "bravo-password-12" };
  const teamB = (await (
    await a.post("/api/teams", { data: { name: `Bravo ${Date.now()}` } })
  ).json()) as { id: string };
  expect((await a.put("/api/teams/current", { data: { teamId: teamB.id } })).status()).toBe(200);
  expect(
    (
      await a.post("/api/team/members", { data: { ...bOwner, name: "Bob Bravo", role: "owner" } })
    ).status(),
  ).toBe(201);

  const b = await apiAs(bOwner);
  expect((await b.get(`/api/incidents/${incident.id}`)).status()).toBe(404);
  expect(
    (await b.patch(`/api/incidents/${incident.id}`, { data: { title: "changed by B" } })).status(),
  ).toBe(404);
  const bList = (await (await b.get("/api/incidents")).json()) as { incidents: { id: string }[] };
  expect(bList.incidents.map((i) => i.id)).not.toContain(incident.id);

  const v = await apiAs(viewer);
  expect((await v.get(`/api/incidents/${incident.id}`)).status()).toBe(200);
  const denied = await v.patch(`/api/incidents/${incident.id}`, { data: { severity: "SEV1" } });
  expect(denied.status()).toBe(403);
  expect(
    (
      await v.post("/api/incidents", {
        data: { title: "viewer", severity: "SEV4", environment: "vm" },
      })
    ).status(),
  ).toBe(403);

  // Switch the admin back to team A for the other tests.
  const teams = (await (await a.get("/api/teams")).json()) as {
    teams: { id: string; name: string }[];
  };
  const alpha = teams.teams.find((t) => t.id !== teamB.id);
  expect(alpha).toBeDefined();
  await a.put("/api/teams/current", { data: { teamId: alpha?.id } });
  const after = (await (await a.get(`/api/incidents/${incident.id}`)).json()) as {
    title: string;
    severity: string;
  };
  expect(after).toMatchObject({ title: "Team A only", severity: "SEV2" });
});

test("bad input gets a 4xx naming the problem, never a 500", async () => {
  const a = await apiAs(admin);
  const cases: {
    data?: string | Buffer;
    headers?: Record<string, string>;
    want: number;
    match: RegExp;
  }[] = [
    {
      data: Buffer.from("{"),
      headers: { "content-type": "application/json" },
      want: 400,
      match: /not valid JSON/,
    },
    {
      data: JSON.stringify({ title: "x".repeat(300), severity: "SEV1", environment: "vm" }),
      headers: { "content-type": "application/json" },
      want: 400,
      match: /title/,
    },
    {
      data: JSON.stringify({ title: "ok title", severity: "SEV1", environment: "mainframe" }),
      headers: { "content-type": "application/json" },
      want: 400,
      match: /environment/,
    },
    {
      data: JSON.stringify([1, 2]),
      headers: { "content-type": "application/json" },
      want: 400,
      match: /expected object/i,
    },
    {
      data: Buffer.from("title=x"),
      headers: { "content-type": "text/plain" },
      want: 415,
      match: /JSON/,
    },
  ];
  for (const c of cases) {
    const r = await a.post("/api/incidents", { data: c.data, headers: c.headers });
    expect(r.status(), String(c.data)).toBe(c.want);
    expect(((await r.json()) as { error: string }).error).toMatch(c.match);
  }
  expect((await a.get("/api/incidents/%00%ff")).status()).toBe(400);
  expect((await a.get("/api/incidents/%00")).status()).toBe(404);
  expect((await a.patch("/api/incidents/nope", { data: {} })).status()).toBe(400);
});
