import { describe, expect, it } from "vitest";
import { isoOf } from "../types";
import {
  DayRollover,
  localToUtcMs,
  parseTimeOfDay,
  PointTimeText,
  toIso,
  ZoneOffsets,
} from "./time";

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

describe("PointTimeText", () => {
  it("prints what isoOf prints (quoted), or seconds when relative", () => {
    const text = new PointTimeText();
    const samples = [
      0, 1, 999, 1000, 86_399_999, 86_400_000, 1_796_402_563_000, 1_796_402_563_120,
      1_796_402_563_007, 951_782_400_000, 4_102_444_799_999, 253_402_300_799_999,
      253_402_300_800_000, -1, -86_400_001, 1.5, 1_796_402_563_000.25,
    ];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(1_700_000_000_000 + i * 7_919_311.3));
    for (const ms of samples) expect(text.json(ms, false)).toBe(JSON.stringify(isoOf(ms)));
    expect(text.json(2000, true)).toBe("2");
    expect(text.json(1500, true)).toBe("1.5");
  });
});

describe("ZoneOffsets", () => {
  it("equals localToUtcMs, also in the hours around a DST change", () => {
    const windows: [string, string[]][] = [
      ["Europe/Berlin", ["2026-03-29", "2026-10-25"]],
      ["America/New_York", ["2026-03-08", "2026-11-01"]],
      // Half-hour shift, at 02:00 local.
      ["Australia/Lord_Howe", ["2026-04-05", "2026-10-04"]],
      ["+05:30", ["2026-12-04"]],
      ["UTC", ["2026-12-04"]],
    ];
    for (const [tz, days] of windows) {
      const zone = new ZoneOffsets(tz);
      for (const day of days) {
        const [y = 0, mo = 0, d = 0] = day.split("-").map(Number);
        for (let min = -24 * 60; min <= 24 * 60; min += 10) {
          const t = { year: y, month: mo, day: d, hour: 0, minute: min, second: 7 };
          expect(zone.toUtc(Date.UTC(y, mo - 1, d, 0, min, 7))).toBe(localToUtcMs(t, tz));
        }
      }
    }
  });
});
