import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  expect,
  request as pwRequest,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { admin, apiAs, signIn, test, uniqueEmail } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * The war room in Chromium: two responders of one team on one incident in two browser contexts,
 * each change one makes visible on the other's page within 2 seconds without a reload; who is
 * here; a user of another team sees nothing; the page catches up after the server restarts; and
 * search, similar incidents, runbook suggestions, action items and the audit log on real
 * captures (lib/snapshot/fixtures/scenarios).
 */
const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");
const SHOTS = "test-results/screenshots";
const LIVE_MS = 2_000;
const bundle = (name: string) => readFileSync(path.join(SCENARIOS, `${name}.tar.gz`));

/** How long each change took to show on the other page, written for the report. */
const latencies: { change: string; ms: number }[] = [];

test.afterAll(() => {
  if (latencies.length === 0) return;
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/warroom-latency.json", `${JSON.stringify(latencies, null, 2)}\n`);
  console.log(
    `[warroom] seen on the other page after: ${latencies.map((l) => `${l.change} ${l.ms} ms`).join(", ")}`,
  );
});

/** Makes a change, then waits (at most 2 s) for the other page to show it; records how long. */
async function seenWithin2s(
  change: string,
  act: () => Promise<unknown>,
  show: () => Promise<void>,
) {
  await act();
  const t0 = Date.now();
  await show();
  const ms = Date.now() - t0;
  latencies.push({ change, ms });
  expect(ms, `${change} shown after ${ms} ms`).toBeLessThanOrEqual(LIVE_MS);
}

async function newContext(browser: Browser, baseURL = e2eServer.baseURL): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1440, height: 1000 } });
}

async function live(page: Page) {
  await expect(page.getByTestId("live-state")).toHaveText("Live", { timeout: 15_000 });
}

async function addMember(api: APIRequestContext, name: string, role = "responder") {
  const account = {
    email: uniqueEmail(name.split(" ")[0]?.toLowerCase() ?? "user"),
    password: `${name}-long-password`,
  };
  const r = await api.post("/api/team/members", { data: { ...account, name, role } });
  expect(r.status(), await r.text()).toBe(201);
  return { ...account, name, userId: ((await r.json()) as { userId: string }).userId };
}

test("two responders on one incident see each other's changes within 2 s; another team sees none of it", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const api = await apiAs(admin);
  const ben = await addMember(api, "Ben Okafor");
  // A user of another team: the admin starts one, adds Carla there, and comes back.
  const home = ((await (await api.get("/api/teams")).json()) as { current: string }).current;
  const otherTeam = (await (
    await api.post("/api/teams", { data: { name: `Other team ${Date.now()}` } })
  ).json()) as { id: string };
  expect((await api.put("/api/teams/current", { data: { teamId: otherTeam.id } })).ok()).toBe(true);
  const carla = await addMember(api, "Carla Outsider");
  expect((await api.put("/api/teams/current", { data: { teamId: home } })).ok()).toBe(true);

  const incident = (await (
    await api.post("/api/incidents", {
      data: {
        title: `Checkout p99 above 3 s ${Date.now()}`,
        severity: "SEV2",
        environment: "vm",
        summary: "EU customers see checkout timeouts.",
      },
    })
  ).json()) as { id: string; key: string };
  const url = (step: string) => `/incidents/${incident.id}/${step}`;

  const ctxA = await newContext(browser);
  const ctxB = await newContext(browser);
  const pageA = await ctxA.newPage();
  const pageB = await ctxB.newPage();
  await signIn(pageA, admin);
  await signIn(pageB, ben);
  await pageA.goto(url("collect"));
  await pageB.goto(url("collect"));
  await live(pageA);
  await live(pageB);

  // Both are here, each once, on both pages.
  for (const p of [pageA, pageB]) {
    await expect(p.getByTestId("presence").locator("li")).toHaveCount(2, { timeout: 5_000 });
    await expect(p.getByTestId("presence")).toContainText("Ben Okafor");
  }
  // A second tab of the same person counts once.
  const pageA2 = await ctxA.newPage();
  await pageA2.goto(url("identify"));
  await live(pageA2);
  await expect(pageB.getByTestId("presence").locator("li")).toHaveCount(2);
  await expect(pageA2.getByTestId("presence").locator("li")).toHaveCount(2);

  // 1. A uploads a snapshot (through the API, with A's browser session).
  await expect(pageB.getByRole("heading", { name: "Snapshots (0)" })).toBeVisible();
  await seenWithin2s(
    "snapshot upload",
    async () => {
      const r = await ctxA.request.post(`/api/incidents/${incident.id}/snapshots?role=incident`, {
        data: bundle("disk-random-io"),
        headers: { "content-type": "application/gzip" },
      });
      expect(r.ok()).toBe(true);
    },
    () =>
      expect(pageB.getByRole("heading", { name: "Snapshots (1)" })).toBeVisible({
        timeout: LIVE_MS,
      }),
  );

  // 2. A adds a note on the timeline (Document step, where the timeline is open).
  await pageA.goto(url("document"));
  await pageB.goto(url("document"));
  await live(pageA);
  await live(pageB);
  const note = `Grafana: p99 jumps at 10:40, right when the fio job started ${Date.now()}`;
  await pageA.getByLabel("Add a note").fill(note);
  await seenWithin2s(
    "timeline note",
    () => pageA.getByRole("button", { name: "Add note" }).click(),
    () =>
      expect(pageB.getByTestId("timeline-entry").filter({ hasText: note })).toBeVisible({
        timeout: LIVE_MS,
      }),
  );
  await expect(pageB.getByText("A teammate updated the timeline.")).toBeAttached();

  // 3. A moves the team to this step.
  await expect(pageB.getByRole("button", { name: "Move the team to this step" })).toBeVisible();
  await seenWithin2s(
    "step change",
    () => pageA.getByRole("button", { name: "Move the team to this step" }).click(),
    () => expect(pageB.getByText("The team is on this step")).toBeVisible({ timeout: LIVE_MS }),
  );

  // 4. Status and severity from the header; 5. roles.
  await seenWithin2s(
    "status change",
    () => pageA.getByRole("button", { name: "Mark mitigated" }).click(),
    () =>
      expect(pageB.getByTestId("incident-status")).toHaveText("mitigated", { timeout: LIVE_MS }),
  );
  await expect(pageB.getByLabel("Lifecycle times")).toContainText("Mitigated");
  await seenWithin2s(
    "severity change",
    () => pageA.getByLabel("Severity").first().selectOption("SEV1"),
    () => expect(pageB.getByLabel("Severity").first()).toHaveValue("SEV1", { timeout: LIVE_MS }),
  );
  await pageA.getByRole("button", { name: "Edit roles" }).click();
  const dialog = pageA.getByRole("dialog", { name: "Incident roles" });
  await dialog.getByLabel("Scribe").selectOption({ label: "Ben Okafor" });
  await seenWithin2s(
    "roles",
    () => dialog.getByRole("button", { name: "Save roles" }).click(),
    () => expect(pageB.getByTestId("role-scribe")).toHaveText("Ben Okafor", { timeout: LIVE_MS }),
  );
  await expect(
    pageB.getByTestId("timeline-entry").filter({ hasText: "Ben Okafor is now scribe" }),
  ).toBeVisible();
  await pageB.screenshot({ path: `${SHOTS}/warroom-live-ben.png`, fullPage: false });

  // A user of another team: the page is a 404, the stream and presence refuse, nobody sees her.
  const ctxC = await newContext(browser);
  const pageC = await ctxC.newPage();
  await signIn(pageC, carla);
  await pageC.goto(url("collect"));
  await expect(pageC.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(pageC.getByText(incident.key)).toHaveCount(0);
  expect((await ctxC.request.get(`/api/incidents/${incident.id}/events`)).status()).toBe(404);
  expect((await ctxC.request.get(`/api/incidents/${incident.id}/timeline`)).status()).toBe(404);
  expect(
    (
      await ctxC.request.post(`/api/incidents/${incident.id}/presence`, {
        data: { connectionId: "carla-tab-0001", state: "visible" },
      })
    ).status(),
  ).toBe(404);
  await pageC.screenshot({ path: `${SHOTS}/warroom-other-team-404.png` });
  await expect(pageA.getByTestId("presence").locator("li")).toHaveCount(2);

  // Ben closes his page: he leaves everyone's list (the tab says goodbye as it closes).
  await pageB.close({ runBeforeUnload: true });
  await expect(pageA.getByTestId("presence").locator("li")).toHaveCount(1, { timeout: 5_000 });
  await pageA.screenshot({ path: `${SHOTS}/warroom-document-after.png`, fullPage: false });
  await Promise.all([ctxA.close(), ctxB.close(), ctxC.close()]);
});

// ---------------------------------------------------------------------------------------------

/** This test's own server (scripts/start.ts), on its own port and data dir, to stop and start. */
const RESTART_PORT = e2eServer.port + 2;
const RESTART_BASE = `http://localhost:${RESTART_PORT}`;
const RESTART_DATA = `${e2eServer.dataDir}-warroom-restart`;

function startServer(): { proc: ChildProcess; output: () => string } {
  let out = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(RESTART_PORT),
    WARROOM_DATA_DIR: RESTART_DATA,
    NEXTAUTH_URL: RESTART_BASE,
    WARROOM_ADMIN_EMAIL: admin.email,
    WARROOM_ADMIN_PASSWORD: admin.password,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  const proc = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/start.ts"], {
    env,
  });
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

async function waitHealthy(server: { output: () => string }) {
  const ctx = await pwRequest.newContext({ baseURL: RESTART_BASE });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await ctx.get("/api/health")).ok()) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server on ${RESTART_PORT} did not become healthy:\n${server.output()}`);
}

async function stopServer(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  proc.kill("SIGTERM");
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000));
  const result = await Promise.race([exited, timeout]);
  if (result === "timeout") {
    proc.kill("SIGKILL");
    throw new Error("the server did not stop within 30 s of SIGTERM");
  }
  return result;
}

test("the incident page catches up after the server restarts, without a reload", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  rmSync(RESTART_DATA, { recursive: true, force: true });
  let server = startServer();
  try {
    await waitHealthy(server);
    const api = await pwRequest.newContext({ baseURL: RESTART_BASE });
    const csrf = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await api.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email: admin.email, password: admin.password },
      maxRedirects: 0,
    });
    const incident = (await (
      await api.post("/api/incidents", {
        data: { title: "Restart me: disk latency on db-1", severity: "SEV3", environment: "vm" },
      })
    ).json()) as { id: string };
    expect(incident.id).toBeTruthy();

    const ctx = await newContext(browser, RESTART_BASE);
    const page = await ctx.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/incidents/);
    await page.goto(`/incidents/${incident.id}/document`);
    await live(page);
    const before = await page.evaluate(() => performance.getEntriesByType("navigation").length);

    // Stop the server under the open page; it notices and says so.
    expect(await stopServer(server.proc)).toBe(0);
    await expect(page.getByTestId("live-state")).toHaveText("Reconnecting…", { timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/warroom-reconnecting.png` });

    server = startServer();
    await waitHealthy(server);
    // A change made while the page may still be reconnecting is not lost: it refetches on reconnect.
    const early = `Written right after the restart ${Date.now()}`;
    expect(
      (
        await api.post(`/api/incidents/${incident.id}/timeline`, { data: { message: early } })
      ).status(),
    ).toBe(201);
    await live(page);
    await expect(page.getByTestId("timeline-entry").filter({ hasText: early })).toBeVisible({
      timeout: 10_000,
    });
    // And the stream is live again: the next change shows within 2 s.
    const later = `Written once the page was live again ${Date.now()}`;
    await seenWithin2s(
      "note after a server restart",
      () => api.post(`/api/incidents/${incident.id}/timeline`, { data: { message: later } }),
      () =>
        expect(page.getByTestId("timeline-entry").filter({ hasText: later })).toBeVisible({
          timeout: LIVE_MS,
        }),
    );
    // No reload happened.
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(
      before,
    );
    await page.screenshot({ path: `${SHOTS}/warroom-after-restart.png` });
    await ctx.close();
  } finally {
    await stopServer(server.proc).catch(() => undefined);
  }
});

// ---------------------------------------------------------------------------------------------

test("search, similar past incidents, runbook suggestions, action items and the audit log on real captures", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, admin);
  // A team of its own, so other tests' incidents do not take part.
  const team = (await (
    await page.request.post("/api/teams", { data: { name: `Payments ${Date.now()}` } })
  ).json()) as { id: string };
  expect((await page.request.put("/api/teams/current", { data: { teamId: team.id } })).ok()).toBe(
    true,
  );
  const api = page.request;
  const newIncident = async (title: string, summary: string, capture: string) => {
    const inc = (await (
      await api.post("/api/incidents", {
        data: { title, summary, severity: "SEV2", environment: "vm" },
      })
    ).json()) as { id: string; key: string };
    const up = await api.post(`/api/incidents/${inc.id}/snapshots?role=incident`, {
      data: bundle(capture),
      headers: { "content-type": "application/gzip" },
    });
    expect(up.ok(), `${capture} uploads`).toBe(true);
    return inc;
  };
  const disk = await newIncident(
    "Order confirmations delayed by 20 minutes",
    "The orders database VM answered slowly: its virtio disk was saturated by a forgotten fio benchmark.",
    "disk-random-io",
  );
  expect(
    (
      await api.post(`/api/incidents/${disk.id}/postmortem`, {
        data: {
          baseVersion: 0,
          markdown:
            "# Postmortem: order confirmations delayed\n\n## Root cause\n\nA fio benchmark left running kept vda 89% busy with a queue of 22.\n\n## Action items\n\n- [ ] Alert when disk %util stays above 90% for 5 minutes\n",
        },
      })
    ).status(),
  ).toBe(201);
  const runbook = (await (
    await api.post("/api/runbooks", { data: { fromIncidentId: disk.id } })
  ).json()) as { id: string; title: string };
  await newIncident(
    "Checkout API errors after deploy",
    "Checkout answered 502 for ten minutes: the new build pinned both CPUs.",
    "cpu-all-cores",
  );
  const target = await newIncident(
    "Checkout API slow for EU customers",
    "p99 of the checkout API above 3 s since 10:40.",
    "heldout-disk-seqwrite",
  );

  // Search from the header: "/" focuses it.
  await page.goto("/incidents");
  // The shortcut listens once the page is hydrated: press until it takes (as a user would).
  const searchBox = page.getByLabel("Search incidents, postmortems and runbooks");
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(searchBox).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(searchBox).toHaveValue("");
  await page.keyboard.type("disk saturated");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=disk%20saturated/);
  const results = page.getByTestId("search-results").locator("li");
  await expect(results.first()).toContainText(runbook.title);
  await expect(
    results.filter({ hasText: "Order confirmations delayed by 20 minutes" }).first(),
  ).toBeVisible();
  await expect(results.first().locator("mark").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/warroom-search.png`, fullPage: true });

  // Similar past incidents: by the findings and the host, not by the title's words.
  await page.goto(`/incidents/${target.id}/identify`);
  const similar = page.getByTestId("similar-incidents").locator(":scope > li");
  await expect(similar.first()).toContainText("Order confirmations delayed by 20 minutes");
  await expect(similar.first()).toContainText("disk-saturation");
  await expect(page.getByTestId("similar-incidents")).not.toContainText(
    "Checkout API errors after deploy",
  );
  await page.getByRole("heading", { name: "Similar past incidents" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/warroom-similar.png`, fullPage: true });

  // Analyze: the runbook is suggested beside the findings; the lead finding and the chart
  // window are pinned to the timeline as evidence.
  await page.goto(`/incidents/${target.id}/analyze`);
  await expect(page.getByTestId("runbook-suggestions")).toContainText(runbook.title);
  const findings = page.getByRole("list", { name: "Findings, most important first" });
  await findings.getByRole("button").first().click();
  await findings.getByRole("button", { name: "Pin to timeline" }).click();
  await findings
    .getByRole("form", { name: "Pin to timeline" })
    .getByRole("button", { name: "Pin", exact: true })
    .click();
  await expect(page.getByText("Pinned to the timeline.").first()).toBeAttached();
  await page.getByRole("button", { name: "Pin this window" }).click();
  const windowForm = page.getByRole("form", { name: "Pin this window" });
  await windowForm.getByLabel("Note for the timeline").fill("fio starts writing here");
  await windowForm.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(windowForm).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/warroom-analyze-pins.png`, fullPage: true });

  // The runbook from the disk incident's postmortem is suggested in the Fix step.
  await page.goto(`/incidents/${target.id}/fix`);
  const suggested = page.getByTestId("runbook-suggestions");
  await expect(suggested).toContainText(runbook.title);
  await expect(suggested).toContainText("disk-saturation");

  // An action item from a timeline entry, late already: the team list highlights it.
  await page.getByText("Incident timeline").click();
  await expect(page.getByTestId("pinned-evidence")).toHaveCount(2);
  await expect(page.getByTestId("pinned-evidence").first()).toContainText("Disk vda saturated");
  const entry = page
    .getByTestId("timeline-entry")
    .filter({ hasText: "uploaded as incident" })
    .first();
  await entry.getByRole("button", { name: /Create action item from/ }).click();
  const form = entry.getByRole("form", { name: "Create action item" });
  await form.getByLabel("Action item").fill("Find who runs fio on production VMs");
  await form.getByLabel("Owner").selectOption({ index: 1 });
  await form.getByLabel("Due").fill("2026-01-15");
  await form.getByRole("button", { name: "Create action item" }).click();
  await expect(
    page.getByTestId("timeline-entry").filter({ hasText: "Action item: Find who runs fio" }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/warroom-fix-runbooks.png`, fullPage: true });
  await page.getByRole("link", { name: "Actions", exact: true }).click();
  const row = page
    .getByTestId("team-actions")
    .getByRole("row")
    .filter({ hasText: "Find who runs fio" });
  await expect(row).toContainText("overdue");
  await expect(row).toContainText(target.key);
  await page.screenshot({ path: `${SHOTS}/warroom-actions.png`, fullPage: true });

  // The runbook: edit it, a new version; the old one stays readable.
  await page.goto(`/runbooks/${runbook.id}`);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Tags").fill("disk, vm, fio");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/runbooks/${runbook.id}$`));
  await expect(page.getByTestId("runbook-versions").locator("li")).toHaveCount(2);
  await expect(page.getByText("fio", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/warroom-runbook.png`, fullPage: true });

  // The audit log (owners): what just happened, filterable.
  await page.goto("/team/audit");
  const log = page.getByTestId("audit-log");
  await expect(log).toContainText("runbook.update");
  await expect(log).toContainText("action.create");
  await expect(log).toContainText("timeline.pin");
  await page.screenshot({ path: `${SHOTS}/warroom-audit.png`, fullPage: true });
  await page.getByLabel("Action", { exact: true }).selectOption("runbook.update");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=runbook.update/);
  await expect(log.locator("tbody tr")).toHaveCount(1);
  await ctx.close();
});
