import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";

/**
 * A token bucket per key: `ratePerMin` tokens a minute refill it, up to `burst`; each request
 * takes one. Kept in memory, so each app server limits on its own (N servers allow N x rate), and
 * a restart refills every bucket: enough to stop a runaway collector or script, which is the aim.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly ratePerMin: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; when the bucket is empty, says how long until one is back. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterS: number } {
    const t = this.now();
    const perMs = this.ratePerMin / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
  }

  /** Full buckets carry no information: forget them. */
  private sweep(t: number): void {
    const perMs = this.ratePerMin / 60_000;
    for (const [k, b] of this.buckets)
      if (b.tokens + (t - b.at) * perMs >= this.burst) this.buckets.delete(k);
  }
}

const globalForLimiter = globalThis as unknown as { warroomIngestLimiter?: TokenBucket };

/** The ingest limiter of this server, sized from WARROOM_INGEST_RATE_PER_MIN / _BURST. */
export function ingestLimiter(): TokenBucket {
  const { WARROOM_INGEST_RATE_PER_MIN: rate, WARROOM_INGEST_BURST: burst } = env();
  let l = globalForLimiter.warroomIngestLimiter;
  if (!l || l.ratePerMin !== rate || l.burst !== (burst ?? rate)) {
    l = new TokenBucket(rate, burst ?? rate);
    globalForLimiter.warroomIngestLimiter = l;
  }
  return l;
}

/**
 * Counts one upload of an API token; past its rate, a 429 with Retry-After (checked before the
 * body is read, so a flood costs no parsing).
 */
export function takeIngestAllowance(tokenId: string): void {
  const limiter = ingestLimiter();
  const r = limiter.take(tokenId);
  if (r.allowed) return;
  throw new AppError(
    "rate_limited",
    `Too many uploads with this API token: the limit is ${limiter.ratePerMin} a minute (WARROOM_INGEST_RATE_PER_MIN); retry in ${r.retryAfterS} s`,
    { headers: { "Retry-After": String(r.retryAfterS) } },
  );
}
