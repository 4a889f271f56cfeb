import { describe, expect, it } from "vitest";
import { viewFromParams, viewToParams } from "./analyze-url";

describe("the Analyze view in the URL", () => {
  it("reads window, host, finding, target and layout", () => {
    const v = viewFromParams(
      new URLSearchParams(
        "from=1000&to=5000&host=cm1host&finding=f_1&target=cpu.user_pct%7Bcpu%3Dall%7D&layout=hosts",
      ),
    );
    expect(v).toEqual({
      window: { from: 1000, to: 5000 },
      host: "cm1host",
      finding: "f_1",
      target: "cpu.user_pct{cpu=all}",
      sideBySide: true,
    });
  });

  it("ignores values that cannot be ids or selectors", () => {
    const v = viewFromParams(
      new URLSearchParams("host=../x&finding=a%20b&target=DROP%20TABLE&layout=grid"),
    );
    expect(v).toEqual({ window: null, host: null, finding: null, target: null, sideBySide: false });
  });

  it("writes a patch over the current parameters, removing what is cleared", () => {
    const cur = new URLSearchParams("host=h1&finding=f1&step=x");
    const next = viewToParams(cur, {
      window: { from: 10, to: 20 },
      finding: null,
      sideBySide: true,
    });
    expect(Object.fromEntries(next)).toEqual({
      host: "h1",
      step: "x",
      from: "10",
      to: "20",
      layout: "hosts",
    });
    expect(viewFromParams(viewToParams(next, { window: null, sideBySide: false }))).toMatchObject({
      window: null,
      sideBySide: false,
      host: "h1",
    });
  });
});
