/**
 * Fixed-window counters in memory. Enough for one app server (the default); behind a load balancer
 * each server limits on its own, which still bounds guessing to N x limit.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; false when the key is over its limit for this window. */
  take(key: string): boolean {
    return this.check(key).allowed;
  }

  check(key: string): { allowed: boolean; retryAfterS: number } {
    const t = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= t) {
      entry = { count: 0, resetAt: t + this.windowMs };
      this.hits.set(key, entry);
      if (this.hits.size > 10_000) this.sweep(t);
    }
    entry.count += 1;
    return {
      allowed: entry.count <= this.limit,
      retryAfterS: Math.ceil((entry.resetAt - t) / 1000),
    };
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k);
  }
}

/** Sign-in: 10 tries per e-mail and address per 15 minutes. */
export const signInLimiter = new WindowLimiter(10, 15 * 60_000);
