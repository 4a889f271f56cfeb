import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

/**
 * The one PostgreSQL connection pool: Prisma runs on it (through @prisma/adapter-pg) and so do the
 * bulk paths that need raw SQL (sample chunks, COPY). Created on first use.
 */
const globalForPool = globalThis as unknown as { warroomPool?: pg.Pool };

export function getPool(): pg.Pool {
  if (!globalForPool.warroomPool) {
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 10 });
    // An idle client losing its connection (database restart) must not crash the server.
    pool.on("error", (err) =>
      console.error(
        JSON.stringify({ level: "error", message: "idle pg client error", error: err.message }),
      ),
    );
    globalForPool.warroomPool = pool;
  }
  return globalForPool.warroomPool;
}

export async function closePool(): Promise<void> {
  const pool = globalForPool.warroomPool;
  globalForPool.warroomPool = undefined;
  if (pool) await pool.end();
}
