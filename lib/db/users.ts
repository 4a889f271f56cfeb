import "server-only";
import { db } from "./client";

export async function findPasswordHash(userId: string): Promise<string | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return u?.passwordHash ?? null;
}

export async function setPasswordHash(userId: string, passwordHash: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { passwordHash } });
}
