/**
 * A fresh database per test file, cloned from the migrated template. Import this first in a
 * `*.db.test.ts` (before anything that reaches lib/db/client), or call `useTestDatabase()` in it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export async function createTestDatabase(): Promise<string> {
  const server = inject("pgServerUrl");
  const template = inject("pgTemplate");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return `${server}/${name}`;
}

/** Points the app (lib/env, lib/db/client) at a new database; returns its URL. */
export async function useTestDatabase(): Promise<string> {
  const url = await createTestDatabase();
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  return url;
}
