/**
 * Isolation sweep: EVERY API route file under app/api (found on disk, so a new route is swept
 * without being listed) x every method it exports, called in process through the real wrapper
 * chain as: anonymous, a team API token, a user of another team (with this team's real ids), a
 * viewer, a responder and an owner. Two fully seeded teams (a real bundle ingested, findings,
 * hypothesis, fix, timeline, postmortem, action item, runbook, tokens, members).
 *
 * Expected: 401 anonymous and with a bearer token (tokens reach /api/ingest only, and only their
 * own team); 404 across teams for every route naming an object, and never another team's ids or
 * texts in any answer; the other team's rows byte for byte unchanged; 403 for viewers' writes and
 * responders on owner-only routes. The policy lists below (public, viewer writes, owner only) are
 * the access-control matrix: a route that behaves otherwise fails with a message saying what to
 * check. Pages and headers are swept over HTTP in e2e/isolation.api.spec.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsText } from "@/lib/db/backup";
import { seedIncidentTeam, secretsOf, type SeededTeam } from "@/lib/db/testing/seed-incident";
import { sessionCookie } from "@/lib/http/testing/call-route";
import {
  fillPattern,
  listApiRoutes,
  listPages,
  paramsFor,
  segmentMap,
  type ApiRouteFile,
  type HttpMethod,
} from "@/lib/http/testing/route-inventory";

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

const ROUTES = listApiRoutes();
const PAGES = listPages();
const READS = new Set<HttpMethod>(["GET", "HEAD", "OPTIONS"]);

/** Anyone may call these. */
const PUBLIC = new Set(["/api/health", "/api/auth/[...nextauth]"]);
/** next-auth's own handler needs Next's request scope: swept over HTTP in the e2e spec. */
const OVER_HTTP_ONLY = new Set(["/api/auth/[...nextauth]"]);
/** Routes for hosts' API tokens, not sessions. */
const TOKEN_ROUTES = new Set(["/api/ingest"]);
/** Writes a viewer may make: their own password, their team choice, a new team, presence. */
const VIEWER_WRITES = new Set([
  "PUT /api/me/password",
  "PUT /api/teams/current",
  "POST /api/teams",
  "POST /api/incidents/[id]/presence",
]);
/** Owners only (403 for responders and viewers). */
const OWNER_ONLY = new Set([
  "GET /api/audit",
  "POST /api/team/members",
  "PATCH /api/team/members/[id]",
  "DELETE /api/team/members/[id]",
]);
/** Routes without a path id whose body or query names another team's object: 404 across teams. */
const NAMES_AN_OBJECT = new Set(["POST /api/runbooks", "PUT /api/teams/current"]);

const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");
const newBundle = (name: string) => readFileSync(path.join(SCENARIOS, name));

interface Sample {
  query?: string;
  json?: unknown;
  raw?: { body: Uint8Array; type: string };
}
/** `t`: the team whose objects the URL names; `self`: the caller's own team. */
type SampleFn = (t: SeededTeam, self: SeededTeam) => Sample;

let seq = 0;
/**
 * Valid requests, so that a cross-team call reaches the team check instead of stopping at input
 * validation. A write without an entry sends `{}`; a route with a path id then fails the
 * cross-team check with 400 instead of 404, and the message says to add a sample here.
 */
const SAMPLES: Record<string, SampleFn> = {
  "GET /api/incidents/[id]/series": () => ({ query: "metrics=cpu.user_pct" }),
  "GET /api/incidents/[id]/correlations": () => ({ query: "target=cpu.user_pct%7Bcpu%3Dall%7D" }),
  "GET /api/search": (t) => ({ query: `q=${encodeURIComponent(t.marker)}` }),
  "POST /api/incidents": () => ({
    json: { title: "Sweep incident", severity: "SEV3", environment: "vm" },
  }),
  "PATCH /api/incidents/[id]": () => ({ json: { summary: "changed by the sweep" } }),
  "POST /api/incidents/[id]/actions": () => ({ json: { title: "Sweep action item" } }),
  "PATCH /api/incidents/[id]/actions/[aid]": () => ({ json: { status: "done" } }),
  "PATCH /api/actions/[aid]": () => ({ json: { status: "open" } }),
  "POST /api/incidents/[id]/fixes": (t) => ({
    json: { description: "Sweep fix", target: "web tier", hypothesisId: t.hypothesisId },
  }),
  "POST /api/incidents/[id]/hypotheses": () => ({ json: { text: "Sweep hypothesis text" } }),
  "PATCH /api/incidents/[id]/hypotheses/[hid]": () => ({ json: { status: "testing" } }),
  "POST /api/incidents/[id]/postmortem": () => ({ json: { markdown: "# Swept", baseVersion: 1 } }),
  "POST /api/incidents/[id]/presence": () => ({
    json: { connectionId: `sweep-tab-${++seq}`, state: "visible" },
  }),
  "PUT /api/incidents/[id]/participants": (t) => ({
    json: { scribeId: t.responder.id, responderIds: [t.responder.id] },
  }),
  "POST /api/incidents/[id]/snapshots": () => ({
    raw: { body: newBundle("idle-baseline.tar.gz"), type: "application/gzip" },
  }),
  "POST /api/incidents/[id]/timeline": () => ({ json: { message: "Sweep note" } }),
  "PATCH /api/incidents/[id]/timeline/[eid]": () => ({ json: { message: "Sweep edit" } }),
  "POST /api/runbooks": (t) => ({ json: { fromIncidentId: t.incidentId } }),
  "PUT /api/runbooks/[rid]": () => ({
    json: {
      title: "Swept runbook",
      markdown: "# Swept",
      symptoms: [],
      rules: [],
      tags: [],
      baseVersion: 1,
    },
  }),
  "PUT /api/me/password": (_t, self) => ({
    json: { currentPassword: self.password, newPassword: self.password },
  }),
  "POST /api/team/members": () => ({
    json: {
      email: `sweep-${++seq}-${Date.now()}@example.com`,
      name: "Swept Member",
      role: "viewer",
      password: "a-long-enough-password",
    },
  }),
  "PATCH /api/team/members/[id]": () => ({ json: { role: "viewer" } }),
  "PUT /api/teams/current": (t) => ({ json: { teamId: t.teamId } }),
  "POST /api/teams": () => ({ json: { name: `Sweep team ${++seq}` } }),
  "POST /api/tokens": () => ({ json: { name: "sweep token" } }),
  "POST /api/ingest": () => ({
    raw: { body: newBundle("disk-random-io-fixed.tar.gz"), type: "application/gzip" },
  }),
};

const objectsOf = (t: SeededTeam) =>
  segmentMap({
    incidentId: t.incidentId,
    hypothesisId: t.hypothesisId,
    timelineEntryId: t.timelineEntryId,
    actionItemId: t.actionItemId,
    runbookId: t.runbookId,
    membershipId: t.viewerMembershipId,
    tokenId: t.spareTokenId,
  });

interface Call {
  route: ApiRouteFile;
  method: HttpMethod;
  /** Whose objects fill the URL and the sample body. */
  target: SeededTeam;
  values?: Record<string, string>;
  caller?: { userId: string; team: SeededTeam };
  bearer?: string;
}

interface Answer {
  status: number;
  text: string;
  headers: Headers;
  /** What the caller sent (URL and body): a secret it already knew and sees echoed is no leak. */
  sent: string;
}

const modules = new Map<string, Record<string, unknown>>();
async function handlerOf(route: ApiRouteFile, method: HttpMethod): Promise<Handler> {
  let mod = modules.get(route.file);
  if (!mod) {
    mod = (await import(/* @vite-ignore */ path.join(process.cwd(), route.file))) as Record<
      string,
      unknown
    >;
    modules.set(route.file, mod);
  }
  const h = mod[method];
  if (typeof h !== "function") throw new Error(`${route.file} does not export ${method}`);
  return h as Handler;
}

/** Reads an answer; a stream (server-sent events) is read for its first event, then closed. */
async function readAnswer(res: Response): Promise<string> {
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) return res.text();
  const reader = res.body?.getReader();
  if (!reader) return "";
  const first = await Promise.race([
    reader.read(),
    new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 2000)),
  ]);
  await reader.cancel();
  return first.value ? new TextDecoder().decode(first.value) : "";
}

let counted = 0;
async function call(c: Call): Promise<Answer> {
  const values = c.values ?? objectsOf(c.target);
  const sample = SAMPLES[`${c.method} ${c.route.pattern}`]?.(c.target, c.caller?.team ?? c.target);
  const headers = new Headers();
  if (c.caller) headers.set("cookie", await sessionCookie(c.caller.userId));
  if (c.bearer) headers.set("authorization", `Bearer ${c.bearer}`);
  let body: BodyInit | undefined;
  if (!READS.has(c.method)) {
    if (sample?.raw) {
      headers.set("content-type", sample.raw.type);
      body = Buffer.from(sample.raw.body);
    } else {
      headers.set("content-type", "application/json");
      body = JSON.stringify(sample?.json ?? {});
    }
  }
  const url = `http://localhost${fillPattern(c.route, values)}${sample?.query ? `?${sample.query}` : ""}`;
  const handler = await handlerOf(c.route, c.method);
  const res = await handler(new Request(url, { method: c.method, headers, body }), {
    params: Promise.resolve(paramsFor(c.route, values)),
  });
  counted++;
  const sent = `${url} ${typeof body === "string" ? body : ""}`;
  return { status: res.status, text: await readAnswer(res), headers: res.headers, sent };
}

const failures: string[] = [];
function check(ok: boolean, c: Call, who: string, a: Answer, expected: string, hint = "") {
  if (ok) return;
  failures.push(
    `${c.method} ${c.route.pattern} as ${who}: got ${a.status}, expected ${expected}${hint ? ` (${hint})` : ""}: ${a.text.slice(0, 160)}`,
  );
}

function leaks(a: Answer, secrets: string[]): string[] {
  return secrets.filter((s) => a.text.includes(s) && !a.sent.includes(s));
}

/** Every (route, method) pair, reads first and deletions last (a deletion must not hide a later call). */
function pairs(filter: (r: ApiRouteFile) => boolean = () => true) {
  const order: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
  return ROUTES.filter((r) => !OVER_HTTP_ONLY.has(r.pattern) && filter(r))
    .flatMap((route) => route.methods.map((method) => ({ route, method })))
    .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
}

let alpha: SeededTeam;
let bravo: SeededTeam;
const swept: Record<string, number> = {};

beforeAll(async () => {
  alpha = await seedIncidentTeam(`alpha${Date.now().toString(36)}`, "cpu-all-cores.tar.gz");
  bravo = await seedIncidentTeam(`bravo${Date.now().toString(36)}`, "tcp-retransmits.tar.gz");
}, 120_000);

describe("isolation sweep over every API route", () => {
  it("finds the routes and pages on disk, and every dynamic segment has a seeded object", () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    expect(
      ROUTES.every((r) => r.methods.length > 0),
      "a route file exports no method",
    ).toBe(true);
    for (const r of [...ROUTES, ...PAGES]) fillPattern(r, objectsOf(alpha)); // throws with a message
    for (const key of [...VIEWER_WRITES, ...OWNER_ONLY, ...NAMES_AN_OBJECT]) {
      const [method, pattern] = key.split(" ");
      const found = ROUTES.some(
        (r) => r.pattern === pattern && r.methods.includes(method as HttpMethod),
      );
      expect(found, `${key} is in a policy list but no route exports it`).toBe(true);
    }
  });

  it("anonymous: 401 everywhere but the public routes", async () => {
    const before = counted;
    for (const { route, method } of pairs()) {
      const c = { route, method, target: alpha };
      const a = await call(c);
      if (PUBLIC.has(route.pattern)) check(a.status < 400, c, "anonymous", a, "< 400 (public)");
      else check(a.status === 401, c, "anonymous", a, "401");
    }
    swept.anonymous = counted - before;
  });

  it("an API token: 401 on every session route; ingest only into its own team", async () => {
    const before = counted;
    for (const { route, method } of pairs((r) => !PUBLIC.has(r.pattern))) {
      const c = { route, method, target: alpha, bearer: alpha.tokenSecret };
      const a = await call(c);
      if (TOKEN_ROUTES.has(route.pattern)) check(a.status === 201, c, "team token", a, "201");
      else check(a.status === 401, c, "team token", a, "401", "tokens are for /api/ingest only");
    }
    // The other team's token cannot attach its upload to this team's incident.
    const ingest = ROUTES.find((r) => r.pattern === "/api/ingest");
    if (!ingest) throw new Error("no /api/ingest route");
    const foreign = await call({
      route: ingest,
      method: "POST",
      target: alpha,
      bearer: bravo.tokenSecret,
    });
    expect(foreign.status).toBe(201); // lands in bravo's own team...
    const attach = await handlerOf(ingest, "POST").then((h) =>
      h(
        new Request(`http://localhost/api/ingest?incident=${alpha.incidentId}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${bravo.tokenSecret}`,
            "content-type": "application/gzip",
          },
          body: Buffer.from(newBundle("interface-drops.tar.gz")),
        }),
        { params: Promise.resolve({}) },
      ),
    );
    expect(attach.status).toBe(404); // ...and cannot name alpha's incident
    expect(await attach.text()).not.toContain(alpha.marker);
    swept.token = counted - before + 1;
  });

  it("another team's owner: 404 for every object of this team, no data of it, nothing changed", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const rowsBefore = await rowsText(url, alpha.teamId);
    const secrets = secretsOf(alpha);
    const before = counted;
    const caller = { userId: bravo.owner.id, team: bravo };
    for (const { route, method } of pairs((r) => !TOKEN_ROUTES.has(r.pattern))) {
      const c = { route, method, target: alpha, caller };
      const a = await call(c);
      const key = `${method} ${route.pattern}`;
      if (route.segments.length > 0 || NAMES_AN_OBJECT.has(key)) {
        check(
          a.status === 404,
          c,
          "another team's owner",
          a,
          "404",
          a.status === 400 ? `add a valid request for ${key} to SAMPLES` : "",
        );
      } else check(a.status < 500, c, "another team's owner", a, "< 500");
      const leaked = leaks(a, secrets);
      check(
        leaked.length === 0,
        c,
        "another team's owner",
        a,
        `no data of the other team`,
        `leaked ${leaked.join(", ")}`,
      );
    }
    // Own incident in the URL, the other team's object in the next segment or in the body.
    for (const { route, method } of pairs((r) => r.segments.length > 1)) {
      const values = { ...objectsOf(alpha), "incidents/[id]": bravo.incidentId };
      const c = { route, method, target: alpha, caller, values };
      const a = await call(c);
      check(a.status === 404, c, "another team's owner (own incident, foreign child)", a, "404");
    }
    const fixes = ROUTES.find((r) => r.pattern === "/api/incidents/[id]/fixes");
    if (fixes) {
      const c = {
        route: fixes,
        method: "POST" as const,
        target: alpha,
        caller,
        values: objectsOf(bravo),
      };
      const a = await call(c); // bravo's incident, alpha's hypothesis in the body
      check(a.status === 404, c, "another team's owner (foreign hypothesis in body)", a, "404");
    }
    swept.otherTeam = counted - before;
    const rowsAfter = await rowsText(url, alpha.teamId);
    for (const [table, text] of rowsBefore) {
      expect(rowsAfter.get(table), `${table} rows of the other team changed`).toBe(text);
    }
  });

  it("a viewer: reads answer, writes are 403 (but their own password, team choice, presence)", async () => {
    const before = counted;
    const caller = { userId: alpha.viewer.id, team: alpha };
    for (const { route, method } of pairs(
      (r) => !TOKEN_ROUTES.has(r.pattern) && !PUBLIC.has(r.pattern),
    )) {
      const c = { route, method, target: alpha, caller };
      const a = await call(c);
      const key = `${method} ${route.pattern}`;
      if (OWNER_ONLY.has(key)) check(a.status === 403, c, "viewer", a, "403 (owner only)");
      else if (READS.has(method)) check(a.status < 300, c, "viewer", a, "2xx for a read");
      else if (VIEWER_WRITES.has(key))
        check(a.status < 300, c, "viewer", a, "2xx (viewers may do this)");
      else
        check(
          a.status === 403,
          c,
          "viewer",
          a,
          "403 for a write",
          "if viewers may do this, add it to VIEWER_WRITES",
        );
      const leaked = leaks(a, secretsOf(bravo));
      check(leaked.length === 0, c, "viewer", a, "no data of the other team", leaked.join(", "));
    }
    swept.viewer = counted - before;
  });

  it("a responder: reads and writes work, owner-only routes are 403", async () => {
    const before = counted;
    const caller = { userId: alpha.responder.id, team: alpha };
    for (const { route, method } of pairs(
      (r) => !TOKEN_ROUTES.has(r.pattern) && !PUBLIC.has(r.pattern),
    )) {
      const c = { route, method, target: alpha, caller };
      const a = await call(c);
      const key = `${method} ${route.pattern}`;
      if (OWNER_ONLY.has(key))
        check(a.status === 403, c, "responder", a, "403", "or remove it from OWNER_ONLY");
      else if (READS.has(method)) check(a.status < 300, c, "responder", a, "2xx for a read");
      else
        check(
          a.status < 400 || a.status === 409,
          c,
          "responder",
          a,
          "2xx",
          "check its sample in SAMPLES",
        );
      const leaked = leaks(a, secretsOf(bravo));
      check(leaked.length === 0, c, "responder", a, "no data of the other team", leaked.join(", "));
    }
    swept.responder = counted - before;
  });

  it("an owner: owner-only routes work", async () => {
    const before = counted;
    const caller = { userId: alpha.owner.id, team: alpha };
    for (const { route, method } of pairs((r) =>
      r.methods.some((m) => OWNER_ONLY.has(`${m} ${r.pattern}`)),
    )) {
      if (!OWNER_ONLY.has(`${method} ${route.pattern}`)) continue;
      const c = { route, method, target: alpha, caller };
      const a = await call(c);
      check(a.status < 300, c, "owner", a, "2xx");
    }
    swept.owner = counted - before;
  });

  it("reports no failure, and the size of the sweep", () => {
    const routes = ROUTES.length;
    const methods = ROUTES.reduce((n, r) => n + r.methods.length, 0);
    console.log(
      `[isolation] ${routes} route files, ${methods} route x method pairs, ${PAGES.length} pages; ` +
        `calls: ${JSON.stringify(swept)} = ${counted}`,
    );
    expect(failures).toEqual([]);
  });
});
