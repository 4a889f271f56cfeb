import { cp, mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing/database";
import { checksum, DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from "./migrate";
import { latestMigrationSchema } from "./migration-files";
import { diffSchemas } from "./schema-diff";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "./generated/client";

async function emptyDatabase(): Promise<string> {
  // A template clone already has the migrations; drop them to get a truly empty database.
  const url = await createTestDatabase();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await c.end();
  return url;
}

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "warroom-migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe("migrations", () => {
  it("prisma/schema.prisma has no change missing from prisma/migrations", async () => {
    const schema = await readFile(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
    const latest = await latestMigrationSchema(DEFAULT_MIGRATIONS_DIR);
    const scratch = await createTestDatabase();
    expect(await diffSchemas(latest, schema, scratch)).toBe("");
  });

  it("migrates an empty database from zero, recording _prisma_migrations as Prisma does", async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    const result = await migrate(url);
    expect(result.applied).toEqual(files.map((f) => f.name));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const sql = await readFile(
        path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"),
        "utf8",
      );
      expect(row.checksum).toBe(checksum(sql));
      expect(row.checksum).toBe(files[i]?.checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
    // Running again is a no-op.
    expect((await migrate(url)).applied).toEqual([]);
  });

  it("round-trips every model through Prisma Client on a database migrated from zero", async () => {
    const url = await emptyDatabase();
    await migrate(url);
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      const covered = new Set<string>();
      const team = await client.team.create({ data: { name: "Payments", slug: "payments" } });
      covered.add("Team");
      const user = await client.user.create({
        data: { email: "ana@example.com", name: "Ana", passwordHash: "$argon2id$v=19$x" },
      });
      covered.add("User");
      await client.membership.create({ data: { teamId: team.id, userId: user.id, role: "owner" } });
      covered.add("Membership");
      await client.apiToken.create({
        data: {
          teamId: team.id,
          name: "ci",
          prefix: "wr_abc",
          secretHash: "f".repeat(64),
          createdById: user.id,
        },
      });
      covered.add("ApiToken");
      await client.host.create({
        data: {
          teamId: team.id,
          hostname: "db-1",
          nCpu: 16,
          memoryBytes: 68_719_476_736n,
          environment: "bare_metal",
        },
      });
      covered.add("Host");
      const incident = await client.incident.create({
        data: {
          teamId: team.id,
          number: 1,
          title: "Checkout p99 at 4 s",
          severity: "SEV2",
          environment: "kubernetes",
          createdById: user.id,
          commanderId: user.id,
        },
      });
      covered.add("Incident");
      await client.timelineEntry.create({
        data: {
          incidentId: incident.id,
          kind: "note",
          message: "paged",
          authorId: user.id,
          data: { a: 1 },
        },
      });
      covered.add("TimelineEntry");
      await client.auditLog.create({
        data: { teamId: team.id, actorId: user.id, action: "incident.create" },
      });
      covered.add("AuditLog");
      const host = await client.host.findFirstOrThrow({ where: { teamId: team.id } });
      const snapshot = await client.snapshot.create({
        data: {
          teamId: team.id,
          hostId: host.id,
          sha256: "a".repeat(64),
          sizeBytes: 3,
          format: "text",
          timeAnchor: "absolute",
          seriesCount: 1,
          pointCount: 2,
          eventCount: 1,
          inputs: [],
          warnings: ["w"],
          blob: { create: { data: Buffer.from([1, 2, 3]) } },
          incidents: { create: { incidentId: incident.id, role: "baseline" } },
        },
      });
      covered.add("Snapshot").add("SnapshotBlob").add("IncidentSnapshot");
      const series = await client.series.create({
        data: {
          snapshotId: snapshot.id,
          hostId: host.id,
          metric: "cpu.user_pct",
          labels: { cpu: "all" },
          labelsKey: "cpu=all",
          unit: "%",
          pointCount: 2,
        },
      });
      await client.sampleChunk.create({
        data: {
          seriesId: series.id,
          startAt: new Date(0),
          endAt: new Date(1000),
          count: 2,
          data: Buffer.from([9]),
        },
      });
      await client.hostEvent.create({
        data: {
          snapshotId: snapshot.id,
          hostId: host.id,
          kind: "oom-kill",
          message: "Killed process 1",
          attrs: { pid: 1 },
        },
      });
      covered.add("Series").add("SampleChunk").add("HostEvent");
      await client.incidentPresence.create({
        data: { connectionId: "c1", incidentId: incident.id, userId: user.id },
      });
      await client.incidentParticipant.create({
        data: { incidentId: incident.id, userId: user.id, role: "scribe" },
      });
      const finding = await client.finding.create({
        data: {
          incidentId: incident.id,
          rule: "cpu-user-bound",
          domain: "cpu",
          severity: "critical",
          score: 0.9,
          title: "t",
          summary: "s",
          evidence: [],
          processes: [],
          nextSteps: [],
        },
      });
      const hyp = await client.hypothesis.create({
        data: {
          incidentId: incident.id,
          text: "stress-ng saturates CPU",
          evidence: [{ kind: "finding", findingId: finding.id }],
        },
      });
      await client.fix.create({
        data: {
          incidentId: incident.id,
          description: "stopped the job",
          target: "db-1",
          appliedAt: new Date(),
          hypothesisId: hyp.id,
        },
      });
      await client.postmortemVersion.create({
        data: { incidentId: incident.id, version: 1, markdown: "# Postmortem" },
      });
      await client.runbook.create({
        data: {
          teamId: team.id,
          title: "CPU saturation",
          symptoms: ["slow"],
          rules: ["cpu-user-bound"],
          tags: [],
          versions: { create: { version: 1, markdown: "# Runbook" } },
        },
      });
      await client.actionItem.create({
        data: {
          teamId: team.id,
          incidentId: incident.id,
          title: "alert on run queue",
          dueDate: new Date("2026-12-31"),
        },
      });
      covered
        .add("IncidentPresence")
        .add("IncidentParticipant")
        .add("Finding")
        .add("Hypothesis")
        .add("Fix")
        .add("PostmortemVersion")
        .add("Runbook")
        .add("RunbookVersion")
        .add("ActionItem");

      const back = await client.incident.findUniqueOrThrow({
        where: { id: incident.id },
        include: {
          timeline: true,
          team: { include: { memberships: true, apiTokens: true, hosts: true, auditLogs: true } },
        },
      });
      expect(back.title).toBe("Checkout p99 at 4 s");
      expect(back.status).toBe("open");
      expect(back.currentStep).toBe("identify");
      expect(back.timeline[0]?.data).toEqual({ a: 1 });
      expect(back.team.hosts[0]?.memoryBytes).toBe(68_719_476_736n);
      expect(back.team.hosts[0]?.environment).toBe("bare_metal");
      expect(back.team.memberships).toHaveLength(1);
      expect(back.team.apiTokens).toHaveLength(1);
      expect(back.team.auditLogs).toHaveLength(1);
      const full = await client.incident.findUniqueOrThrow({
        where: { id: incident.id },
        include: {
          snapshots: {
            include: {
              snapshot: {
                include: { blob: true, series: { include: { chunks: true } }, events: true },
              },
            },
          },
          hypotheses: { include: { fixes: true } },
          findings: true,
          postmortems: true,
          actionItems: true,
          participants: true,
          presence: true,
        },
      });
      expect(full.snapshots[0]?.role).toBe("baseline");
      expect([...(full.snapshots[0]?.snapshot.blob?.data ?? [])]).toEqual([1, 2, 3]);
      expect(full.snapshots[0]?.snapshot.series[0]?.chunks[0]?.count).toBe(2);
      expect(full.snapshots[0]?.snapshot.events[0]?.attrs).toEqual({ pid: 1 });
      expect(full.hypotheses[0]?.fixes[0]?.target).toBe("db-1");
      expect(full.hypotheses[0]?.status).toBe("proposed");
      expect(full.findings[0]?.score).toBe(0.9);
      expect(full.postmortems[0]?.markdown).toBe("# Postmortem");
      expect(full.actionItems[0]?.status).toBe("open");
      expect(full.participants[0]?.role).toBe("scribe");
      expect(full.presence).toHaveLength(1);
      const rb = await client.runbook.findFirstOrThrow({ include: { versions: true } });
      expect(rb.rules).toEqual(["cpu-user-bound"]);
      expect(rb.versions[0]?.markdown).toBe("# Runbook");
      // The generated full-text column exists and matches.
      const hits = await client.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "Incident" WHERE "searchVector" @@ plainto_tsquery('english', 'checkout')`;
      expect(hits.map((h) => h.id)).toEqual([incident.id]);
      // A model added to the schema must be added here too.
      expect([...covered].sort()).toEqual(Object.values(Prisma.ModelName).sort());
    } finally {
      await client.$disconnect();
    }
  });

  it("refuses a migration file changed after it was applied", async () => {
    const dir = await copyMigrations();
    const url = await emptyDatabase();
    await migrate(url, { dir });
    const first = (await readMigrations(dir))[0];
    expect(first).toBeDefined();
    const file = path.join(dir, first?.name ?? "", "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited later\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it("stops at a failing migration, logs it, and blocks later runs until it is resolved", async () => {
    const dir = await copyMigrations();
    await mkdir(path.join(dir, "99990101000000_broken"));
    await writeFile(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      "CREATE TABLE broken (id int);\nSELECT * FROM missing_table;",
    );
    const url = await emptyDatabase();
    await expect(migrate(url, { dir })).rejects.toThrow(
      /99990101000000_broken failed: .*missing_table/,
    );
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const broken = await c.query<{ logs: string | null; finished_at: Date | null }>(
      "SELECT logs, finished_at FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'",
    );
    // The whole script rolled back: the table it created first is not there.
    const table = await c.query<{ t: string | null }>("SELECT to_regclass('public.broken') AS t");
    await c.end();
    expect(broken.rows[0]?.finished_at).toBeNull();
    expect(String(broken.rows[0]?.logs)).toMatch(/missing_table/);
    expect(table.rows[0]?.t).toBeNull();
    await expect(migrate(url, { dir })).rejects.toThrow(/failed earlier and blocks/);
  });
});
