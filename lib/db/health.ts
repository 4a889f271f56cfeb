import "server-only";
import { db } from "./client";

export async function checkDatabase(): Promise<{
  ok: boolean;
  latencyMs?: number;
  error?: string;
}> {
  const started = performance.now();
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 2 s")), 2000)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.split("\n")[0] : "unreachable" };
  }
}
