/**
 * `npm run db:backup -- [--team <id|slug>] <file>`: a backup in pg_dump's plain format (data only;
 * gzip when the file ends in .gz). Without --team, the whole database. Works while the server
 * runs (one consistent snapshot). See lib/db/backup.ts and docs/reliability.md.
 */
import { backupToFile } from "@/lib/db/backup";
import { openLocalDatabase } from "@/lib/db/local-database";

function usage(): never {
  console.error("usage: npm run db:backup -- [--team <id|slug>] <file.sql|file.sql.gz>");
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  let team: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--team") team = args[++i] ?? usage();
    else if (a?.startsWith("--team=")) team = a.slice(7);
    else if (a && !a.startsWith("-") && file === undefined) file = a;
    else usage();
  }
  if (!file) usage();
  const database = await openLocalDatabase();
  try {
    console.log(`[backup] reading ${database.description}`);
    const s = await backupToFile(database.url, file, { team });
    for (const t of s.tables) if (t.rows > 0) console.log(`[backup]   ${t.name}: ${t.rows} rows`);
    console.log(
      `[backup] ${s.scope}: ${s.rows} rows, ${(s.fileBytes / 1e6).toFixed(1)} MB in ${file} (${(s.ms / 1000).toFixed(1)} s)`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(`[backup] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
