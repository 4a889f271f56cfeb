/**
 * A real Warroom server for benchmarks: `scripts/start.ts` (production build, embedded PostgreSQL)
 * on its own port and data dir, an admin, and a signed-in API client.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

export interface BenchServer {
  base: string;
  /** postgresql:// URL of the server's database (same embedded cluster). */
  databaseUrl: string;
  cookie: string;
  proc: ChildProcess;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

const ADMIN = { email: "bench@warroom.test", password: "bench-password-123" };

async function waitHealthy(base: string, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${log()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy:\n${log()}`);
}

export async function startBenchServer(
  opts: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const port = opts.port ?? 3199;
  const dataDir = opts.dataDir ?? "bench-data/server";
  const pgPort = port + 10000;
  await rm(dataDir, { recursive: true, force: true });
  const base = `http://localhost:${port}`;
  let out = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    WARROOM_DATA_DIR: dataDir,
    WARROOM_PG_PORT: String(pgPort),
    WARROOM_ADMIN_EMAIL: ADMIN.email,
    WARROOM_ADMIN_PASSWORD: ADMIN.password,
    NEXTAUTH_URL: base,
    ...opts.env,
  };
  delete env.DATABASE_URL;
  const proc = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/start.ts"], {
    env,
  });
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  await waitHealthy(base, proc, () => out);

  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const jar = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password }),
  });
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c?.startsWith("next-auth.session-token"));
  if (!session) throw new Error("bench sign-in failed");
  const creds = JSON.parse(
    await readFile(path.join(dataDir, "postgres-credentials.json"), "utf8"),
  ) as { user: string; password: string };
  return {
    base,
    databaseUrl: `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${pgPort}/warroom`,
    cookie: `${jar}; ${session}`,
    proc,
    log: () => out,
    async stop() {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
  };
}
