import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { findLiveTokenByHash, insertApiToken, touchApiToken } from "@/lib/db/api-tokens";

/**
 * Team API tokens for hosts (the collector) and scripts: `wr_` + 32 random bytes. Only a SHA-256
 * of the token is stored (a slow hash buys nothing for 256 random bits); the secret is shown once.
 */
const TOKEN_PREFIX = "wr_";

export interface TokenPrincipal {
  id: string;
  teamId: string;
  name: string;
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export async function issueApiToken(teamId: string, createdById: string, name: string) {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const token = await insertApiToken({
    teamId,
    name,
    prefix: secret.slice(0, 10),
    secretHash: hashToken(secret),
    createdById,
  });
  return { token, secret };
}

/**
 * Last-used times and the audit log's `token.use` rows are written at most once a minute per
 * token (the first use in each minute), not on every upload.
 */
const TOUCH_EVERY_MS = 60_000;

export async function authenticateApiToken(secret: string): Promise<TokenPrincipal | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const found = await findLiveTokenByHash(hashToken(secret));
  if (!found) return null;
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchApiToken(found, now, TOUCH_EVERY_MS);
  }
  return { id: found.id, teamId: found.teamId, name: found.name };
}
