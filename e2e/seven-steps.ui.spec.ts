import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { admin, expect, signIn, test } from "./fixtures";

/**
 * A responder takes one incident from the first report to an exported postmortem, in the browser
 * only: every upload through the page, real captures of this kind of machine (an idle baseline,
 * fio saturating vda, and the host after fio was stopped).
 */
const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");
const SHOTS = "test-results/screenshots";
const DOMAINS = ["CPU", "Memory", "Disk I/O", "Network", "System"];

async function uploadBundle(page: Page, name: string) {
  await page.getByLabel("Choose a snapshot file").setInputFiles({
    name: `${name}.tar.gz`,
    mimeType: "application/gzip",
    buffer: readFileSync(path.join(SCENARIOS, `${name}.tar.gz`)),
  });
  // Other tests may have uploaded the same capture to this team: then it is linked, not stored again.
  await expect(page.getByTestId("upload-result")).toContainText(/Stored\.|Already uploaded/);
}

test("the seven steps in the browser: report → baseline → evidence → finding → fix → verdicts → postmortem", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, admin);
  const steps = page.getByRole("navigation", { name: "Investigation steps" });
  const go = async (step: string) => {
    await steps.getByRole("link", { name: new RegExp(step) }).click();
    await expect(page).toHaveURL(new RegExp(`/${step.toLowerCase()}$`));
  };

  // 1. Identify: what is slow, who is affected, when, where.
  await page.getByRole("link", { name: "New incident" }).click();
  const title = `Orders API slow: p99 above 2 s ${Date.now()}`;
  await page.getByLabel("What is slow or broken?").fill(title);
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel("Environment").selectOption("vm");
  await page
    .getByLabel("Who is affected and how?")
    .fill("All order placements; 40% of requests time out");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page).toHaveURL(/\/identify$/);
  await page.getByLabel("Started at").fill("2026-12-04T17:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/seven-1-identify.png`, fullPage: true });

  // 2. Baseline: the working state, uploaded through the page.
  await go("Baseline");
  await expect(page.getByLabel("Use this snapshot as")).toHaveValue("baseline");
  await uploadBundle(page, "idle-baseline");

  // 3. Collect: the incident capture; coverage shows what is present.
  await go("Collect");
  await expect(page.getByLabel("Use this snapshot as")).toHaveValue("incident");
  await uploadBundle(page, "disk-random-io");
  const coverage = page.getByRole("table", { name: "Evidence per host and resource domain" });
  await expect(coverage.getByRole("row", { name: /^vm/ })).toContainText("series");
  await page.getByRole("button", { name: "Create a token and show the command" }).click();
  await expect(page.getByTestId("collector-command")).toContainText("WARROOM_TOKEN=wr_");
  await page.screenshot({ path: `${SHOTS}/seven-3-collect.png`, fullPage: true });

  // Back to Baseline: now the comparison table has both sides.
  await go("Baseline");
  await expect(
    page.getByTestId("baseline-table").getByRole("row", { name: /Disk utilisation \(vda\)/ }),
  ).toContainText("Far off");

  // 4. Analyze: five charts with data, the top finding, a confirmed hypothesis.
  await go("Analyze");
  for (const d of DOMAINS) {
    // A drawn line has a path; a flat one has no height, so check the path, not visibility.
    await expect
      .poll(
        async () =>
          (
            await page
              .getByRole("figure", { name: d, exact: true })
              .locator("path.recharts-line-curve")
              .first()
              .getAttribute("d")
          )?.length ?? 0,
      )
      .toBeGreaterThan(10);
  }
  const findings = page.getByRole("list", { name: "Findings, most important first" });
  const top = findings.getByRole("button").first();
  await expect(top).toContainText(/disk|vda/i);
  await top.click();
  await expect(page).toHaveURL(/from=\d+&to=\d+/);
  const hypothesis = "fio random reads saturate vda (queue depth above 20)";
  await page.getByLabel("Hypothesis", { exact: true }).fill(hypothesis);
  await page.getByRole("button", { name: "Add hypothesis" }).click();
  const item = page.getByRole("listitem", { name: hypothesis });
  await item.getByRole("button", { name: "Confirm" }).click();
  await expect(item).toContainText(/confirmed/i);
  await page.screenshot({ path: `${SHOTS}/seven-4-analyze.png`, fullPage: true });

  // 5. Fix: what, where, when, who.
  await go("Fix");
  await page.getByLabel("What was changed").fill("Stopped the fio job on vm");
  await page.getByRole("button", { name: "Record fix" }).click();
  await expect(page.getByTestId("fix-list")).toContainText("Stopped the fio job on vm");

  // 6. Verify: the after-fix capture and a verdict per metric.
  await go("Verify");
  await expect(page.getByLabel("Use this snapshot as")).toHaveValue("verify");
  await uploadBundle(page, "disk-random-io-fixed");
  await expect(
    page.getByTestId("verify-table").getByRole("row", { name: /Disk utilisation \(vda\)/ }),
  ).toContainText(/Back to baseline|Improved/);
  await page.screenshot({ path: `${SHOTS}/seven-6-verify.png`, fullPage: true });

  // 7. Document: the drafted postmortem has the evidence; save it and export it.
  await go("Document");
  const editor = page.getByLabel("Markdown", { exact: true });
  await expect(editor).toHaveValue(/## Root cause/);
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByTestId("postmortem-status")).toContainText("Version 1, saved by");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download .md" }).click(),
  ]);
  const md = readFileSync(await download.path(), "utf8");
  for (const section of [
    "Summary",
    "Impact",
    "Timeline",
    "Root cause",
    "Fix",
    "Verification",
    "Action items",
    "What alert would have caught it",
  ]) {
    expect(md, section).toMatch(new RegExp(`^## ${section}`, "m"));
  }
  expect(md).toContain(title);
  expect(md).toContain(hypothesis);
  expect(md).toContain("Stopped the fio job on vm");
  expect(md).toMatch(/disk\.util_pct\{device=vda\}/);
  expect(md).toMatch(/8\d\.\d+ ?%/); // the observed utilisation of vda, from iostat
  await page.screenshot({ path: `${SHOTS}/seven-7-document.png`, fullPage: true });
});
