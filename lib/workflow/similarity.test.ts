import { describe, expect, it } from "vitest";
import {
  FEATURE_WEIGHTS,
  sharesEvidence,
  similarity,
  titleWords,
  type IncidentFeatures,
} from "./similarity";

const base: IncidentFeatures = {
  rules: ["disk-saturation"],
  metrics: ["disk.util_pct", "disk.aqu_sz"],
  domains: ["disk"],
  hosts: ["db-1"],
  environment: "vm",
  title: "Checkout slow",
};

describe("incident similarity (weighted Jaccard)", () => {
  it("is 1 for the same evidence and 0 for nothing in common", () => {
    expect(similarity(base, { ...base }).score).toBe(1);
    expect(
      similarity(base, {
        rules: ["tcp-retransmits"],
        metrics: ["net.retrans_per_s"],
        domains: ["network"],
        hosts: ["lb-2"],
        environment: "kubernetes",
        title: "Payments failing",
      }).score,
    ).toBe(0);
  });

  it("weighs the same rules and hosts far above the same title words", () => {
    const sameEvidence = similarity(base, { ...base, title: "Nightly batch overran" });
    const sameTitle = similarity(base, {
      rules: ["cpu-saturation"],
      metrics: ["cpu.user_pct"],
      domains: ["cpu"],
      hosts: ["web-7"],
      environment: "vm",
      title: "Checkout slow",
    });
    expect(sameEvidence.score).toBeGreaterThan(0.8);
    expect(sameTitle.score).toBeLessThan(0.15);
    expect(sameEvidence.shared.rule).toEqual(["disk-saturation"]);
    expect(sameEvidence.shared.host).toEqual(["db-1"]);
    expect(sharesEvidence(sameTitle)).toBe(false);
  });

  it("computes the weighted index exactly: shared weight over the weight of the union", () => {
    const other: IncidentFeatures = {
      rules: ["disk-saturation", "disk-latency"],
      metrics: ["disk.util_pct"],
      domains: ["disk"],
      hosts: ["db-2"],
      environment: "vm",
      title: "",
    };
    const w = FEATURE_WEIGHTS;
    const shared = w.rule + w.metric + w.domain + w.environment;
    const union = 2 * w.rule + 2 * w.metric + w.domain + 2 * w.host + w.environment + w.word; // checkout (slow is a stop word)
    expect(similarity(base, other).score).toBeCloseTo(shared / union, 10);
    // Symmetric.
    expect(similarity(other, base).score).toBeCloseTo(similarity(base, other).score, 10);
  });

  it("reads title words without stop words and numbers", () => {
    expect(titleWords("The API p99 is high on db-1 since 10:40")).toEqual([
      "api",
      "p99",
      "db-1",
      "since",
    ]);
  });
});
