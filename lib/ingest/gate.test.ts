import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/http/errors";
import { Gate } from "./gate";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Gate", () => {
  it("runs at most `limit` at once, the rest in arrival order", async () => {
    const gate = new Gate(2, 10);
    const order: string[] = [];
    let active = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const job = (name: string) =>
      gate.run(async () => {
        active++;
        most = Math.max(most, active);
        order.push(name);
        await new Promise<void>((r) => releases.push(r));
        active--;
      });
    const all = ["a", "b", "c", "d", "e"].map(job);
    await tick();
    expect(order).toEqual(["a", "b"]);
    expect(gate.queued).toBe(3);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
      await tick();
    }
    await Promise.all(all);
    expect(order).toEqual(["a", "b", "c", "d", "e"]);
    expect(most).toBe(2);
    expect(gate.queued).toBe(0);
  });

  it("answers 503 with Retry-After when the queue is full, and frees slots after errors", async () => {
    const gate = new Gate(1, 1);
    let release: () => void = () => undefined;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    const second = gate.run(() => Promise.reject(new Error("boom")));
    await tick();
    const third = gate.run(() => Promise.resolve(1));
    await expect(third).rejects.toBeInstanceOf(AppError);
    await expect(third).rejects.toMatchObject({
      status: 503,
      extra: { headers: { "Retry-After": "5" } },
    });
    release();
    await first;
    await expect(second).rejects.toThrow("boom");
    expect(await gate.run(() => Promise.resolve(2))).toBe(2);
  });
});
