import { admin, expect, signIn, test } from "./fixtures";

test("sign in, create an incident, see it in the list and walk the seven steps", async ({
  page,
}) => {
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fincidents/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong e-mail or password")).toBeVisible();

  await signIn(page, admin);
  await page.getByRole("link", { name: "New incident" }).click();
  // The form checks fields before sending: a short title is named.
  await page.getByLabel("What is slow or broken?").fill("ab");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByText("must be at least 3 characters").first()).toBeVisible();

  const title = `Checkout API p99 above 3 s ${Date.now()}`;
  await page.getByLabel("What is slow or broken?").fill(title);
  await page.getByLabel("Severity").selectOption("SEV1");
  await page.getByLabel("Environment").selectOption("kubernetes");
  await page
    .getByLabel("Who is affected and how?")
    .fill("All EU customers see timeouts at checkout");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/[^/]+\/identify$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  const steps = page.getByRole("navigation", { name: "Investigation steps" });
  await expect(steps.getByRole("link")).toHaveText(
    ["1Identify", "2Baseline", "3Collect", "4Analyze", "5Fix", "6Verify", "7Document"].map(
      (s) => new RegExp(s.replace(/^(\d)/, "$1\\s*")),
    ),
  );
  await steps.getByRole("link", { name: /Analyze/ }).click();
  await expect(page).toHaveURL(/\/analyze$/);
  await expect(page.getByRole("heading", { name: "Analyze", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: "Move the team to this step" }).click();
  await expect(page.getByText("The team is on this step")).toBeVisible();

  await page.getByRole("link", { name: "Incidents", exact: true }).click();
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("SEV1");
  await expect(row).toContainText("open");
  await expect(row).toContainText("analyze");
  // Filters live in the URL. A click while the client-side navigation to the list is still
  // settling can show its tick a moment late (check() looks at once): check again until it shows,
  // as a user would.
  const sev4 = page.getByRole("checkbox", { name: "SEV4" });
  await expect(async () => {
    await sev4.check({ timeout: 2000 });
  }).toPass({ timeout: 10_000 });
  await expect(page).toHaveURL(/severity=SEV4/);
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/incident-list.png", fullPage: true });
});

test("the theme toggle switches to light and back, and survives a reload", async ({ page }) => {
  await signIn(page, admin);
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(page.locator("html")).toHaveClass(/light/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/light/);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
});
