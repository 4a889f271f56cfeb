import { readFileSync } from "node:fs";
import { request, type APIRequestContext, type APIResponse } from "@playwright/test";
import {
  fillPattern,
  listApiRoutes,
  listPages,
  segmentMap,
  type SegmentObjects,
} from "../lib/http/testing/route-inventory";
import { admin, apiAs, expect, test, uniqueEmail } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * The isolation sweep over HTTP, for what only the real server shows (the API routes are swept
 * in depth in process by app/isolation.db.test.ts):
 *  - every page of app/(app) (from the file system): anonymous -> redirect to /login with a
 *    callback; a viewer of the team -> the page; a user of another team with this team's ids ->
 *    404, and never this team's data in the HTML;
 *  - security headers (CSP with frame-ancestors 'none', nosniff, referrer policy, X-Frame-Options)
 *    on every page and every API route's answer, errors and redirects included.
 */
const ROUTES = listApiRoutes();
const PAGES = listPages();

const headerFailures: string[] = [];
let headerChecks = 0;
function checkHeaders(what: string, res: APIResponse) {
  headerChecks++;
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  const problems = [
    !csp.includes("frame-ancestors 'none'") && "CSP without frame-ancestors 'none'",
    !csp.includes("default-src 'self'") && "CSP without default-src 'self'",
    h["x-content-type-options"] !== "nosniff" && "no X-Content-Type-Options: nosniff",
    !h["referrer-policy"] && "no Referrer-Policy",
    h["x-frame-options"] !== "DENY" && "no X-Frame-Options: DENY",
  ].filter(Boolean);
  if (problems.length > 0) headerFailures.push(`${what} (${res.status()}): ${problems.join(", ")}`);
}

interface TeamA extends SegmentObjects {
  marker: string;
  viewer: { email: string; password: string };
}

let a: TeamA;
let outsider: APIRequestContext;
let viewer: APIRequestContext;

async function created<T>(res: APIResponse): Promise<T> {
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as T;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const api = await apiAs(admin);
  const marker = `isolated${Date.now().toString(36)}`;
  const me = await created<{ current: string }>(await api.get("/api/teams"));
  await api.put("/api/teams/current", { data: { teamId: me.current } });
  const incident = await created<{ id: string }>(
    await api.post("/api/incidents", {
      data: { title: `Incident ${marker}`, severity: "SEV2", environment: "vm", summary: marker },
    }),
  );
  const up = await api.post(`/api/incidents/${incident.id}/snapshots`, {
    headers: { "content-type": "application/gzip" },
    data: readFileSync("lib/snapshot/fixtures/scenarios/cpu-all-cores.tar.gz"),
  });
  expect([200, 201]).toContain(up.status());
  const hypothesis = await created<{ id: string }>(
    await api.post(`/api/incidents/${incident.id}/hypotheses`, {
      data: { text: `Hypothesis ${marker}` },
    }),
  );
  const note = await created<{ id: string }>(
    await api.post(`/api/incidents/${incident.id}/timeline`, {
      data: { message: `Note ${marker}` },
    }),
  );
  await created(
    await api.post(`/api/incidents/${incident.id}/postmortem`, {
      data: { markdown: `# Postmortem ${marker}`, baseVersion: 0 },
    }),
  );
  const action = await created<{ id: string }>(
    await api.post(`/api/incidents/${incident.id}/actions`, {
      data: { title: `Action ${marker}` },
    }),
  );
  const runbook = await created<{ id: string }>(
    await api.post("/api/runbooks", {
      data: { title: `Runbook ${marker}`, markdown: `# Runbook ${marker}` },
    }),
  );
  const token = await created<{ id: string }>(
    await api.post("/api/tokens", { data: { name: `token ${marker}` } }),
  );
  const viewerAccount = { email: uniqueEmail("viewer"), password: "viewer-password-1234" };
  const member = await created<{ id: string }>(
    await api.post("/api/team/members", {
      data: { ...viewerAccount, name: "Viewer", role: "viewer" },
    }),
  );
  // Another team, with an owner who is in no other team.
  const other = await created<{ id: string }>(
    await api.post("/api/teams", { data: { name: `Other team ${Date.now()}` } }),
  );
  await api.put("/api/teams/current", { data: { teamId: other.id } });
  const outsiderAccount = { email: uniqueEmail("outsider"), password: "outsider-password-1234" };
  await created(
    await api.post("/api/team/members", {
      data: { ...outsiderAccount, name: "Outsider", role: "owner" },
    }),
  );
  await api.put("/api/teams/current", { data: { teamId: me.current } });
  a = {
    marker,
    incidentId: incident.id,
    hypothesisId: hypothesis.id,
    timelineEntryId: note.id,
    actionItemId: action.id,
    runbookId: runbook.id,
    membershipId: member.id,
    tokenId: token.id,
    viewer: viewerAccount,
  };
  outsider = await apiAs(outsiderAccount);
  viewer = await apiAs(viewerAccount);
});

test("pages: anonymous -> /login, viewer -> the page, another team -> 404 without this team's data", async () => {
  const anonymous = await request.newContext({ baseURL: e2eServer.baseURL });
  const values = segmentMap(a);
  const failures: string[] = [];
  let calls = 0;
  for (const page of PAGES) {
    const url = fillPattern(page, values);
    const anon = await anonymous.get(url, { maxRedirects: 0 });
    calls++;
    checkHeaders(`GET ${url} anonymous`, anon);
    const loc = anon.headers().location ?? "";
    if (![302, 303, 307, 308].includes(anon.status()) || !loc.includes("/login?callbackUrl="))
      failures.push(`${page.pattern} anonymous: ${anon.status()} ${loc}`);

    const mine = await viewer.get(url, { maxRedirects: 0 });
    calls++;
    checkHeaders(`GET ${url} viewer`, mine);
    if (mine.status() >= 400 || (mine.headers().location ?? "").includes("/login"))
      failures.push(`${page.pattern} viewer: ${mine.status()} ${mine.headers().location ?? ""}`);

    const theirs = await outsider.get(url, { maxRedirects: 0 });
    calls++;
    checkHeaders(`GET ${url} another team`, theirs);
    const html = await theirs.text();
    if (page.segments.length > 0 && theirs.status() !== 404)
      failures.push(`${page.pattern} another team: ${theirs.status()}, expected 404`);
    if (page.segments.length === 0 && theirs.status() >= 400 && theirs.status() !== 404)
      failures.push(`${page.pattern} another team: ${theirs.status()}`);
    if (html.includes(a.marker)) failures.push(`${page.pattern} another team: shows ${a.marker}`);
  }
  console.log(`[isolation] ${PAGES.length} pages x 3 roles = ${calls} page loads`);
  expect(failures).toEqual([]);
});

test("security headers on every page and every API route's answer", async () => {
  const anonymous = await request.newContext({ baseURL: e2eServer.baseURL });
  const values = segmentMap(a);
  for (const route of ROUTES) {
    const url = fillPattern(route, values);
    for (const method of route.methods) {
      const res = await anonymous.fetch(url, {
        method,
        maxRedirects: 0,
        data: method === "GET" ? undefined : "{}",
      });
      checkHeaders(`${method} ${route.pattern} anonymous`, res);
      if (method === "GET" && !url.endsWith("/events")) {
        checkHeaders(`GET ${route.pattern} viewer`, await viewer.get(url, { maxRedirects: 0 }));
      }
    }
  }
  for (const extra of [
    "/login",
    "/no-such-page",
    "/api/no-such-route",
    "/api/incidents/%ff",
    "/favicon.ico",
  ]) {
    checkHeaders(`GET ${extra}`, await anonymous.get(extra, { maxRedirects: 0 }));
  }
  console.log(`[isolation] security headers checked on ${headerChecks} answers`);
  expect(headerFailures).toEqual([]);
});
