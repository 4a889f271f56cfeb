/**
 * Number reading shared by every parser. Tools print numbers in the locale of the shell that ran
 * them: `12.50` (C, en_US) or `12,50` (de_DE, fr_FR). sysstat never prints thousands separators,
 * so a single comma between digits is always a decimal comma.
 */

const NUMBER = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$/;

/** Parses `12.5`, `12,5`, `-3`, `1e3`. Returns undefined for anything else (`-`, `nan`, ``). */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t.replace(",", "."));
  return Number.isFinite(n) ? n : undefined;
}

/** True when every token is a number in the sense of {@link parseNumber}. */
export function allNumbers(tokens: readonly string[]): boolean {
  return tokens.length > 0 && tokens.every((t) => parseNumber(t) !== undefined);
}

const SIZE_SUFFIX: Record<string, number> = {
  "": 1,
  B: 1,
  K: 1024,
  KI: 1024,
  KB: 1024,
  KIB: 1024,
  M: 1024 ** 2,
  MI: 1024 ** 2,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  G: 1024 ** 3,
  GI: 1024 ** 3,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
  T: 1024 ** 4,
  TI: 1024 ** 4,
  TB: 1024 ** 4,
  TIB: 1024 ** 4,
  P: 1024 ** 5,
  PI: 1024 ** 5,
  PB: 1024 ** 5,
  PIB: 1024 ** 5,
};

/**
 * Human sizes as printed by `free -h`, `df -h`, `ip -h`: `1.5Gi`, `512M`, `0B`, `23,4G` → bytes.
 * Binary multiples: procps and coreutils print powers of 1024 with these suffixes.
 */
export function parseHumanSize(text: string): number | undefined {
  const m = /^([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const n = parseNumber(m[1]);
  const mult = SIZE_SUFFIX[(m[2] ?? "").toUpperCase()];
  if (n === undefined || mult === undefined) return undefined;
  return n * mult;
}

/** Splits a table row on runs of whitespace (tabs included), dropping empty ends. */
export function splitFields(line: string): string[] {
  const t = line.trim();
  return t === "" ? [] : t.split(/\s+/);
}
