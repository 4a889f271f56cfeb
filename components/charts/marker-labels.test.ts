import { describe, expect, it } from "vitest";
import { labelledMarkers } from "./marker-labels";

const w = { from: 0, to: 100_000 };
const plot = { left: 0, right: 1000 };

describe("labelledMarkers", () => {
  it("labels markers that have room and leaves crowded ones as bare lines", () => {
    const out = labelledMarkers(
      [
        { t: 10_000, tone: "event" as const },
        { t: 12_000, tone: "event" as const },
        { t: 50_000, tone: "event" as const },
      ],
      w,
      plot,
    );
    expect(out.map((m) => m.showLabel)).toEqual([true, false, true]);
  });

  it("gives fixes their label first", () => {
    const out = labelledMarkers(
      [
        { t: 10_000, tone: "event" as const },
        { t: 11_000, tone: "fix" as const },
      ],
      w,
      plot,
    );
    expect(out.map((m) => [m.tone, m.showLabel])).toEqual([
      ["event", false],
      ["fix", true],
    ]);
  });
});
