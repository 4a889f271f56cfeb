import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { closePool, getPool } from "./pool";

/**
 * The one Prisma client. Created on first use (not at import: `next build` imports route modules
 * without a database) and cached on globalThis so dev reloads don't open new pools.
 */
const globalForDb = globalThis as unknown as { warroomDb?: PrismaClient };

function create(): PrismaClient {
  const adapter = new PrismaPg(getPool());
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  globalForDb.warroomDb ??= create();
  return globalForDb.warroomDb;
}

/** `db.incident.findMany(...)`: a lazy view of {@link getDb}. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value: unknown = Reflect.get(client, prop);
    return typeof value === "function"
      ? (value as (...a: unknown[]) => unknown).bind(client)
      : value;
  },
});

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.warroomDb;
  globalForDb.warroomDb = undefined;
  if (client) await client.$disconnect();
  await closePool();
}

export type { PrismaClient };
export { Prisma } from "./generated/client";
