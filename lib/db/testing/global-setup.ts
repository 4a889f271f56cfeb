/**
 * Vitest global setup for `*.db.test.ts`: one real PostgreSQL (embedded, throwaway, fsync off) for
 * the whole run, and a migrated template database that each test file clones (CREATE DATABASE ...
 * TEMPLATE takes ~50 ms, far less than migrating again).
 * DATABASE_URL in the environment points the tests at another server instead.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../embedded";
import { migrate } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgresql://user:pass@host:port (no database) of the test server. */
    pgServerUrl: string;
    /** Name of the migrated template database. */
    pgTemplate: string;
  }
}

export const TEMPLATE_DB = "warroom_test_template";

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = () => Promise.resolve();
  let serverUrl: string;
  if (external) {
    serverUrl = external.replace(/\/[^/]*$/, "");
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "warroom-test-pg-"));
    const pg = await startEmbeddedPostgres({ dir, ephemeral: true });
    serverUrl = pg.adminUrl.replace(/\/[^/]*$/, "");
    stop = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new (await import("pg")).default.Client({
    connectionString: `${serverUrl}/postgres`,
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(`${serverUrl}/${TEMPLATE_DB}`);
  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", TEMPLATE_DB);
  return stop;
}
