import { describe, expect, it } from "vitest";
import { iostatParser } from "../iostat";
import { mpstatParser } from "../mpstat";
import type { ToolParser } from "../parser";
import { pidstatParser } from "../pidstat";
import { sadfParser } from "../sadf";
import { sarParser } from "../sar";
import { fixture, fixtureNames } from "./test-helpers";

const OURS: Record<string, ToolParser> = {
  iostat: iostatParser,
  mpstat: mpstatParser,
  pidstat: pidstatParser,
  sar: sarParser,
  sadf: sadfParser,
};

describe("sysstat detection matrix", () => {
  const cases = Object.keys(OURS).flatMap((tool) =>
    fixtureNames(tool).map((name) => [tool, name] as const),
  );
  it.each(cases)("%s/%s is detected as its own tool only", (tool, name) => {
    const text = fixture(tool, name);
    for (const [other, p] of Object.entries(OURS)) {
      // No file name: content alone decides.
      const d = p.detect(text);
      if (other === tool) expect(d, other).toBeGreaterThanOrEqual(0.9);
      else expect(d, other).toBeLessThanOrEqual(0.05);
    }
  });

  // procps and /proc outputs captured by the other parsers' fixtures, when present.
  const foreign = ["vmstat", "free", "top", "uptime", "df", "ss", "ip", "dmesg", "proc"].flatMap(
    (tool) => fixtureNames(tool).map((name) => [tool, name] as const),
  );
  it.each(foreign.length > 0 ? foreign : [["none", ""] as const])(
    "%s/%s is none of ours",
    (tool, name) => {
      if (tool === "none") return;
      const text = fixture(tool, name);
      for (const [ours, p] of Object.entries(OURS))
        expect(p.detect(text, name), ours).toBeLessThanOrEqual(0.05);
    },
  );

  it("the file name is only a hint", () => {
    expect(sarParser.detect("hello\n", "sar.txt")).toBe(0);
    const header = "Linux 6.18.44-fc-v1252 (vm) \t12/04/26 \t_x86_64_\t(2 CPU)\n";
    expect(sarParser.detect(header, "sar_q.txt")).toBeGreaterThan(
      sarParser.detect(header, "x.txt"),
    );
    expect(sarParser.detect(header, "sar_q.txt")).toBeLessThan(0.5);
  });
});
