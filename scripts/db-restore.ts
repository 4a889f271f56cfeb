/**
 * `npm run db:restore -- [--replace] <file>`: restores a db:backup file in one transaction.
 * A team backup adds the team back (refused while it exists). A whole-database backup replaces
 * every row, so over a database that holds teams it needs --replace. psql restores the same file:
 * `psql -1 -v ON_ERROR_STOP=1 -f <file> <url>`.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { restoreFromFile } from "@/lib/db/backup";
import { openLocalDatabase } from "@/lib/db/local-database";

function usage(): never {
  console.error("usage: npm run db:restore -- [--replace] <file.sql|file.sql.gz>");
  process.exit(2);
}

/** The `-- Scope:` line of the file's header. */
async function scopeOf(file: string): Promise<string> {
  const raw = createReadStream(file);
  const lines = createInterface({ input: file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw });
  try {
    for await (const line of lines) {
      if (line.startsWith("-- Scope: ")) return line.slice(10);
      if (!line.startsWith("--") && line.trim() !== "") break;
    }
  } finally {
    lines.close();
    raw.destroy();
  }
  throw new Error(`${file} is not a Warroom backup (no "-- Scope:" line in its header)`);
}

async function main() {
  const args = process.argv.slice(2);
  const replace = args.includes("--replace");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length !== 1 || args.some((a) => a.startsWith("--") && a !== "--replace")) usage();
  const file = files[0] ?? usage();
  const scope = await scopeOf(file);
  const database = await openLocalDatabase();
  try {
    console.log(`[restore] ${scope} from ${file} into ${database.description}`);
    if (scope === "whole database" && !replace) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      const teams = await c
        .query<{ n: string }>(`SELECT count(*)::text AS n FROM "Team"`)
        .finally(() => c.end());
      if (Number(teams.rows[0]?.n ?? 0) > 0) {
        throw new Error(
          "a whole-database backup replaces all data, and this database holds teams: add --replace",
        );
      }
    }
    const s = await restoreFromFile(database.url, file);
    console.log(
      `[restore] done: ${s.rows} rows in ${s.copies.length} tables (${(s.ms / 1000).toFixed(1)} s)`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(
    `[restore] failed, nothing was changed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
