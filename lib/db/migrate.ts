/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, so a real Prisma CLI accepts the
 * database later: the `_prisma_migrations` table with Prisma's columns, a sha256 checksum of each
 * migration.sql, Prisma's advisory lock, one row per migration finished only when its script ran.
 * Stricter than Prisma in one way: a migration file changed after it was applied is refused.
 * Node-only (used by scripts/start.ts and the tests, never by request handlers).
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** Prisma's lock id for migrations on PostgreSQL (prisma-engines, sql-schema-connector). */
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export const DEFAULT_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export function checksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Reads `<dir>/<name>/migration.sql` in name order (names start with a timestamp). */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
    files.push({ name, sql, checksum: checksum(sql) });
  }
  return files;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(
  databaseUrl: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const files = await readMigrations(opts.dir);
  const log = opts.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
           FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
      if (failed) {
        throw new MigrationError(
          `migration ${failed.migration_name} failed earlier and blocks further migrations; ` +
            `fix the database by hand, then mark it rolled back. Log: ${failed.logs ?? "(none)"}`,
        );
      }
      const done = new Map(
        rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]),
      );
      const known = new Set(files.map((f) => f.name));
      for (const name of done.keys()) {
        if (!known.has(name)) {
          throw new MigrationError(
            `the database has migration ${name}, which is not in prisma/migrations: it was made by a newer version`,
          );
        }
      }
      const applied: string[] = [];
      for (const file of files) {
        const recorded = done.get(file.name);
        if (recorded !== undefined) {
          if (recorded !== file.checksum) {
            throw new MigrationError(
              `migration ${file.name} was changed after it was applied ` +
                `(checksum ${file.checksum.slice(0, 12)}… differs from ${recorded.slice(0, 12)}…); ` +
                `add a new migration instead of editing an applied one`,
            );
          }
          continue;
        }
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, file.checksum, file.name],
        );
        try {
          // One simple-protocol query: PostgreSQL runs the whole script as one implicit transaction.
          await client.query(file.sql);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [
            id,
            message,
          ]);
          throw new MigrationError(`migration ${file.name} failed: ${message}`);
        }
        await client.query(
          `UPDATE "_prisma_migrations" SET applied_steps_count = 1, finished_at = now() WHERE id = $1`,
          [id],
        );
        log(`applied migration ${file.name}`);
        applied.push(file.name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}
