/**
 * db:backup / db:restore round trips on a real PostgreSQL: a team with a real snapshot and every
 * kind of row is backed up, deleted (cascade), restored, and every table's rows of the team compare
 * byte for byte (sample chunks and raw blobs included); the other team is never touched. The same
 * file restores with psql when it is installed. A whole-database backup restores into a fresh
 * database equal, table by table.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./client";
import {
  backupToFile,
  readCatalog,
  restoreFromFile,
  rowsText,
  teamScope,
  type BackupStats,
} from "./backup";
import { createTestDatabase } from "./testing/database";
import { seedIncidentTeam, type SeededTeam } from "./testing/seed-incident";

let url: string;
let dir: string;
let alpha: SeededTeam;
let bravo: SeededTeam;

beforeAll(async () => {
  url = process.env.DATABASE_URL ?? "";
  dir = await mkdtemp(path.join(tmpdir(), "warroom-backup-"));
  alpha = await seedIncidentTeam("alpha-backup", "cpu-all-cores.tar.gz");
  bravo = await seedIncidentTeam("bravo-backup", "disk-random-io.tar.gz");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectSameRows(before: Map<string, string>, after: Map<string, string>) {
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [table, text] of before) {
    // Compared as text of COPY output: equal strings are equal bytes, bytea included.
    expect(after.get(table), `rows of ${table}`).toBe(text);
  }
}

async function deleteTeam(teamId: string) {
  await db.team.delete({ where: { id: teamId } });
  expect(await db.snapshot.count({ where: { teamId } })).toBe(0);
  expect(await db.incident.count({ where: { teamId } })).toBe(0);
}

describe("team backup", () => {
  let file: string;
  let before: Map<string, string>;
  let stats: BackupStats;

  it("covers every table: each is the team's (by teamId or a NOT NULL foreign key) or User", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const scope = teamScope(await readCatalog(client));
      // A new table with no path to a team must be decided on: scope it, or list it here.
      expect(scope.unscoped, "tables a team backup would leave out").toEqual([]);
      expect(scope.shared).toEqual(["User"]);
    } finally {
      await client.end();
    }
  });

  it("writes pg_dump's plain format with the team's rows, selected by slug", async () => {
    before = await rowsText(url, alpha.teamId);
    const blobs = before.get("SnapshotBlob") ?? "";
    expect(blobs).toContain(alpha.snapshotId);
    expect((before.get("SampleChunk") ?? "").split("\n").length).toBeGreaterThan(10);
    file = path.join(dir, "alpha.sql");
    stats = await backupToFile(url, file, { team: alpha.teamSlug });
    const text = await readFile(file, "utf8");
    expect(text.startsWith("--\n-- PostgreSQL database dump\n--\n")).toBe(true);
    expect(text).toContain("SET standard_conforming_strings = on;");
    expect(text).toMatch(/^COPY "public"."SnapshotBlob" \("snapshotId", "data"\) FROM stdin;$/m);
    expect(text).toMatch(/\t\\\\x1f8b/); // the gzip bundle as bytea hex, backslash escaped as COPY does
    expect(text).toContain("\n\\.\n");
    expect(text).not.toContain(bravo.marker);
    expect(text).not.toContain(bravo.incidentId);
    const rows = (t: string) => stats.tables.find((x) => x.name === t)?.rows ?? 0;
    expect(rows("Snapshot")).toBe(1);
    expect(rows("SnapshotBlob")).toBe(1);
    expect(rows("Membership")).toBe(3);
    expect(rows("SampleChunk")).toBeGreaterThan(10);
  });

  it("refuses to restore over a team that still exists, and changes nothing", async () => {
    await expect(restoreFromFile(url, file)).rejects.toThrow(/exists in this database/);
    expectSameRows(before, await rowsText(url, alpha.teamId));
  });

  it("restores a deleted team byte for byte, and leaves the other team alone", async () => {
    const bravoBefore = await rowsText(url, bravo.teamId);
    await deleteTeam(alpha.teamId);
    const r = await restoreFromFile(url, file);
    expect(r.rows).toBe(stats.rows);
    expectSameRows(before, await rowsText(url, alpha.teamId));
    expectSameRows(bravoBefore, await rowsText(url, bravo.teamId));
    // The restored data works through the app: the incident and its snapshot are readable.
    const snap = await db.snapshot.findUniqueOrThrow({
      where: { id: alpha.snapshotId },
      include: { blob: true, _count: { select: { series: true } } },
    });
    expect(snap._count.series).toBe(snap.seriesCount);
    // New autoincrement ids do not collide with restored ones.
    const maxSeries = await db.series.aggregate({ _max: { id: true } });
    const next = await db.$queryRawUnsafe<{ v: bigint }[]>(
      `SELECT nextval('"Series_id_seq"') AS v`,
    );
    expect((next[0]?.v ?? 0n) > (maxSeries._max.id ?? 0n)).toBe(true);
  });

  it.skipIf(!existsSync("/usr/bin/psql"))("restores with psql too (psql -1 -f)", async () => {
    await deleteTeam(alpha.teamId);
    const r = spawnSync(
      "/usr/bin/psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", file, "-d", url],
      { encoding: "utf8", env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } },
    );
    expect(r.status, r.stderr).toBe(0);
    expectSameRows(before, await rowsText(url, alpha.teamId));
  });

  it("a truncated backup restores nothing (one transaction)", async () => {
    await deleteTeam(alpha.teamId);
    const text = await readFile(file, "utf8");
    const cut = path.join(dir, "cut.sql");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(cut, text.slice(0, text.indexOf('COPY "public"."SampleChunk"') + 2000));
    await expect(restoreFromFile(url, cut)).rejects.toThrow();
    expect(await db.team.count({ where: { id: alpha.teamId } })).toBe(0);
    await restoreFromFile(url, file);
    expectSameRows(before, await rowsText(url, alpha.teamId));
  });
});

describe("whole-database backup", () => {
  it("restores into a fresh migrated database equal, table by table (gzip file)", async () => {
    const file = path.join(dir, "all.sql.gz");
    const stats = await backupToFile(url, file);
    expect(stats.scope).toBe("whole database");
    const target = await createTestDatabase();
    // A fresh database may already hold rows (an admin from the first start): they are replaced.
    const t = new pg.Client({ connectionString: target });
    await t.connect();
    await t.query(
      `INSERT INTO "Team" ("id", "name", "slug") VALUES ('leftover', 'Leftover', 'leftover')`,
    );
    await t.end();
    const r = await restoreFromFile(target, file);
    expect(r.rows).toBe(stats.rows);
    expectSameRows(await rowsText(url), await rowsText(target));
  });
});
