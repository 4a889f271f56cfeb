import { randomBytes } from "node:crypto";

/**
 * Ids for rows written by raw SQL (bulk paths), shaped like Prisma's cuids: a letter, the time in
 * base 36 (so ids sort roughly by creation), and 80 random bits. URL-safe.
 */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(10).toString("base64url").replace(/[-_]/g, "x")}`;
}
