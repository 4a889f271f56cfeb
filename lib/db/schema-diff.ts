/**
 * Migration SQL from Prisma's own schema engine (WebAssembly build), for `npm run db:migration`.
 * Prisma's migrate CLI needs a native engine binary that cannot be downloaded here; the wasm engine
 * computes the same diff. It insists on a database connection, so callers give it a throwaway one.
 * Node-only.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

interface WasmEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
}
interface EngineModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (opts: unknown, log: (msg: string) => void, adapter: object) => Promise<WasmEngine>;
  };
}

async function loadEngine(schema: string, databaseUrl: string): Promise<WasmEngine> {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  // On Node 20 the package's main entry imports the .wasm directly and fails: instantiate it here.
  const bg =
    (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule;
  const bytes = await readFile(bgPath.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") (start as () => void)();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl }),
  );
  return bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => undefined, adapter);
}

/**
 * SQL that takes a database from `previousSchema` (empty string = empty database) to `schema`.
 * Returns "" when there is nothing to change.
 */
export async function diffSchemas(
  previousSchema: string,
  schema: string,
  scratchDatabaseUrl: string,
): Promise<string> {
  const engine = await loadEngine(schema, scratchDatabaseUrl);
  const target = (content: string) => ({
    tag: "schemaDatamodel",
    files: [{ path: "schema.prisma", content }],
  });
  const result = await engine.diff({
    from: previousSchema.trim() === "" ? { tag: "empty" } : target(previousSchema),
    to: target(schema),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql = result.stdout ?? "";
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
}
