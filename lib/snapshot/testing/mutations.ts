/**
 * Mutations of real tool outputs for the property tests (parsers one by one, and whole
 * snapshots): cut, dropped, duplicated and swapped lines, bad numbers, binary noise, huge lines,
 * CRLF, a BOM, absurd nesting, tabs. What read-input would hand a parser from a broken capture.
 */
import fc from "fast-check";

const BAD_NUMBERS = [
  "NaN",
  "-0",
  "1e400",
  "-1e400",
  "9".repeat(40),
  "Infinity",
  "-",
  "0x1f",
  "1,5",
  "",
];

/** A mutation of a real output. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("drop" as const),
    at: fc.nat(),
    n: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant("dup" as const), at: fc.nat(), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant("number" as const),
    every: fc.integer({ min: 1, max: 9 }),
    value: fc.constantFrom(...BAD_NUMBERS),
  }),
  fc.record({
    kind: fc.constant("noise" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    kind: fc.constant("huge" as const),
    at: fc.nat(),
    size: fc.constantFrom(10_000, 300_000),
  }),
  fc.constant({ kind: "crlf" as const }),
  fc.constant({ kind: "bom" as const }),
  fc.record({ kind: fc.constant("deep" as const), depth: fc.constantFrom(50, 5_000, 100_000) }),
  fc.record({ kind: fc.constant("tabs" as const) }),
);
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** `text` with the mutation `m` applied. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = (n: number) => (lines.length === 0 ? 0 : n % lines.length);
  switch (m.kind) {
    case "cut":
      return text.slice(0, m.at % (text.length + 1));
    case "drop":
      lines.splice(i(m.at), m.n);
      return lines.join("\n");
    case "dup":
      lines.splice(i(m.at), 0, ...lines.slice(i(m.at), i(m.at) + m.n));
      return lines.join("\n");
    case "swap": {
      const a = i(m.a);
      const b = i(m.b);
      const la = lines[a] ?? "";
      lines[a] = lines[b] ?? "";
      lines[b] = la;
      return lines.join("\n");
    }
    case "number": {
      let k = 0;
      return text.replace(/-?\d+(\.\d+)?/g, (x) => (++k % m.every === 0 ? m.value : x));
    }
    case "noise": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + new TextDecoder("utf-8").decode(m.bytes) + text.slice(at);
    }
    case "huge":
      lines.splice(i(m.at), 0, "7 ".repeat(m.size / 2));
      return lines.join("\n");
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
    case "deep":
      // sadf -j style nesting, far deeper than any real output.
      return `${"[".repeat(m.depth)}${"]".repeat(m.depth)}\n${text}`;
    case "tabs":
      return text.replace(/ +/g, "\t");
  }
}
