/** TimeSequence: a remembered time of day gives the stamp reading it again would, across midnight too. */
import { describe, expect, it } from "vitest";
import { textBytes } from "../../util/bytes";
import { Clock, Warnings, type TimeSequence } from "./common";

/** A time sequence of a capture dated 2026-12-04 in Berlin time. */
function newSequence(): TimeSequence {
  return new Clock(
    { date: "2026-12-04", tz: "Europe/Berlin" },
    undefined,
    new Warnings("t"),
  ).sequence();
}

/** `HH:MM:SS` (with AM/PM) → seconds since midnight and whether it was a 12-hour time. */
function secondsOf(text: string): [number, boolean] {
  const [h = 0, m = 0, s = 0] = text.slice(0, 8).split(":").map(Number);
  const ap = text.slice(9).toUpperCase();
  if (ap === "") return [h * 3600 + m * 60 + s, false];
  const h24 = ap === "AM" ? h % 12 : (h % 12) + 12;
  return [h24 * 3600 + m * 60 + s, true];
}

/** The stamps each time gets when every one is worked out afresh (no memo). */
function reference(times: readonly string[]): number[] {
  const seq = newSequence();
  return times.map((t) => {
    const [s, twelve] = secondsOf(t);
    return seq.fromSeconds(s, twelve, 1).ms;
  });
}

function viaText(times: readonly string[]): number[] {
  const seq = newSequence();
  // Each time inside a longer line, as the parsers read them.
  return times.map((t) => seq.stampIn(`${t}   eth0  0.00`, 0, t.length, 1)?.ms ?? NaN);
}

function viaBytes(times: readonly string[]): number[] {
  const seq = newSequence();
  return times.map(
    (t) => seq.stampInBytes(textBytes(`${t}   eth0  0.00`), 0, t.length, 1)?.ms ?? NaN,
  );
}

describe("TimeSequence", () => {
  const cases: [string, string[]][] = [
    // sar: each report's header has the interval's start, its rows its end.
    [
      "header and row times alternating",
      ["10:00:00", "10:00:01", "10:00:01", "10:00:01", "10:00:02", "10:00:02"],
    ],
    [
      "alternating across midnight, and back to a time the memo holds from the day before",
      [
        "23:59:58",
        "23:59:59",
        "23:59:59",
        "00:00:00",
        "23:59:59",
        "00:00:00",
        "00:00:01",
        "00:00:00",
      ],
    ],
    [
      "a step back of more than an hour to a remembered time is the next day",
      ["08:00:00", "09:30:00", "08:00:00", "09:30:00", "08:00:00"],
    ],
    ["12-hour times", ["11:59:59 PM", "12:00:00 AM", "11:59:59 PM", "12:00:01 AM", "12:00:01 AM"]],
  ];
  for (const [name, times] of cases) {
    it(name, () => {
      const want = reference(times);
      expect(viaText(times)).toEqual(want);
      expect(viaBytes(times)).toEqual(want);
    });
  }

  it("the day moves on at midnight and the hour before stays on the first day", () => {
    const ms = reference(["23:59:59", "00:00:00", "23:59:59"]);
    expect(ms.map((t) => new Date(t).toISOString())).toEqual([
      "2026-12-04T22:59:59.000Z",
      "2026-12-04T23:00:00.000Z",
      "2026-12-05T22:59:59.000Z",
    ]);
  });
});
