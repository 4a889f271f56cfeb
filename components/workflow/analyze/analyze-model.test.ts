import { describe, expect, it } from "vitest";
import type { ChartSeries } from "@/lib/investigation/series";
import type { IncidentEventView } from "@/lib/db/host-events";
import type { FixView } from "@/lib/db/fixes";
import { buildHostCharts } from "./build-lines";
import { CHART_SELECTORS, chartOfDomain, evidenceSeriesIds, ruleFor } from "./chart-specs";
import { evidenceWindow, findingSeriesIds, findingTarget } from "./finding-view";
import { eventMarkers, fixMarkers } from "./markers";

const T0 = Date.parse("2026-12-04T17:10:15Z");

function series(
  metric: string,
  labels: Record<string, string>,
  values: number[],
  role: "incident" | "baseline" = "incident",
  start = T0,
  unit = "%",
): ChartSeries {
  return {
    key: `h1/${role}/${metric}`,
    metric,
    labels,
    unit,
    host: { id: "h1", hostname: "web-1" },
    role,
    snapshotId: "s1",
    count: values.length,
    points: values.map((v, i) => [start + i * 1000, v]),
    sinceBoot: null,
  };
}

describe("chart specs", () => {
  it("ask the series API for every chart's metrics in one request", () => {
    expect(CHART_SELECTORS).toContain("cpu.user_pct{cpu=all}");
    expect(CHART_SELECTORS).toContain("disk.util_pct");
    expect(CHART_SELECTORS).toContain("tcp.retrans_segs_per_s");
    expect(CHART_SELECTORS).toContain("system.context_switches_per_s");
  });

  it("place a series in its chart, and leave out loop devices and lo", () => {
    expect(ruleFor("cpu.user_pct", { cpu: "all" })?.spec.title).toBe("CPU");
    expect(ruleFor("cpu.user_pct", { cpu: "0" })).toBeNull();
    expect(ruleFor("disk.util_pct", { device: "vda" })?.spec.title).toBe("Disk I/O");
    expect(ruleFor("disk.util_pct", { device: "loop0" })).toBeNull();
    expect(ruleFor("net.rx_bytes_per_s", { iface: "lo" })).toBeNull();
    expect(ruleFor("load.1m", {})?.spec.title).toBe("System");
  });

  it("map a finding's derived evidence to the series drawn", () => {
    expect(evidenceSeriesIds({ metric: "cpu.busy_pct", labels: { cpu: "all" } })).toEqual([
      "cpu.user_pct{cpu=all}",
      "cpu.system_pct{cpu=all}",
    ]);
    expect(evidenceSeriesIds({ metric: "disk.util_pct", labels: { device: "vda" } })).toEqual([
      "disk.util_pct{device=vda}",
    ]);
    expect(evidenceSeriesIds({ metric: "cpu.iowait_pct", labels: { cpu: "1" } })).toEqual([
      "cpu.iowait_pct{cpu=all}",
    ]);
    expect(chartOfDomain("container", ["cgroup.memory_oom_kills_per_s"])).toBe("memory");
    expect(chartOfDomain("virtualization", ["cpu.steal_pct"])).toBe("cpu");
  });
});

describe("buildHostCharts", () => {
  it("puts each series in its chart, hides all-zero devices, and shifts the baseline", () => {
    const incident = [
      series("cpu.user_pct", { cpu: "all" }, [90, 95]),
      series("disk.util_pct", { device: "vda" }, [10, 20]),
      series("disk.util_pct", { device: "vdb" }, [0, 0]),
      series("disk.util_pct", { device: "loop0" }, [5, 5]),
    ];
    const baseline = [
      series("cpu.user_pct", { cpu: "all" }, [1, 2], "baseline", T0 - 48_000),
      series("cpu.system_pct", { cpu: "all" }, [1, 1], "baseline", T0 - 48_000),
    ];
    const c = buildHostCharts(incident, baseline, 48_000, "h0");
    expect(c.lines.cpu.map((l) => [l.name, l.role])).toEqual([
      ["user", "incident"],
      ["user", "baseline"],
    ]);
    expect(c.lines.cpu[1]?.points[0]).toEqual([T0, 1]);
    expect(c.lines.disk.map((l) => l.name)).toEqual(["vda util"]);
    expect(c.quiet.disk).toEqual(["vdb"]);
    expect(
      new Set(
        Object.values(c.lines)
          .flat()
          .map((l) => l.field),
      ).size,
    ).toBe(3);
    expect(c.lines.cpu.every((l) => l.field.startsWith("h0"))).toBe(true);
  });

  it("draws one of several all-zero interfaces and names the others", () => {
    const c = buildHostCharts(
      [
        series("net.rx_bytes_per_s", { iface: "ifb0" }, [0, 0]),
        series("net.rx_bytes_per_s", { iface: "eth0" }, [0, 0]),
        series("net.rx_bytes_per_s", { iface: "lo" }, [9, 9]),
      ],
      [],
      0,
      "h0",
    );
    expect(c.lines.network.map((l) => l.name)).toEqual(["eth0 rx"]);
    expect(c.quiet.network).toEqual(["ifb0"]);
  });

  it("joins one host's series captured in several snapshots", () => {
    const a = series("load.1m", {}, [1, 2], "incident", T0, "");
    const b = series("load.1m", {}, [3], "incident", T0 + 10_000, "");
    const c = buildHostCharts([b, a], [], 0, "h0");
    expect(c.lines.system).toHaveLength(1);
    expect(c.lines.system[0]?.points.map((p) => p[1])).toEqual([1, 2, 3]);
  });
});

describe("findings on the charts", () => {
  const evidence = [
    {
      metric: "cpu.busy_pct",
      labels: { cpu: "all" },
      from: "2026-12-04T17:10:15Z",
      to: "2026-12-04T17:10:49Z",
    },
    {
      metric: "cpu.user_pct",
      labels: { cpu: "all" },
      from: "2026-12-04T17:10:15Z",
      to: "2026-12-04T17:10:49Z",
    },
  ];

  it("zoom to the evidence window", () => {
    expect(evidenceWindow(evidence)).toEqual({ from: T0, to: T0 + 34_000 });
  });

  it("widen a one-sample window, and skip relative times", () => {
    expect(evidenceWindow([{ from: "2026-12-04T17:10:15Z", to: "2026-12-04T17:10:15Z" }])).toEqual({
      from: T0 - 5000,
      to: T0 + 5000,
    });
    expect(evidenceWindow([{ from: 0, to: 30 }])).toBeNull();
  });

  it("highlight their series and pick a correlation target", () => {
    expect([...findingSeriesIds(evidence)].sort()).toEqual([
      "cpu.system_pct{cpu=all}",
      "cpu.user_pct{cpu=all}",
    ]);
    expect(findingTarget(evidence)).toBe("cpu.user_pct{cpu=all}");
    expect(findingTarget([])).toBeNull();
  });
});

describe("markers", () => {
  const ev = (
    at: string | null,
    kind: string,
    host = "h1",
    role = "incident",
  ): IncidentEventView => ({
    id: `${at}-${kind}`,
    at,
    uptimeS: null,
    kind,
    message: `${kind} message`,
    attrs: {},
    host: { id: host, hostname: host === "h1" ? "web-1" : "web-2" },
    snapshotId: "s1",
    role,
  });
  const w = { from: T0, to: T0 + 60_000 };

  it("group a burst of one kind, drop other hosts, baseline events and noise, count what is outside", () => {
    const events = [
      ev("2026-12-04T17:10:20Z", "oom-kill"),
      ev("2026-12-04T17:10:20Z", "oom-kill"),
      ev("2026-12-04T17:10:20Z", "oom-kill"),
      ev("2026-12-04T17:10:40Z", "link-down"),
      ev("2026-12-04T17:10:41Z", "other"),
      ev("2026-12-04T17:10:42Z", "oom-kill", "h2"),
      ev("2026-12-04T17:10:43Z", "oom-kill", "h1", "baseline"),
      ev("2026-12-04T17:06:34Z", "oom-kill"),
      ev(null, "io-error"),
    ];
    const m = eventMarkers(events, ["h1"], w);
    expect(m.markers.map((x) => x.label)).toEqual(["OOM kill ×3", "link down"]);
    expect(m.outside).toBe(1);
  });

  it("mark fixes at their applied time", () => {
    const fix = (appliedAt: string): FixView => ({
      id: appliedAt,
      description: "Stopped the nightly batch job on the web tier",
      target: "web-1",
      appliedAt,
      author: { id: "u", name: "Ana" },
      hypothesisId: null,
      createdAt: appliedAt,
    });
    const m = fixMarkers([fix("2026-12-04T17:10:40Z"), fix("2026-12-04T18:00:00Z")], w);
    expect(m.markers).toEqual([
      {
        t: T0 + 25_000,
        tone: "fix",
        label: "Fix: Stopped the nightly batch j…",
        detail: "Fix on web-1: Stopped the nightly batch job on the web tier (Ana)",
      },
    ]);
    expect(m.outside).toBe(1);
  });
});
