import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("allows a burst, then the rate, and says when the next token comes", () => {
    let now = 0;
    const b = new TokenBucket(60, 3, () => now); // one a second, three at once
    expect([1, 2, 3].map(() => b.take("t").allowed)).toEqual([true, true, true]);
    const refused = b.take("t");
    expect(refused).toEqual({ allowed: false, retryAfterS: 1 });
    now += 999;
    expect(b.take("t").allowed).toBe(false);
    now += 2;
    expect(b.take("t").allowed).toBe(true);
    // Another key has its own bucket.
    expect(b.take("other").allowed).toBe(true);
  });

  it("refills to the burst at most, however long it waited", () => {
    let now = 0;
    const b = new TokenBucket(600, 2, () => now);
    now += 3_600_000;
    expect([1, 2, 3].map(() => b.take("t").allowed)).toEqual([true, true, false]);
  });

  it("rounds Retry-After up to whole seconds for slow rates", () => {
    let now = 0;
    const b = new TokenBucket(1, 1, () => now);
    b.take("t");
    now += 30_000;
    expect(b.take("t")).toEqual({ allowed: false, retryAfterS: 30 });
  });
});
