/**
 * Backup round trip at a realistic size (issue 7, item 6): a server of its own with a 6-hour
 * 16-CPU capture and the scenario bundles ingested into an incident; then `db:backup` of the team
 * (plain and .gz) and of the whole database while the server runs, the team deleted (cascade) and
 * restored, and the whole backup restored into a fresh database. Every table's rows of the team
 * (sample chunks and raw blobs included) must compare byte for byte.
 *
 *   npx tsx --conditions=react-server scripts/bench/backup.ts
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { backupToFile, restoreFromFile, rowsText } from "@/lib/db/backup";
import { migrate } from "@/lib/db/migrate";
import { makeCapture } from "./make-capture";
import { signIn, startServer, stopServer } from "./own-server";

export interface BackupRow extends Record<string, string | number | boolean> {
  step: string;
  rows: number;
  "file MB": number;
  seconds: number;
  "byte-for-byte": string;
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export async function benchBackup(opts: { port?: number; cwd?: string } = {}) {
  const port = opts.port ?? 3154;
  const cwd = opts.cwd ?? process.cwd();
  const capture = path.join(cwd, "bench-data/capture-6h-16cpu.tar.gz");
  if (!existsSync(capture)) await makeCapture(6, 16, capture);
  const dir = path.join(cwd, `bench-data/backup-${port}`);
  await rm(dir, { recursive: true, force: true });
  const server = await startServer({
    port,
    dataDir: `bench-data/backup-${port}-server`,
    cwd,
    fresh: true,
  });
  const rows: BackupRow[] = [];
  try {
    const cookie = await signIn(server.base);
    const api = (p: string, body: unknown) =>
      fetch(`${server.base}${p}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, string>>);
    const incident = await api("/api/incidents", {
      title: "Backup bench",
      severity: "SEV3",
      environment: "vm",
    });
    const scenarios = path.join(cwd, "lib/snapshot/fixtures/scenarios");
    const bundles = [
      capture,
      ...(await readdir(scenarios))
        .filter((f) => f.endsWith(".tar.gz"))
        .map((f) => path.join(scenarios, f)),
    ];
    for (const b of bundles) {
      const r = await fetch(`${server.base}/api/incidents/${incident.id ?? ""}/snapshots`, {
        method: "POST",
        headers: { cookie, "content-type": "application/gzip" },
        body: await readFile(b),
      });
      if (r.status !== 201) throw new Error(`upload of ${b} answered ${r.status}`);
    }
    await api(`/api/incidents/${incident.id ?? ""}/hypotheses`, {
      text: "The batch job saturates the CPUs",
    });
    await api(`/api/incidents/${incident.id ?? ""}/timeline`, { message: "Backup bench note" });
    const teams = (await (
      await fetch(`${server.base}/api/teams`, { headers: { cookie } })
    ).json()) as { current: string };
    const teamId = teams.current;
    const url = server.databaseUrl;
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));

    const before = await rowsText(url, teamId);
    for (const file of ["team.sql", "team.sql.gz"]) {
      const t0 = performance.now();
      const s = await backupToFile(url, path.join(dir, file), { team: teamId });
      rows.push({
        step: `db:backup --team (${file.endsWith(".gz") ? "gzip" : "plain"}), server running`,
        rows: s.rows,
        "file MB": Number((s.fileBytes / 1e6).toFixed(1)),
        seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
        "byte-for-byte": "",
      });
    }
    const tFull = performance.now();
    const full = await backupToFile(url, path.join(dir, "all.sql.gz"));
    const allAtBackup = await rowsText(url);
    rows.push({
      step: "db:backup, whole database (gzip)",
      rows: full.rows,
      "file MB": Number((full.fileBytes / 1e6).toFixed(1)),
      seconds: Number(((performance.now() - tFull) / 1000).toFixed(1)),
      "byte-for-byte": "",
    });

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const tDel = performance.now();
    await c.query(`DELETE FROM "Team" WHERE "id" = $1`, [teamId]);
    const delS = (performance.now() - tDel) / 1000;
    const gone = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Snapshot"`);
    rows.push({
      step: "team deleted (cascade)",
      rows: Number(gone.rows[0]?.n ?? -1),
      "file MB": 0,
      seconds: Number(delS.toFixed(1)),
      "byte-for-byte": "",
    });
    for (const file of ["team.sql", "team.sql.gz"]) {
      if (file === "team.sql.gz") await c.query(`DELETE FROM "Team" WHERE "id" = $1`, [teamId]);
      const t0 = performance.now();
      const r = await restoreFromFile(url, path.join(dir, file));
      const secs = (performance.now() - t0) / 1000;
      rows.push({
        step: `db:restore of the team (${file.endsWith(".gz") ? "gzip" : "plain"})`,
        rows: r.rows,
        "file MB": Number(((await stat(path.join(dir, file))).size / 1e6).toFixed(1)),
        seconds: Number(secs.toFixed(1)),
        "byte-for-byte": same(before, await rowsText(url, teamId)) ? "equal" : "DIFFERENT",
      });
    }
    await c.query(`DROP DATABASE IF EXISTS warroom_restore_bench WITH (FORCE)`);
    await c.query(`CREATE DATABASE warroom_restore_bench`);
    await c.end();
    const target = url.replace(/\/warroom$/, "/warroom_restore_bench");
    await migrate(target);
    const t0 = performance.now();
    const r = await restoreFromFile(target, path.join(dir, "all.sql.gz"));
    rows.push({
      step: "db:restore of the whole database into a fresh one",
      rows: r.rows,
      "file MB": Number((full.fileBytes / 1e6).toFixed(1)),
      seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
      "byte-for-byte": same(allAtBackup, await rowsText(target)) ? "equal" : "DIFFERENT",
    });
    return rows;
  } finally {
    await stopServer(server);
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  benchBackup()
    .then((rows) => {
      console.table(rows);
      if (rows.some((r) => r["byte-for-byte"] === "DIFFERENT")) process.exitCode = 1;
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
