/**
 * A Warroom server of a bench's own: `scripts/start.ts` (what `npm start` runs) in its own process
 * group, on its own port, data dir and PostgreSQL port (port + 10000), with a known admin. Unlike
 * scripts/bench/server.ts it can be started again on the same data dir (crash tests) and says how
 * long the start took.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

/** The administrator every own server starts with (WARROOM_ADMIN_*). */
export const ADMIN = { email: "crash@warroom.test", password: "crash-password-123" };

export interface OwnServer {
  base: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  proc: ChildProcess;
  log(): string;
}

/** Starts scripts/start.ts in its own process group; resolves when /api/health answers 200. */
export async function startServer(opts: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Empty the data dir first. */
  fresh?: boolean;
}): Promise<OwnServer & { startMs: number }> {
  const started = performance.now();
  if (opts.fresh)
    await rm(path.join(opts.cwd ?? process.cwd(), opts.dataDir), { recursive: true, force: true });
  const base = `http://localhost:${opts.port}`;
  const pgPort = opts.port + 10000;
  let out = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    WARROOM_DATA_DIR: opts.dataDir,
    WARROOM_PG_PORT: String(pgPort),
    WARROOM_ADMIN_EMAIL: ADMIN.email,
    WARROOM_ADMIN_PASSWORD: ADMIN.password,
    NEXTAUTH_URL: base,
    NEXT_TELEMETRY_DISABLED: "1",
    WARROOM_MAX_UPLOAD_BYTES: String(512 * 1024 * 1024),
    WARROOM_INGEST_RATE_PER_MIN: "100000",
    ...opts.env,
  };
  delete env.DATABASE_URL;
  // An empty value unsets a variable (its default applies).
  for (const [k, v] of Object.entries(env)) if (v === "") delete env[k];
  const cwd = opts.cwd ?? process.cwd();
  const proc = spawn(
    path.join(cwd, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/start.ts"],
    { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null)
      throw new Error(`server exited while starting:\n${out.slice(-4000)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i === 599) throw new Error(`server not healthy after 5 min:\n${out.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const creds = JSON.parse(
    await readFile(path.join(cwd, opts.dataDir, "postgres-credentials.json"), "utf8"),
  ) as { user: string; password: string };
  return {
    base,
    port: opts.port,
    dataDir: opts.dataDir,
    databaseUrl: `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${pgPort}/warroom`,
    proc,
    log: () => out,
    startMs: performance.now() - started,
  };
}

export async function stopServer(s: OwnServer): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise((r) => s.proc.once("exit", r));
  s.proc.kill("SIGTERM");
  await exited;
}

export interface SignInAttempt {
  /** Where the credentials callback redirects: an `error=` in it means refused. */
  location: string;
  /** Set-Cookie headers of the csrf answer and of the callback, as sent. */
  setCookies: string[];
  /** Cookie header for later requests (empty when refused). */
  cookie: string;
}

/** One sign-in through next-auth's CSRF + credentials callback, as a browser or curl does it. */
export async function trySignIn(
  base: string,
  email = ADMIN.email,
  password = ADMIN.password,
): Promise<SignInAttempt> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const csrfCookies = csrfRes.headers.getSetCookie();
  const jar = csrfCookies.map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const loginCookies = login.headers.getSetCookie();
  const session = loginCookies
    .map((c) => c.split(";")[0])
    .find((c) => c?.includes("next-auth.session-token="));
  return {
    location: login.headers.get("location") ?? "",
    setCookies: [...csrfCookies, ...loginCookies],
    cookie: session ? `${jar}; ${session}` : "",
  };
}

/** Signs the admin in; the Cookie header for later requests. */
export async function signIn(base: string): Promise<string> {
  const a = await trySignIn(base);
  if (!a.cookie) throw new Error(`sign-in failed: ${a.location}`);
  return a.cookie;
}
