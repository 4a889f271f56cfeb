import { readFileSync } from "node:fs";
import path from "node:path";
import { admin, apiAs, expect, signIn, test } from "./fixtures";

/**
 * Baseline → Fix → Verify → Document in Chromium against the real server, on real captures of
 * this kind of machine: an idle baseline, fio saturating vda (the incident) and the same host
 * after fio was stopped (the verify capture, uploaded through the page).
 */
const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");
const SHOTS = "test-results/screenshots";
const bundle = (name: string) => readFileSync(path.join(SCENARIOS, `${name}.tar.gz`));

test("Baseline, Fix, Verify and Document: verdicts, a versioned postmortem, its .md and print page", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const api = await apiAs(admin);
  const incident = (await (
    await api.post("/api/incidents", {
      data: {
        title: `Checkout slow: disk latency on vm ${Date.now()}`,
        severity: "SEV2",
        environment: "vm",
        summary: "EU customers saw checkout requests time out (p99 above 3 s) for 20 minutes.",
      },
    })
  ).json()) as { id: string; key: string };
  for (const [name, role] of [
    ["idle-baseline", "baseline"],
    ["disk-random-io", "incident"],
  ] as const) {
    const r = await api.post(`/api/incidents/${incident.id}/snapshots?role=${role}`, {
      data: bundle(name),
      headers: { "content-type": "application/gzip" },
    });
    expect(r.ok(), `${name} uploads`).toBe(true);
  }
  // Analyze is another test's subject: its outcome (a confirmed hypothesis on the top finding) via the API.
  const findings = (await (await api.get(`/api/incidents/${incident.id}/findings`)).json()) as {
    findings: {
      id: string;
      rule: string;
      title: string;
      evidence: { metric: string; observed: number; threshold: number }[];
    }[];
  };
  const top = findings.findings.find((f) => f.rule === "disk-saturation");
  expect(top, "fio saturates vda").toBeDefined();
  const observedUtil =
    top?.evidence.find((e) => e.metric === "disk.util_pct")?.observed ?? Number.NaN;
  const h = (await (
    await api.post(`/api/incidents/${incident.id}/hypotheses`, {
      data: {
        text: "A fio benchmark left running saturates vda",
        evidence: [{ kind: "finding", findingId: top?.id, rule: top?.rule }],
      },
    })
  ).json()) as { id: string };
  expect(
    (
      await api.patch(`/api/incidents/${incident.id}/hypotheses/${h.id}`, {
        data: { status: "confirmed" },
      })
    ).ok(),
  ).toBe(true);

  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, admin);

  // 1. Baseline: the table says the disk is far from normal; an earlier window can be picked.
  await page.goto(`/incidents/${incident.id}/baseline`);
  const table = page.getByTestId("baseline-table");
  await expect(table).toBeVisible();
  const utilRow = table.getByRole("row", { name: /Disk utilisation \(vda\)/ });
  await expect(utilRow).toContainText("Far off");
  await expect(page.getByRole("radio", { name: /A baseline snapshot/ })).toBeChecked();
  await expect(page.getByText(/key metrics? (is|are) far from normal/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/baseline-step.png`, fullPage: true });
  await page.getByRole("radio", { name: /An earlier window of the incident capture/ }).click();
  await expect(page).toHaveURL(/source=window/);
  // By default the first third of the capture is "normal"; pick the first 10 seconds instead.
  await expect(page.getByText(/^Normal: Earlier window of the incident capture/)).toBeVisible();
  const from = await page.getByLabel("Normal from (UTC)").inputValue();
  const until = new Date(Date.parse(`${from}Z`) + 10_000).toISOString().slice(0, 19);
  await page.getByLabel("Normal until (UTC)").fill(until);
  await page.getByRole("button", { name: "Compare with this window" }).click();
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(
    page.getByText(
      new RegExp(
        `^Normal: Earlier window of the incident capture, .*–${until.slice(11)} UTC \\(10 s\\)`,
      ),
    ),
  ).toBeVisible();
  await expect(page.getByTestId("baseline-table")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/baseline-window.png`, fullPage: true });

  // 2. Fix: what, where (prefilled with the host), when (now), tied to the confirmed hypothesis.
  await page
    .getByRole("navigation", { name: "Investigation steps" })
    .getByRole("link", { name: /Fix/ })
    .click();
  await expect(page).toHaveURL(/\/fix$/);
  await page
    .getByLabel("What was changed")
    .fill("Stopped the fio benchmark job and removed its cron entry");
  await expect(page.getByLabel("Where")).toHaveValue("vm");
  await expect(page.getByLabel("Tests the hypothesis")).toHaveValue(h.id);
  await page.getByRole("button", { name: "Record fix" }).click();
  const fixes = page.getByTestId("fix-list");
  await expect(fixes).toContainText("Stopped the fio benchmark job");
  await expect(fixes).toContainText("A fio benchmark left running saturates vda");
  await page.getByText("Incident timeline").click();
  await expect(
    page.getByTestId("timeline-entry").filter({ hasText: "Fix applied on vm" }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/fix-step.png`, fullPage: true });

  // 3. Verify: upload the after-fix capture through the page; the verdicts follow.
  await page
    .getByRole("navigation", { name: "Investigation steps" })
    .getByRole("link", { name: /Verify/ })
    .click();
  await expect(page).toHaveURL(/\/verify$/);
  await expect(
    page.getByText("No after-fix capture yet: upload it above with the role Verify."),
  ).toBeVisible();
  await expect(page.getByLabel("Use this snapshot as")).toHaveValue("verify");
  await page.getByLabel("Choose a snapshot file").setInputFiles({
    name: "disk-random-io-fixed.tar.gz",
    mimeType: "application/gzip",
    buffer: bundle("disk-random-io-fixed"),
  });
  await expect(page.getByTestId("upload-result")).toContainText("Stored.");
  const verdicts = page.getByTestId("verify-table");
  const utilVerdict = verdicts.getByRole("row", { name: /Disk utilisation \(vda\)/ });
  await expect(utilVerdict).toContainText("Back to baseline");
  await expect(utilVerdict).toContainText("hypothesis");
  await expect(page.getByTestId("overall-verdict")).toHaveText("Back to baseline");
  await page.screenshot({ path: `${SHOTS}/verify-step.png`, fullPage: true });

  // 4. Document: the draft has the evidence; edit, save (aria-live), conflict, download, print.
  await page
    .getByRole("navigation", { name: "Investigation steps" })
    .getByRole("link", { name: /Document/ })
    .click();
  await expect(page).toHaveURL(/\/document$/);
  const editor = page.getByLabel("Markdown", { exact: true });
  await expect(editor).toHaveValue(/## Root cause/);
  await expect(editor).toHaveValue(
    new RegExp(`${observedUtil.toFixed(1).replace(".", "\\.")}% \\(mean of`),
  );
  const preview = page.getByTestId("postmortem-preview");
  await expect(
    preview.getByRole("heading", { name: "What alert would have caught it" }),
  ).toBeVisible();
  await editor.press("ControlOrMeta+End");
  await editor.pressSequentially(
    "\n\nScribe: the benchmark was started by a forgotten cron job on vm.",
  );
  await expect(preview).toContainText("the benchmark was started by a forgotten cron job");
  await expect(page.getByTestId("postmortem-status")).toContainText("Unsaved changes");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByTestId("postmortem-status")).toContainText("Version 1, saved by");
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 1." })).toHaveCount(1);

  // A teammate saves version 2 while this editor holds unsaved changes: the page says so live
  // (a page without unsaved changes would simply show version 2), and the save is refused with a
  // way out.
  await editor.press("ControlOrMeta+End");
  await editor.pressSequentially("\nAlso: move benchmarks to the batch node.");
  await expect(page.getByTestId("postmortem-status")).toContainText("Unsaved changes");
  const v2 = await api.post(`/api/incidents/${incident.id}/postmortem`, {
    data: { markdown: "# Teammate's version\n", baseVersion: 1 },
  });
  expect(v2.status()).toBe(201);
  await expect(
    page.getByRole("status").filter({ hasText: "while you were editing" }),
  ).toBeVisible();
  await expect(editor).toHaveValue(/Also: move benchmarks to the batch node\.$/);
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "saved version 2 meanwhile" }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/document-conflict.png`, fullPage: true });
  await page.getByRole("button", { name: "Save mine as version 3" }).click();
  await expect(page.getByTestId("postmortem-status")).toContainText("Version 3, saved by");

  // Action item from the postmortem's suggestions, with an owner and a due date.
  await page.getByRole("button", { name: /^Use “Add the alert:/ }).click();
  await expect(page.getByLabel("New action item")).toHaveValue(
    /^Add the alert: alert when disk\.util_pct\{device=vda\} > 80% for 5 min$/,
  );
  await page.getByLabel("Owner").selectOption({ index: 1 });
  await page.getByLabel("Due").fill("2026-12-18");
  await page.getByRole("button", { name: "Add action item" }).click();
  await expect(page.getByTestId("action-items")).toContainText(
    "Add the alert: alert when disk.util_pct{device=vda} > 80% for 5 min",
  );

  // A timeline note, then its time corrected (learned late).
  await page.getByLabel("Add a note").fill("Customer support confirms checkout works again");
  await page.getByRole("button", { name: "Add note" }).click();
  const note = page
    .getByTestId("timeline-entry")
    .filter({ hasText: "Customer support confirms checkout works again" });
  await expect(note).toBeVisible();
  await note.getByRole("button", { name: /^Edit entry/ }).click();
  await page.getByLabel("When it happened (UTC)").fill("2026-12-04T17:20:00");
  await page.getByRole("button", { name: "Save entry" }).click();
  await expect(note).toContainText("2026-12-04 17:20:00");
  await expect(note).toContainText("(edited)");

  await page.getByRole("button", { name: "Save as runbook" }).click();
  await expect(page.getByText(/Runbook created: Runbook: Disk <device> saturated/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/document-step.png`, fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download .md" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${incident.key}-postmortem-v3.md`);
  const md = readFileSync(await download.path(), "utf8");
  for (const s of [
    "Summary",
    "Impact",
    "Timeline",
    "Root cause",
    "Fix",
    "Verification",
    "Action items",
    "What alert would have caught it",
  ]) {
    expect(md).toContain(`\n## ${s}\n`);
  }
  expect(md).toContain(
    `| Disk vda saturated | vm | \`disk.util_pct{device=vda}\` | ${observedUtil.toFixed(1)}% (mean of`,
  );
  expect(md).toContain("Stopped the fio benchmark job and removed its cron entry");
  expect(md).toContain("Also: move benchmarks to the batch node.");

  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page).toHaveURL(/\/postmortem\/print$/);
  await expect(page.getByText(`${incident.key} postmortem, version 3`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Root cause", level: 2 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/postmortem-print.png`, fullPage: true });
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Investigation steps" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/postmortem-print-media.png`, fullPage: true });
});
