import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { admin, apiAs, expect, signIn, test } from "./fixtures";

/**
 * The Analyze step in Chromium against the real server: real bundles (an idle baseline and a
 * CPU-bound incident, captured on this kind of machine) uploaded through the API, then the five
 * correlated charts, hover sync, drag-to-zoom, a finding, a hypothesis, and the 1.5 s budget.
 */
const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");
const DOMAINS = ["CPU", "Memory", "Disk I/O", "Network", "System"] as const;
const SHOTS = "test-results/screenshots";
const INCIDENT_START = Date.parse("2026-12-04T17:10:15Z");
const INCIDENT_END = Date.parse("2026-12-04T17:10:49Z");

function figure(page: Page, name: string): Locator {
  return page.getByRole("figure", { name, exact: true });
}

/** ms from navigation start until every figure has a drawn line (path with a `d`). */
async function timeToCharts(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    (names: readonly string[]) => {
      const figs = [...document.querySelectorAll("figure")];
      const ready = names.every((n) =>
        figs.some(
          (f) =>
            f.getAttribute("aria-label") === n &&
            [...f.querySelectorAll("path.recharts-line-curve")].some(
              (p) => (p.getAttribute("d") ?? "").length > 10,
            ),
        ),
      );
      return ready ? performance.now() : null;
    },
    DOMAINS,
    { polling: "raf", timeout: 15_000 },
  );
  return (await handle.jsonValue()) ?? Number.NaN;
}

async function windowOf(page: Page): Promise<{ from: string | null; to: string | null }[]> {
  return Promise.all(
    DOMAINS.map(async (d) => ({
      from: await figure(page, d).getAttribute("data-window-from"),
      to: await figure(page, d).getAttribute("data-window-to"),
    })),
  );
}

test("Analyze: five correlated charts with baseline, hover sync, zoom, a finding and a confirmed hypothesis", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const api = await apiAs(admin);
  const incident = (await (
    await api.post("/api/incidents", {
      data: {
        title: `Checkout slow, CPU pegged ${Date.now()}`,
        severity: "SEV2",
        environment: "vm",
      },
    })
  ).json()) as { id: string };
  for (const [name, role] of [
    ["idle-baseline", "baseline"],
    ["cpu-all-cores", "incident"],
  ] as const) {
    const r = await api.post(`/api/incidents/${incident.id}/snapshots?role=${role}`, {
      data: readFileSync(path.join(SCENARIOS, `${name}.tar.gz`)),
      headers: { "content-type": "application/gzip" },
    });
    expect(r.ok(), `${name} uploads`).toBe(true);
  }
  const fix = await api.post(`/api/incidents/${incident.id}/fixes`, {
    data: {
      description: "Stopped the stress-ng CPU workers",
      target: "vm",
      appliedAt: "2026-12-04T17:10:40Z",
    },
  });
  expect(fix.status()).toBe(201);

  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning")
      problems.push(`${m.type()}: ${m.text()} ${m.location().url}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.setViewportSize({ width: 1600, height: 1000 });
  await signIn(page, admin);
  const url = `/incidents/${incident.id}/analyze`;

  // The budget: all five charts drawn within 1.5 s of navigation (best of 3 on a shared machine).
  const timings: number[] = [];
  for (let i = 0; i < 3; i++) timings.push(await timeToCharts(page, url));
  const best = Math.min(...timings);
  console.log(
    `Analyze step, navigation → five charts drawn: ${timings.map((t) => `${Math.round(t)} ms`).join(", ")} (best ${Math.round(best)} ms)`,
  );
  test.info().annotations.push({
    type: "performance",
    description: `five charts drawn in ${Math.round(best)} ms (runs: ${timings.map(Math.round).join(", ")})`,
  });
  expect(best).toBeLessThan(1500);

  // Five figures named by their domain, each with drawn lines, on one time window.
  for (const d of DOMAINS) {
    const f = figure(page, d);
    await expect(f).toBeVisible();
    expect(await f.locator("path.recharts-line-curve").count(), `${d} has lines`).toBeGreaterThan(
      0,
    );
  }
  const initial = await windowOf(page);
  expect(new Set(initial.map((w) => `${w.from}-${w.to}`)).size).toBe(1);
  // Unzoomed, the window is the whole capture (a little wider than the CPU samples).
  const captureFrom = Number(initial[0]?.from);
  const captureTo = Number(initial[0]?.to);
  expect(captureFrom).toBeLessThanOrEqual(INCIDENT_START);
  expect(captureTo).toBeGreaterThanOrEqual(INCIDENT_END);
  expect(captureTo - captureFrom).toBeLessThan(60_000);
  // The baseline is drawn dashed, and the page says how it was shifted.
  expect(
    await figure(page, "CPU").locator("path.recharts-line-curve[stroke-dasharray]").count(),
  ).toBeGreaterThan(0);
  await expect(page.locator("[data-baseline-note]")).toContainText(
    /drawn \+4\d s later so that it starts with the incident/,
  );
  // The fix is a marker on every chart; the legend has numbers without hovering.
  await expect(figure(page, "System")).toContainText("Fix: Stopped the stress-ng");
  await expect(figure(page, "CPU").getByRole("row", { name: /^user/ })).toContainText("%");
  await page.screenshot({ path: `${SHOTS}/analyze-overview.png`, fullPage: true });

  // Hover one chart: the crosshair and tooltip show on the others too.
  const cpuPlot = figure(page, "CPU").locator(".recharts-surface").first();
  const box = await cpuPlot.boundingBox();
  if (!box) throw new Error("CPU chart has no box");
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
  for (const d of DOMAINS) {
    await expect(
      figure(page, d).locator("[data-chart-tooltip]"),
      `${d} shows the tooltip`,
    ).toBeVisible();
    await expect(
      figure(page, d).locator(".recharts-tooltip-cursor"),
      `${d} shows the crosshair`,
    ).toHaveCount(1);
  }
  const stamps = await Promise.all(
    DOMAINS.map((d) => figure(page, d).locator("[data-chart-tooltip] th").first().textContent()),
  );
  expect(new Set(stamps).size, "every tooltip is at the same time").toBe(1);
  await figure(page, "Network").locator("[data-chart-tooltip]").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/analyze-hover.png` });
  await page.mouse.move(5, 5);

  // Drag across one chart: every chart moves to the selection, and the URL holds it.
  await cpuPlot.scrollIntoViewIfNeeded();
  const box2 = await cpuPlot.boundingBox();
  if (!box2) throw new Error("CPU chart has no box");
  const y = box2.y + box2.height * 0.5;
  await page.mouse.move(box2.x + box2.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box2.x + box2.width * 0.45, y, { steps: 4 });
  await expect(figure(page, "CPU").locator(".recharts-reference-area")).toHaveCount(1);
  await page.mouse.move(box2.x + box2.width * 0.6, y, { steps: 4 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  for (const d of DOMAINS)
    await expect(figure(page, d)).not.toHaveAttribute("data-window-from", String(captureFrom));
  const zoomed = await windowOf(page);
  expect(new Set(zoomed.map((w) => `${w.from}-${w.to}`)).size).toBe(1);
  const zf = Number(zoomed[0]?.from);
  const zt = Number(zoomed[0]?.to);
  expect(zf).toBeGreaterThan(captureFrom);
  expect(zt).toBeLessThan(captureTo);
  const u = new URL(page.url());
  expect([Number(u.searchParams.get("from")), Number(u.searchParams.get("to"))]).toEqual([zf, zt]);
  // The lines are redrawn for the new window.
  await expect(figure(page, "Memory").locator("path.recharts-line-curve").first()).toHaveAttribute(
    "d",
    /^M/,
  );
  await page.screenshot({ path: `${SHOTS}/analyze-zoomed.png`, fullPage: true });

  // A pasted link opens the same view.
  const other = await page.context().newPage();
  await other.setViewportSize({ width: 1600, height: 1000 });
  await other.goto(page.url());
  await expect(figure(other, "Disk I/O")).toHaveAttribute("data-window-from", String(zf));
  await expect(figure(other, "Disk I/O")).toHaveAttribute("data-window-to", String(zt));
  await other.close();

  // The keyboard way: zoom out goes back towards the whole capture, reset clears the URL.
  await page.getByRole("button", { name: "Zoom out" }).click();
  await expect(figure(page, "CPU")).not.toHaveAttribute("data-window-from", String(zf));
  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect(figure(page, "Network")).toHaveAttribute("data-window-from", String(captureFrom));
  expect(new URL(page.url()).searchParams.get("from")).toBeNull();

  // Choose the top finding with the keyboard: the charts zoom to its evidence, CPU is emphasised.
  const findings = page.getByRole("list", { name: "Findings, most important first" });
  const top = findings.getByRole("button").first();
  await expect(top).toContainText("cpu");
  await expect(top).toContainText("CPU saturated");
  await top.focus();
  await page.keyboard.press("Enter");
  await expect(top).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/finding=/);
  for (const d of DOMAINS) {
    await expect(figure(page, d)).toHaveAttribute("data-window-from", String(INCIDENT_START));
    await expect(figure(page, d)).toHaveAttribute("data-window-to", String(INCIDENT_END));
  }
  await expect(figure(page, "CPU")).toContainText("chosen finding");
  await expect(
    figure(page, "CPU").locator('path.recharts-line-curve[stroke-width="3"]').first(),
  ).toBeVisible();
  const details = page.getByRole("region", { name: /Details of CPU saturated/ });
  await expect(details).toContainText("stress-ng-cpu");
  await expect(details.getByRole("button", { name: /^Copy: pidstat/ }).first()).toBeVisible();
  // The correlation ranking follows the finding's main series.
  const corr = page.getByRole("table", { name: /Series correlated with user/ });
  await expect(corr.getByRole("row").nth(1)).toBeVisible();

  // Write a hypothesis with the finding linked, then confirm it.
  const text =
    "Two stress-ng CPU workers saturate both vCPUs; stopping them brings CPU back to baseline.";
  await page.getByLabel("Hypothesis", { exact: true }).fill(text);
  await expect(page.getByRole("checkbox", { name: /Link the chosen finding/ })).toBeChecked();
  await page.getByRole("button", { name: "Add hypothesis" }).click();
  const item = page.getByRole("listitem", { name: text });
  await expect(item).toContainText("proposed");
  await expect(item.getByRole("button", { name: /^Finding: CPU saturated/ })).toBeVisible();
  await item.getByRole("button", { name: "Mark testing" }).click();
  await expect(item).toHaveAttribute("data-hypothesis-status", "testing");
  await item.getByRole("button", { name: "Confirm" }).click();
  await expect(item).toHaveAttribute("data-hypothesis-status", "confirmed");
  await page.screenshot({ path: `${SHOTS}/analyze-finding-hypothesis.png`, fullPage: true });

  const stored = (await (await api.get(`/api/incidents/${incident.id}/hypotheses`)).json()) as {
    hypotheses: { text: string; status: string; evidence: { kind: string; rule?: string }[] }[];
  };
  expect(stored.hypotheses).toEqual([
    expect.objectContaining({
      text,
      status: "confirmed",
      evidence: [expect.objectContaining({ kind: "finding", rule: "cpu-saturation" })],
    }),
  ]);
  const timeline = JSON.stringify(
    await (await api.get(`/api/incidents/${incident.id}/timeline`)).json(),
  );
  expect(timeline).toContain("Hypothesis confirmed");
  // No React, hydration or chart warnings and no failed request on the way (the icon included).
  expect(problems).toEqual([]);
});

/** A real bundle as if another host had captured it (the fixtures all come from one VM). */
function asHost(name: string, hostname: string): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-e2e-host-"));
  const src = path.join(dir, "bundle");
  execFileSync("mkdir", [src]);
  execFileSync("tar", ["-xzf", path.join(SCENARIOS, `${name}.tar.gz`), "-C", src]);
  const manifest = path.join(src, "manifest.json");
  const m = JSON.parse(readFileSync(manifest, "utf8")) as { host: { hostname: string } };
  m.host.hostname = hostname;
  writeFileSync(manifest, JSON.stringify(m));
  const out = path.join(dir, "bundle.tar.gz");
  execFileSync("tar", ["-czf", out, "-C", src, ...readdirSync(src)]);
  return readFileSync(out);
}

test("Analyze: hosts side by side share one time axis and one crosshair", async ({ page }) => {
  test.setTimeout(120_000);
  const api = await apiAs(admin);
  const incident = (await (
    await api.post("/api/incidents", {
      data: { title: `Two hosts ${Date.now()}`, severity: "SEV3", environment: "vm" },
    })
  ).json()) as { id: string };
  const upload = async (body: Buffer) => {
    const r = await api.post(`/api/incidents/${incident.id}/snapshots?role=incident`, {
      data: body,
      headers: { "content-type": "application/gzip" },
    });
    expect(r.ok(), await r.text()).toBe(true);
  };
  await upload(readFileSync(path.join(SCENARIOS, "cpu-all-cores.tar.gz")));
  await page.setViewportSize({ width: 1600, height: 1000 });
  await signIn(page, admin);
  await page.goto(`/incidents/${incident.id}/analyze`);
  const host = page.getByLabel("Host", { exact: true });
  await expect(host.getByRole("option")).toHaveText(["vm"]);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  // A second host uploads while the page is open: the live channel brings it in, no reload.
  await upload(asHost("tcp-retransmits", "vm-web-2"));
  await expect(host.getByRole("option")).toHaveText(["vm", "vm-web-2"]);
  await expect(page.getByRole("list", { name: "Findings, most important first" })).toContainText(
    "TCP retransmits",
  );
  await host.selectOption({ label: "vm-web-2" });
  await expect(page).toHaveURL(/host=/);
  // Its own capture: 17:21, not the first host's 17:10.
  await expect(page.locator("[data-window-text]")).toContainText("17:21:");

  await page.getByRole("checkbox", { name: /Hosts side by side/ }).click();
  await expect(page).toHaveURL(/layout=hosts/);
  const columns = page.getByRole("region", { name: /^Charts of / });
  await expect(columns).toHaveCount(2);
  const left = page.getByRole("region", { name: "Charts of vm", exact: true });
  const right = page.getByRole("region", { name: "Charts of vm-web-2" });
  // The same window in every chart of both columns: the union of both captures.
  const windows = await page
    .locator("figure")
    .evaluateAll((figs) =>
      figs.map((f) => `${f.getAttribute("data-window-from")}-${f.getAttribute("data-window-to")}`),
    );
  expect(windows).toHaveLength(10);
  expect(new Set(windows).size).toBe(1);
  await expect(page.locator("[data-window-text]")).toContainText("17:10:");
  await expect(page.locator("[data-window-text]")).toContainText("17:21:");
  for (const col of [left, right]) {
    for (const d of DOMAINS)
      await expect(
        col
          .getByRole("figure", { name: d, exact: true })
          .locator("path.recharts-line-curve")
          .first(),
      ).toHaveAttribute("d", /^M/);
  }
  // Hovering the left CPU chart moves the crosshair in the right column too.
  const box = await left
    .getByRole("figure", { name: "CPU", exact: true })
    .locator(".recharts-surface")
    .boundingBox();
  if (!box) throw new Error("no CPU chart");
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(
    right.getByRole("figure", { name: "CPU", exact: true }).locator(".recharts-tooltip-cursor"),
  ).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/analyze-side-by-side.png`, fullPage: true });
});
