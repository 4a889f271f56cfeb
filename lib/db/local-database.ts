/**
 * The database a command-line tool works on: DATABASE_URL when set; else the embedded cluster in
 * WARROOM_DATA_DIR (default .data) — the running one of `npm start` (its port is in
 * postmaster.pid), or, when the server is stopped, the cluster started just for the command.
 * Node-only.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readPostmasterPid, startEmbeddedPostgres } from "./embedded";

export interface LocalDatabase {
  url: string;
  /** Where it came from, for the tool's first line of output. */
  description: string;
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openLocalDatabase(root = process.cwd()): Promise<LocalDatabase> {
  const env = process.env.DATABASE_URL;
  if (env) return { url: env, description: "DATABASE_URL", close: () => Promise.resolve() };
  const dataDir = path.resolve(root, process.env.WARROOM_DATA_DIR ?? ".data");
  let creds: { user: string; password: string };
  try {
    creds = JSON.parse(
      await readFile(path.join(dataDir, "postgres-credentials.json"), "utf8"),
    ) as typeof creds;
  } catch {
    throw new Error(
      `no DATABASE_URL and no embedded PostgreSQL in ${dataDir} (set DATABASE_URL or WARROOM_DATA_DIR)`,
    );
  }
  const running = await readPostmasterPid(path.join(dataDir, "pg"));
  const url = (port: number) =>
    `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/warroom`;
  if (running && alive(running.pid) && running.port > 0) {
    return {
      url: url(running.port),
      description: `the running embedded PostgreSQL of ${dataDir} (port ${running.port})`,
      close: () => Promise.resolve(),
    };
  }
  const pg = await startEmbeddedPostgres({ dir: dataDir });
  return {
    url: url(pg.port),
    description: `the embedded PostgreSQL of ${dataDir}, started for this command`,
    close: () => pg.stop(),
  };
}
