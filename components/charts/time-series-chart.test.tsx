// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mergeSeries, type TimePoint } from "./merge";
import { plotBounds, TimeSeriesChart, type ChartLine } from "./time-series-chart";

const T0 = Date.parse("2026-12-04T17:10:15Z");
const w = { from: T0, to: T0 + 30_000 };

function pts(f: (i: number) => number, n = 31, stepMs = 1000, start = T0): TimePoint[] {
  return Array.from({ length: n }, (_, i) => [start + i * stepMs, f(i)] as const);
}

const lines: ChartLine[] = [
  {
    field: "f0",
    id: "cpu.user_pct{cpu=all}",
    name: "user",
    color: "#5b8cff",
    unit: "%",
    axis: "left",
    role: "incident",
    points: pts((i) => 90 + (i % 3)),
  },
  {
    field: "f1",
    id: "cpu.system_pct{cpu=all}",
    name: "system",
    color: "#f87171",
    unit: "%",
    axis: "left",
    role: "incident",
    points: pts(() => 4, 7, 5000),
  },
  {
    field: "f2",
    id: "cpu.user_pct{cpu=all}",
    name: "user",
    color: "#5b8cff",
    unit: "%",
    axis: "left",
    role: "baseline",
    points: pts(() => 1),
  },
];
const rows = mergeSeries(lines.map((l) => ({ field: l.field, points: l.points })));
const axes = [{ id: "left" as const, unit: "%", placement: "left" as const, minMax: 100 }];

afterEach(cleanup);

describe("TimeSeriesChart", () => {
  it("is a figure named by its domain, with drawn lines", () => {
    const { container } = render(
      <TimeSeriesChart
        title="CPU"
        subtitle="% of all CPUs"
        rows={rows}
        lines={lines}
        axes={axes}
        window={w}
        width={600}
      />,
    );
    const fig = screen.getByRole("figure", { name: "CPU" });
    expect(fig.getAttribute("data-window-from")).toBe(String(w.from));
    expect(fig.getAttribute("data-window-to")).toBe(String(w.to));
    const curves = container.querySelectorAll("path.recharts-line-curve");
    expect(curves.length).toBe(3);
    for (const c of curves) expect(c.getAttribute("d") ?? "").toMatch(/^M/);
    // The baseline is dashed.
    const dashed = [...curves].filter((c) => c.getAttribute("stroke-dasharray"));
    expect(dashed).toHaveLength(1);
  });

  it("gives latest / min / max per series, and the baseline's mean, without hovering", () => {
    render(
      <TimeSeriesChart title="CPU" rows={rows} lines={lines} axes={axes} window={w} width={600} />,
    );
    const table = within(screen.getByRole("figure", { name: "CPU" })).getByRole("table");
    const user = within(table).getByRole("row", { name: /^user/ });
    expect(
      within(user)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["user", "90%", "90%", "92%", "1%"]);
  });

  it("labels the time axis in UTC with round ticks", () => {
    const { container } = render(
      <TimeSeriesChart title="CPU" rows={rows} lines={lines} axes={axes} window={w} width={600} />,
    );
    const ticks = [
      ...container.querySelectorAll(
        ".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value",
      ),
    ].map((t) => t.textContent);
    expect(ticks).toContain("17:10:20");
    expect(ticks).toContain("17:10:40");
  });

  it("keeps the left axis labels on the chart when a hidden axis scales a third unit", () => {
    const gib = 1024 ** 3;
    const base = { name: "m", color: "#5b8cff", role: "incident" as const };
    const mem: ChartLine[] = [
      {
        ...base,
        field: "m0",
        id: "mem.available_bytes",
        unit: "B",
        axis: "left",
        points: pts(() => 23 * gib),
      },
      {
        ...base,
        field: "m1",
        id: "mem.swap_in_bytes_per_s",
        unit: "B/s",
        axis: "right",
        points: pts(() => 512),
      },
      {
        ...base,
        field: "m2",
        id: "psi.memory_some_avg10",
        unit: "%",
        axis: "extra",
        points: pts(() => 3),
      },
    ];
    const { container } = render(
      <TimeSeriesChart
        title="Memory"
        rows={mergeSeries(mem.map((l) => ({ field: l.field, points: l.points })))}
        lines={mem}
        axes={[
          { id: "left", unit: "B", placement: "left" },
          { id: "right", unit: "B/s", placement: "right" },
          { id: "extra", unit: "%", placement: "hidden", minMax: 100 },
        ]}
        window={w}
        width={600}
      />,
    );
    const left = [...container.querySelectorAll(".recharts-cartesian-axis-tick-value")].filter(
      (t) => t.textContent.endsWith("GiB"),
    );
    expect(left.length).toBeGreaterThan(1);
    // Right-aligned at the plot's left edge, inside the chart (not pushed off by the hidden axis).
    const { left: plotLeft } = plotBounds(600);
    for (const t of left) {
      const x = Number(t.getAttribute("x"));
      expect(x).toBeGreaterThan(plotLeft / 2);
      expect(x).toBeLessThanOrEqual(plotLeft);
    }
  });

  it("turns a drag across the plot into a zoom window", () => {
    const onZoom = vi.fn();
    render(
      <TimeSeriesChart
        title="Memory"
        rows={rows}
        lines={lines}
        axes={axes}
        window={w}
        width={600}
        onZoom={onZoom}
      />,
    );
    const fig = screen.getByRole("figure", { name: "Memory" });
    const plotArea = fig.querySelector("div.relative");
    expect(plotArea).not.toBeNull();
    const plot = plotBounds(600);
    const x = (f: number) => plot.left + f * (plot.right - plot.left);
    fireEvent.mouseDown(plotArea as Element, { button: 0, clientX: x(0.25) });
    fireEvent.mouseMove(window, { clientX: x(0.5) });
    fireEvent.mouseUp(window, { clientX: x(0.75) });
    expect(onZoom).toHaveBeenCalledTimes(1);
    expect(onZoom).toHaveBeenCalledWith({ from: T0 + 7_500, to: T0 + 22_500 });
  });

  it("draws the chosen finding's series thicker and dims the others", () => {
    const { container } = render(
      <TimeSeriesChart
        title="CPU"
        rows={rows}
        lines={lines}
        axes={axes}
        window={w}
        width={600}
        highlight={new Set(["cpu.system_pct{cpu=all}"])}
        emphasized
      />,
    );
    const curves = [...container.querySelectorAll("path.recharts-line-curve")];
    const system = curves.find((c) => c.getAttribute("stroke") === "#f87171");
    const user = curves.find(
      (c) => c.getAttribute("stroke") === "#5b8cff" && !c.getAttribute("stroke-dasharray"),
    );
    expect(system?.getAttribute("stroke-width")).toBe("3");
    expect(user?.getAttribute("stroke-opacity")).toBe("0.3");
    expect(screen.getByRole("figure", { name: "CPU" }).textContent).toContain("chosen finding");
  });

  it("says so when there is nothing to draw", () => {
    render(
      <TimeSeriesChart title="Network" rows={[]} lines={[]} axes={axes} window={w} width={600} />,
    );
    expect(screen.getByRole("figure", { name: "Network" }).textContent).toContain(
      "No Network series in this window",
    );
  });

  it("draws event and fix markers as labelled vertical lines", () => {
    const { container } = render(
      <TimeSeriesChart
        title="System"
        rows={rows}
        lines={lines}
        axes={axes}
        window={w}
        width={600}
        markers={[
          { t: T0 + 10_000, label: "OOM kill ×3", tone: "event" },
          { t: T0 + 20_000, label: "Fix: stop batch", tone: "fix" },
        ]}
      />,
    );
    expect(container.querySelectorAll(".recharts-reference-line")).toHaveLength(2);
    expect(container.textContent).toContain("OOM kill ×3");
    expect(container.textContent).toContain("Fix: stop batch");
  });
});
