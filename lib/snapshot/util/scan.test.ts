/**
 * Number reading must give exactly what `Number(text)` gives (a chart and a stored sample show
 * what the tool printed): checked over every decimal in the real fixtures, by every reader.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decimalAt } from "../parsers/sysstat/common";
import { FIXTURES } from "../testing/fixtures";
import {
  num,
  numberAt,
  numberBefore,
  readNumberBefore,
  readNumberBeforeBytes,
  RecurringText,
  scanDigitsIn,
  scanNumbers,
  scanNumbersIn,
} from "./scan";

function fixtureTexts(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...fixtureTexts(p));
    else if (e.endsWith(".txt")) out.push(readFileSync(p, "utf8"));
  }
  return out;
}

/** Every distinct decimal token (`12`, `-3.5`, `0,25`) printed in the fixtures. */
const TOKENS = [
  ...new Set(
    fixtureTexts().flatMap((t) => t.match(/(?<![\w.,-])-?\d+(?:[.,]\d+)?(?![\w.,])/g) ?? []),
  ),
];

const exact = (token: string): number => Number(token.replace(",", "."));

describe("number readers are exact", () => {
  it("the fixtures give thousands of real numbers to check", () => {
    expect(TOKENS.length).toBeGreaterThan(5000);
  });

  it("numberAt / num equal Number() on every fixture number", () => {
    const wrong = TOKENS.filter((t) => !Object.is(num(t), exact(t)));
    expect(wrong).toEqual([]);
  });

  it("decimalAt (sysstat fields) equals Number() on every fixture number", () => {
    const wrong = TOKENS.filter((t) => !Object.is(decimalAt(t, 0, t.length), exact(t)));
    expect(wrong).toEqual([]);
  });

  it("numberBefore (fixed columns) equals Number() on every fixture number", () => {
    const wrong = TOKENS.filter((t) => {
      const line = `   ${t}  `;
      const v = numberBefore(line, 3 + t.length, 0, line.length);
      // More than 15 digits is left to the general path (NaN here).
      return t.replace(/\D/g, "").length <= 15 ? !Object.is(v, exact(t)) : !Number.isNaN(v);
    });
    expect(wrong).toEqual([]);
  });

  it("scanNumbersIn and scanNumbers read a line of them like Number()", () => {
    const line = ` ${TOKENS.slice(0, 2000).join("  \t")} `;
    const out = new Float64Array(2000);
    expect(scanNumbersIn(line, 0, line.length, out)).toBe(2000);
    expect(Array.from(out)).toEqual(TOKENS.slice(0, 2000).map(exact));
    const buf: number[] = [];
    expect(scanNumbers(line, buf)).toBe(2000);
    expect(buf).toEqual(TOKENS.slice(0, 2000).map(exact));
  });

  it("the values that used to come out one ulp off", () => {
    for (const t of ["1.14", "1.36", "6.69", "2.53", "0.07", "99.01", "1541.58", "-0.29"])
      expect(num(t)).toBe(Number(t));
    expect(num("1,14")).toBe(1.14);
    expect(numberBefore("  1.14", 6, 0, 6)).toBe(1.14);
  });

  it("long mantissas, signs and junk", () => {
    for (const long of ["12345678901234567890", "0.12345678901234567", "-98765432109876.54321"])
      expect(num(long)).toBe(Number(long));
    expect(num("+3.5")).toBe(3.5);
    expect(Object.is(num("-0"), -0)).toBe(true);
    expect(num("12.")).toBe(12);
    expect(num(".5")).toBe(0.5);
    for (const bad of ["", "-", ".", "1e5", "1.2.3", "12,5,6", "0x1F", "nan", "∞", "1-2"])
      expect(num(bad)).toBeNaN();
    expect(numberAt("a12b", 1, 3)).toBe(12);
  });

  it("numberBefore: a value ends at a blank or the line end and starts after a blank", () => {
    const line = "  all   73.50  -1.00 12,5x  99";
    expect(numberBefore(line, 13, 0, line.length)).toBe(73.5);
    expect(numberBefore(line, 20, 0, line.length)).toBe(-1);
    expect(numberBefore(line, 26, 0, line.length)).toBeNaN(); // `x` after it
    expect(numberBefore(line, 25, 0, line.length)).toBeNaN(); // not at a blank
    expect(numberBefore(line, line.length, 0, line.length)).toBe(99);
    expect(numberBefore(line, 5, 0, line.length)).toBeNaN(); // a name
    expect(numberBefore("x99", 3, 0, 3)).toBeNaN(); // no blank before
    expect(numberBefore("  99", 4, 2, 4)).toBeNaN(); // starts at the lower bound
  });

  it("readNumberBeforeBytes gives what readNumberBefore gives, at every end and lower bound", () => {
    // Zeros as idle processes print them take a shortcut: around line starts, signs and junk too.
    const tokens = [...TOKENS.slice(0, 400), "0.00", "-0.00", "00.00", "10.00", "0,00", "0.000"];
    const out = new Float64Array(2);
    const mismatches: string[] = [];
    for (const t of tokens) {
      for (const line of [t, ` ${t}`, `  ${t} `, `x${t} `, `-${t}`, ` 0.00 ${t}`, `\t${t}`]) {
        const bytes = new TextEncoder().encode(line);
        for (let e = 0; e <= line.length; e++) {
          for (let lo = -1; lo < e; lo++) {
            const okText = readNumberBefore(line, e, lo, line.length, out, 0);
            const okBytes = readNumberBeforeBytes(bytes, e, lo, bytes.length, out, 1);
            if (okText !== okBytes || !Object.is(out[0], out[1]))
              mismatches.push(`${JSON.stringify(line)} e=${e} lo=${lo}: ${out[0]} vs ${out[1]}`);
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe("scanDigitsIn", () => {
  const both = (line: string): [number, number[], number, number[]] => {
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    const k = scanDigitsIn(line, 0, line.length, a);
    const m = scanNumbersIn(line, 0, line.length, b);
    return [k, Array.from(a.subarray(0, Math.max(0, k))), m, Array.from(b.subarray(0, m))];
  };

  it("reads a line of unsigned integers as scanNumbersIn does", () => {
    for (const line of [
      " 5  0      0 24004968   3108",
      "1 2 3",
      "   ",
      "",
      "007 123456789012345  ",
    ]) {
      const [k, a, m, b] = both(line);
      expect(k).toBe(m);
      expect(a).toEqual(b);
    }
  });

  it("gives up (-1) on anything else", () => {
    for (const line of [
      "1 -2",
      "1.5 2",
      "1\t2",
      "1 x",
      "1 2\r",
      "1234567890123456",
      "1 2 3 4 5 6 7 8 9",
    ])
      expect(scanDigitsIn(line, 0, line.length, new Float64Array(8))).toBe(-1);
  });
});

describe("RecurringText", () => {
  it("answers text.startsWith(pattern, p) at rising and falling positions", () => {
    const header = "  CPU    %usr   %sys";
    const text = `${header}\n  all    1.00   2.00\n${header}\n${header}x\n  CPU    %usr   %sy\n${header}`;
    const r = new RecurringText(header);
    const at = (p: number): boolean => r.at(text, p);
    const positions = Array.from({ length: text.length + 2 }, (_, i) => i);
    expect(positions.map(at)).toEqual(positions.map((p) => text.startsWith(header, p)));
    // Again, backwards: the cached occurrence must not answer for an earlier position.
    const back = positions.slice().reverse();
    expect(back.map(at)).toEqual(back.map((p) => text.startsWith(header, p)));
    expect(new RecurringText("").at(text, 3)).toBe(true);
    expect(new RecurringText("zz").at(text, 0)).toBe(false);
  });
});
