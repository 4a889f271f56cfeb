/**
 * Held-out captures (`"heldOut": true` in their .json): written before these captures were looked
 * at and never used to choose a threshold. Same assertions as the tuning set: the top finding
 * names the cause's domain and rule, its evidence equals the raw outputs, and it comes with next
 * steps; a resolved or healthy capture raises no critical finding.
 */
import { describe, expect, it } from "vitest";
import {
  analyzeScenario,
  closeEnough,
  listScenarios,
  rawFiles,
  rawValue,
} from "./testing/scenarios";

const heldOut = listScenarios().filter((s) => s.heldOut);

describe("held-out scenario captures", () => {
  it("lists held-out captures", () => {
    // Not an assertion on their number: they arrive while the engine is built.
    expect(Array.isArray(heldOut)).toBe(true);
  });

  for (const { scenario, cause } of heldOut) {
    if (cause.domain === null) {
      it(`${scenario}: no critical finding`, async () => {
        const r = await analyzeScenario(scenario);
        expect(r.findings.filter((f) => f.severity === "critical").map((f) => f.rule)).toEqual([]);
      });
      continue;
    }
    it(`${scenario}: top finding is ${cause.domain}/${cause.label}`, async () => {
      const [r, files] = await Promise.all([analyzeScenario(scenario), rawFiles(scenario)]);
      const top = r.findings[0];
      expect(
        { domain: top?.domain, rule: top?.rule },
        JSON.stringify(r.findings.map((f) => `${f.severity} ${f.rule}`)),
      ).toEqual({
        domain: cause.domain,
        rule: cause.label,
      });
      expect(top?.nextSteps.length).toBeGreaterThan(0);
      let checked = 0;
      for (const e of top?.evidence ?? []) {
        const raw = rawValue(files, e);
        if (raw === undefined || !Number.isFinite(raw)) continue;
        checked++;
        expect(
          closeEnough(e.observed, raw),
          `${e.metric}: evidence ${e.observed}, raw ${raw}`,
        ).toBe(true);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
