import { describe, expect, it } from "vitest";
import type { Environment } from "../snapshot/types";
import { analyze, resolveEnvironment } from "./analyze";
import { RULES_WITH_STEPS, nextStepsFor } from "./next-steps";
import { HOST2, cpu, mk, rep } from "./testing/synthetic";
import type { Domain } from "./types";

const ALL_RULES: [string, Domain][] = [
  ["cpu-saturation", "cpu"],
  ["cpu-system-time", "cpu"],
  ["cpu-iowait", "cpu"],
  ["cpu-steal", "virtualization"],
  ["cpu-run-queue", "cpu"],
  ["cpu-single-thread-bound", "cpu"],
  ["cpu-thermal-throttle", "cpu"],
  ["memory-low-available", "memory"],
  ["memory-swapping", "memory"],
  ["memory-major-faults", "memory"],
  ["memory-oom-kill", "memory"],
  ["memory-pressure", "memory"],
  ["memory-balloon", "virtualization"],
  ["disk-saturation", "disk"],
  ["disk-latency", "disk"],
  ["filesystem-full", "disk"],
  ["disk-io-errors", "disk"],
  ["interface-drops", "network"],
  ["interface-errors", "network"],
  ["tcp-retransmits", "network"],
  ["link-saturation", "network"],
  ["link-down", "network"],
  ["context-switch-storm", "system"],
  ["interrupt-storm", "system"],
  ["hung-tasks", "system"],
  ["soft-lockup", "system"],
  ["machine-check", "system"],
  ["segfaults", "system"],
  ["cgroup-cpu-throttling", "container"],
  ["cgroup-memory-oom", "container"],
  ["cgroup-memory-near-limit", "container"],
];
const ENVS: Environment[] = ["bare-metal", "vm", "container", "kubernetes"];

describe("next steps", () => {
  it("every rule has exact commands in every environment", () => {
    expect([...RULES_WITH_STEPS].sort()).toEqual(ALL_RULES.map(([r]) => r).sort());
    for (const [rule, domain] of ALL_RULES)
      for (const env of ENVS) {
        const steps = nextStepsFor(rule, domain, env, {}, HOST2);
        expect(steps.length, `${rule} ${env}`).toBeGreaterThan(0);
        for (const s of steps) expect(s.command.trim(), `${rule} ${env}`).not.toBe("");
      }
  });

  it("adds the layers of the environment (reference: bare metal < VM < Kubernetes)", () => {
    const layers = (env: Environment) =>
      new Set(nextStepsFor("cpu-saturation", "cpu", env, { pid: 42 }, HOST2).map((s) => s.layer));
    expect(layers("bare-metal")).toEqual(new Set(["os", "application"]));
    expect(layers("vm").has("hypervisor")).toBe(true);
    expect(layers("kubernetes").has("kubernetes")).toBe(true);
    expect(layers("container").has("container")).toBe(true);
  });

  it("fills in what the finding knows: pid, device, interface, cgroup", () => {
    expect(
      nextStepsFor("cpu-single-thread-bound", "cpu", "bare-metal", { pid: 4242 }, HOST2).map(
        (s) => s.command,
      ),
    ).toContain("pidstat -t -u -p 4242 1 5");
    expect(
      nextStepsFor("disk-saturation", "disk", "bare-metal", { device: "nvme0n1" }, HOST2)[0]
        ?.command,
    ).toBe("iostat -xz nvme0n1 1 5");
    expect(
      nextStepsFor("interface-drops", "network", "bare-metal", { iface: "ens3" }, HOST2)[0]
        ?.command,
    ).toBe("ip -s -s link show dev ens3");
    expect(
      nextStepsFor("cgroup-cpu-throttling", "container", "bare-metal", { cgroup: "/app" }, HOST2)[0]
        ?.command,
    ).toBe("cat /sys/fs/cgroup/cpu/app/cpu.stat");
  });

  it("takes the environment from --env, else the host, else bare metal", () => {
    expect(resolveEnvironment({ series: [], host: { environment: "vm" } })).toBe("vm");
    expect(
      resolveEnvironment({ series: [], host: { environment: "vm" }, environment: "kubernetes" }),
    ).toBe("kubernetes");
    expect(resolveEnvironment({ series: [] })).toBe("bare-metal");
    const r = analyze({
      series: [...cpu("all", rep(99, 40)), mk("procs.running", {}, rep(2, 40))],
      host: HOST2,
      environment: "kubernetes",
    });
    expect(r.environment).toBe("kubernetes");
    expect(r.findings[0]?.nextSteps.some((s) => s.command.startsWith("kubectl top pod"))).toBe(
      true,
    );
  });
});
