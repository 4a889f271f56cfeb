import { describe, expect, it } from "vitest";
import { commandsFor, domainOfMetric, relevantDomains } from "./coverage";

describe("coverage", () => {
  it.each([
    ["cpu.steal_pct", "cpu"],
    ["mem.available_bytes", "memory"],
    ["swap.in_bytes_per_s", "memory"],
    ["disk.await_ms", "disk"],
    ["fs.used_pct", "disk"],
    ["tcp.retrans_segs_per_s", "network"],
    ["load.1m", "system"],
    ["cgroup.cpu_throttled_periods_total", "container"],
    ["psi.io_some_avg10", "disk"],
    ["proc.cpu_pct", null],
  ])("%s is evidence for %s", (metric, domain) => {
    expect(domainOfMetric(metric)).toBe(domain);
  });

  it("asks Kubernetes incidents for the pod's limits and VMs for steal time", () => {
    expect(
      commandsFor("container", "kubernetes")
        .map((c) => c.command)
        .join("\n"),
    ).toMatch(/kubectl describe pod/);
    expect(
      commandsFor("cpu", "vm")
        .map((c) => c.why)
        .join("\n"),
    ).toMatch(/steal/);
    expect(
      commandsFor("cpu", "bare-metal")
        .map((c) => c.why)
        .join("\n"),
    ).not.toMatch(/hypervisor/);
    expect(relevantDomains("bare-metal")).not.toContain("container");
    expect(relevantDomains("kubernetes")).toContain("container");
  });
});
