import { defineConfig } from "@playwright/test";
import { e2eServer, chromiumPath } from "./e2e/server-config";

/**
 * End-to-end tests in real Chromium against the real server (`npm start`'s script, production
 * build) and a real embedded PostgreSQL in .data/e2e-<port>, wiped at every run. One worker: 2 cores.
 * E2E_PORT moves the server (and its data dir), so two checkouts can run their suites at once.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]]
    : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: e2eServer.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "api", testMatch: /.*\.api\.spec\.ts/ },
    { name: "ui", testMatch: /.*\.ui\.spec\.ts/ },
  ],
  webServer: {
    command: `rm -rf ${e2eServer.dataDir} && node_modules/.bin/tsx --conditions=react-server scripts/start.ts`,
    url: `${e2eServer.baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(e2eServer.port),
      WARROOM_DATA_DIR: e2eServer.dataDir,
      WARROOM_ADMIN_EMAIL: e2eServer.admin.email,
      WARROOM_ADMIN_PASSWORD: e2eServer.admin.password,
      NEXTAUTH_URL: e2eServer.baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
    },
  },
});
