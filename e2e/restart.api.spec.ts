import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * `npm start` twice on one data dir, as a user would: the first start prints a one-time admin
 * password, SIGTERM stops Next and PostgreSQL cleanly, and the data is there after the restart.
 */
const PORT = e2eServer.restartPort;
const BASE = `http://localhost:${PORT}`;
const DATA = `${e2eServer.dataDir}-restart`;

function start(): { proc: ChildProcess; output: () => string } {
  let out = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    WARROOM_DATA_DIR: DATA,
    NEXTAUTH_URL: BASE,
  };
  delete env.DATABASE_URL;
  delete env.WARROOM_ADMIN_EMAIL;
  delete env.WARROOM_ADMIN_PASSWORD;
  const proc = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/start.ts"], {
    env,
  });
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

async function waitHealthy() {
  const ctx = await request.newContext({ baseURL: BASE });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await ctx.get("/api/health")).ok()) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

async function stop(proc: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  proc.kill("SIGTERM");
  return exited;
}

async function signedIn(email: string, password: string) {
  const ctx = await request.newContext({ baseURL: BASE });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password },
    maxRedirects: 0,
  });
  expect(res.headers().location ?? "").not.toContain("error");
  return ctx;
}

test("first start prints a one-time admin password; data survives a clean restart", async () => {
  test.setTimeout(180_000);
  rmSync(DATA, { recursive: true, force: true });
  const first = start();
  try {
    await waitHealthy();
  } catch (err) {
    first.proc.kill("SIGKILL");
    throw new Error(`${String(err)}\n${first.output()}`);
  }
  const m = /e-mail:\s+(\S+)[\s\S]*?password:\s+(\S+)/.exec(first.output());
  expect(m, first.output()).not.toBeNull();
  const [, email = "", password = ""] = m ?? [];
  const api = await signedIn(email, password);
  const created = await api.post("/api/incidents", {
    data: { title: "Survives restarts", severity: "SEV3", environment: "bare-metal" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect(await stop(first.proc)).toBe(0);
  expect(first.output()).toContain("PostgreSQL stopped");

  const second = start();
  try {
    await waitHealthy();
    expect(second.output()).not.toContain("password:");
    const again = await signedIn(email, password);
    const got = await again.get(`/api/incidents/${id}`);
    expect(got.status()).toBe(200);
    expect(await got.json()).toMatchObject({
      title: "Survives restarts",
      environment: "bare-metal",
    });
  } finally {
    expect(await stop(second.proc)).toBe(0);
  }
});
