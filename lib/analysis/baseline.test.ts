import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";
import { Baseline, compareToBaseline, robustZ } from "./baseline";
import { HOST2, T0, cpu, mk, rep } from "./testing/synthetic";

const N = 40;

describe("baseline comparison", () => {
  it("ranks every shared metric by robust z-score", () => {
    const base = [
      mk(
        "disk.util_pct",
        { device: "sda" },
        rep(0, N).map((_, i) => 3 + (i % 3)),
      ),
      mk(
        "system.context_switches_per_s",
        {},
        rep(0, N).map((_, i) => 1000 + (i % 5) * 10),
      ),
      mk("load.1m", {}, rep(0.5, N)),
    ];
    const inc = [
      mk("disk.util_pct", { device: "sda" }, rep(95, N)),
      mk(
        "system.context_switches_per_s",
        {},
        rep(0, N).map((_, i) => 1100 + (i % 5) * 10),
      ),
      mk("load.1m", {}, rep(0.5, N)),
      mk("only.incident", {}, rep(1, N)),
    ];
    const b = new Baseline(base, (s) => ({ start: 0, end: s.values.length }), "snapshot");
    const d = compareToBaseline(inc, (s) => ({ start: 0, end: s.values.length }), b);
    expect(d.map((x) => x.metric)).toEqual(["disk.util_pct", "system.context_switches_per_s"]);
    expect(d[0]).toMatchObject({ incident: { median: 95 }, baseline: { median: 4 }, change: 91 });
    expect(d[0]?.robustZ).toBeGreaterThan(10);
    expect(d[1]?.relativeChange).toBeCloseTo(0.1, 2);
  });

  it("a single spike in the baseline does not hide a shift (median and MAD are robust)", () => {
    const base = rep(10, 100).map((v, i) => (i === 50 ? 10_000 : v + (i % 4)));
    const b = new Baseline(
      [mk("x", {}, base)],
      (s) => ({ start: 0, end: s.values.length }),
      "snapshot",
    );
    const s = b.summary("x", {});
    expect(s?.median).toBe(11.5);
    expect(robustZ(40, s ?? { median: 0, p95: 0, mean: 0, mad: 0, samples: 0 })).toBeGreaterThan(
      10,
    );
  });

  it("a host whose baseline CPU is 95% busy gets no critical finding at 96%", () => {
    const hot = cpu("all", rep(95, N));
    const r = analyze(
      { series: cpu("all", rep(96, N)), host: HOST2 },
      { baseline: { series: hot } },
    );
    const f = r.findings.find((x) => x.rule === "cpu-saturation");
    expect(f).toMatchObject({ severity: "info", normalForHost: true });
    expect(f?.evidence[0]).toMatchObject({ metric: "cpu.busy_pct", observed: 96, baseline: 95 });
    expect(r.baseline).toBe("snapshot");
    // Without the baseline the same capture is critical.
    expect(analyze({ series: cpu("all", rep(96, N)), host: HOST2 }).findings[0]?.severity).toBe(
      "critical",
    );
  });

  it("a change from an idle baseline stays critical and says how far it moved", () => {
    const r = analyze(
      { series: cpu("all", rep(99, N)), host: HOST2 },
      { baseline: { series: cpu("all", rep(3, N)) } },
    );
    const f = r.findings[0];
    expect(f).toMatchObject({ rule: "cpu-saturation", severity: "critical" });
    expect(f?.summary).toMatch(/Baseline median: 3 \(robust z/);
    expect(
      r.deviations
        .slice(0, 2)
        .map((d) => d.metric)
        .sort(),
    ).toEqual(["cpu.idle_pct", "cpu.user_pct"]);
  });

  it("uses the samples before the incident window as the baseline", () => {
    const user = [...rep(5, 60), ...rep(99, 40)];
    const s = cpu("all", user);
    const r = analyze(
      { series: s, host: HOST2 },
      { window: { from: T0 + 60_000, to: T0 + 99_000 } },
    );
    expect(r.baseline).toBe("earlier-window");
    expect(r.findings[0]?.evidence[0]).toMatchObject({
      metric: "cpu.busy_pct",
      observed: 99,
      baseline: 5,
    });
    const dev = r.deviations.find((d) => d.metric === "cpu.user_pct");
    expect(dev).toMatchObject({
      incident: { median: 99, samples: 40 },
      baseline: { median: 5, samples: 60 },
    });
  });

  it("leaves counters out of the deviations", () => {
    const b = new Baseline(
      [mk("x_total", {}, [1, 2, 3])],
      () => ({ start: 0, end: 3 }),
      "snapshot",
    );
    expect(
      compareToBaseline([mk("x_total", {}, [100, 200, 300])], () => ({ start: 0, end: 3 }), b),
    ).toEqual([]);
  });
});
