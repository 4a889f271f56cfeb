import { describe, expect, it } from "vitest";
import { DayRollover, localToUtcMs, parseTimeOfDay, toIso } from "./time";

describe("time of day", () => {
  it.each([
    ["15:57:28", undefined, 15 * 3600 + 57 * 60 + 28],
    ["03:57:28", "PM", 15 * 3600 + 57 * 60 + 28],
    ["12:00:01", "AM", 1],
    ["12:00:01", "PM", 12 * 3600 + 1],
    ["25:00:00", undefined, undefined],
    ["13:00:00", "PM", undefined],
    ["Average:", undefined, undefined],
  ])("%s %s", (text, ap, want) => {
    expect(parseTimeOfDay(text, ap)).toBe(want);
  });
});

describe("zones", () => {
  it("converts wall clock in a DST zone to UTC", () => {
    const summer = localToUtcMs(
      { year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0 },
      "Europe/Berlin",
    );
    expect(toIso(summer)).toBe("2026-07-01T10:00:00Z");
    const winter = localToUtcMs(
      { year: 2026, month: 12, day: 4, hour: 12, minute: 0, second: 0 },
      "Europe/Berlin",
    );
    expect(toIso(winter)).toBe("2026-12-04T11:00:00Z");
    const fixed = localToUtcMs(
      { year: 2026, month: 12, day: 4, hour: 12, minute: 0, second: 0 },
      "+05:30",
    );
    expect(toIso(fixed)).toBe("2026-12-04T06:30:00Z");
  });

  it("rolls a capture past midnight onto the next day", () => {
    const r = new DayRollover({ year: 2026, month: 12, day: 31 }, "UTC");
    expect(r.next(23 * 3600 + 59 * 60 + 59)).toBe("2026-12-31T23:59:59Z");
    expect(r.next(0)).toBe("2027-01-01T00:00:00Z");
    expect(r.next(1)).toBe("2027-01-01T00:00:01Z");
  });
});
