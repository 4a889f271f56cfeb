/**
 * Where the migration generator keeps its state: each migration folder holds, beside Prisma's
 * `migration.sql`, the `schema.prisma` it was made from. The newest one is the "previous schema"
 * the next migration is diffed from. Node-only.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export async function latestMigrationSchema(migrationsDir: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return "";
  }
  const last = names.at(-1);
  if (last === undefined) return "";
  return readFile(path.join(migrationsDir, last, "schema.prisma"), "utf8");
}

/** `20261204163000` in UTC, the prefix Prisma gives migration folders. */
export function migrationTimestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
