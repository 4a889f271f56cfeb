import { describe, expect, it } from "vitest";
import { assertStatusTransition, nextStatuses, statusTimes } from "./lifecycle";

describe("incident status lifecycle", () => {
  it.each([
    ["open", "mitigated"],
    ["open", "resolved"],
    ["mitigated", "resolved"],
    ["resolved", "closed"],
    ["resolved", "open"],
    ["mitigated", "open"],
  ] as const)("allows %s -> %s", (from, to) => {
    expect(() => assertStatusTransition(from, to)).not.toThrow();
  });

  it.each([
    ["closed", "open"],
    ["closed", "resolved"],
    ["resolved", "mitigated"],
  ] as const)("refuses %s -> %s with a conflict", (from, to) => {
    expect(() => assertStatusTransition(from, to)).toThrow(/status:/);
  });

  it("stamps skipped states with the same time and clears them on reopen", () => {
    const at = new Date("2026-12-04T16:00:00Z");
    expect(statusTimes("open", "resolved", at)).toEqual({ mitigatedAt: at, resolvedAt: at });
    expect(statusTimes("mitigated", "closed", at)).toEqual({ resolvedAt: at, closedAt: at });
    expect(statusTimes("resolved", "open", at)).toEqual({
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
    });
  });
});

describe("nextStatuses", () => {
  it("offers the forward states and reopening, and nothing once closed", () => {
    expect(nextStatuses("open")).toEqual(["mitigated", "resolved", "closed"]);
    expect(nextStatuses("mitigated")).toEqual(["open", "resolved", "closed"]);
    expect(nextStatuses("resolved")).toEqual(["open", "closed"]);
    expect(nextStatuses("closed")).toEqual([]);
  });
});
