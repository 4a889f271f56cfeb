import { describe, expect, it } from "vitest";
import { correlate, correlateFinding } from "./correlate";
import { analyze } from "./analyze";
import { HOST2, cpu, mk } from "./testing/synthetic";

const N = 300;
/** A bumpy signal: a few slow waves plus a deterministic wiggle. */
const signal = Array.from(
  { length: N },
  (_, i) => 50 + 30 * Math.sin(i / 9) + 10 * Math.sin(i / 2.3) + ((i * 7919) % 13),
);

describe("correlate", () => {
  it("ranks a shifted copy first and finds its lag", () => {
    const target = mk("disk.await_ms", { device: "sda" }, signal);
    const lagged = mk(
      "app.latency_ms",
      {},
      signal.map((_, i) => 2 * (signal[i - 5] ?? 50) + 1),
    );
    const inverse = mk(
      "cpu.idle_pct",
      { cpu: "all" },
      signal.map((v) => 100 - v),
    );
    const noise = mk(
      "net.rx_bytes_per_s",
      { iface: "eth0" },
      Array.from({ length: N }, (_, i) => (i * 104729) % 97),
    );
    const flat = mk("mem.total_bytes", {}, new Array<number>(N).fill(8e9));
    const r = correlate(target, [noise, lagged, flat, inverse, target]);
    expect(r.map((x) => x.metric)).toEqual([
      "cpu.idle_pct",
      "app.latency_ms",
      "net.rx_bytes_per_s",
    ]);
    expect(r[0]).toMatchObject({ r: -1, lagMs: 0 });
    expect(r[1]?.r).toBeGreaterThan(0.99);
    // The candidate moves 5 s after the target.
    expect(r[1]?.lagMs).toBe(5000);
    expect(Math.abs(r[2]?.r ?? 1)).toBeLessThan(0.3);
  });

  it("aligns series sampled at different times and rates", () => {
    const slow = signal.map((_, i) => 50 + 30 * Math.sin(i / 20));
    const target = mk("a", {}, slow, { stepMs: 1000 });
    const coarse = mk(
      "b",
      {},
      slow.filter((_, i) => i % 5 === 0),
      { stepMs: 5000, start: target.times[0] },
    );
    const r = correlate(target, [coarse], { maxLagMs: 0 });
    expect(r[0]?.r).toBeGreaterThan(0.9);
  });

  it("correlates a finding's main series with the rest of the snapshot", () => {
    const busy = signal.map((v) => 88 + v / 10);
    const series = [
      ...cpu("all", busy),
      mk(
        "procs.running",
        {},
        busy.map((b) => b / 25),
      ),
      mk(
        "net.rx_bytes_per_s",
        { iface: "eth0" },
        Array.from({ length: N }, (_, i) => (i * 104729) % 97),
      ),
    ];
    const f = analyze({ series, host: HOST2 }).findings[0];
    expect(f?.rule).toBe("cpu-saturation");
    const c = correlateFinding(f ?? { evidence: [] }, series);
    expect(c.target).toEqual({ metric: "cpu.idle_pct", labels: { cpu: "all" } });
    const top = c.results.find((x) => x.metric === "procs.running");
    expect(top?.r).toBeLessThan(-0.9);
  });

  it("stays fast on a day of 1-second samples", () => {
    const n = 86_400;
    const big = Array.from({ length: n }, (_, i) => Math.sin(i / 600) + ((i * 31) % 7) / 10);
    const target = mk("t", {}, big);
    const cands = Array.from({ length: 50 }, (_, k) =>
      mk(
        `c${k}`,
        {},
        big.map((v, i) => v * (k % 3) + ((i * k) % 11)),
      ),
    );
    const t0 = performance.now();
    const r = correlate(target, cands);
    expect(r.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
