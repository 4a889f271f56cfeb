/**
 * Chunk encoding for stored samples (docs/design.md §5). A chunk holds one series' points for a
 * time range, packed the way time-series stores do it:
 *
 *   header   varint version(1) | varint count | varint decimals (0-9, or 15 = raw float64)
 *   times    zigzag varint of the first timestamp (ms), then delta-of-delta varints
 *   values   decimals <= 9: each value as an integer v * 10^d, delta-encoded, zigzag varints
 *            raw: IEEE-754 float64 little-endian, XOR with the previous value (Gorilla-style)
 *
 * then the whole chunk is deflated. Tool outputs print at most a few decimals (sysstat 2, free 0),
 * so the integer path is exact (integer / 10^d is the correctly rounded double, the same number
 * the parser read) and regular 1-second samples cost about one byte each before deflate.
 * Pure: no database, usable from tests and benchmarks.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

const VERSION = 1;
const RAW = 15;
const MAX_DECIMALS = 9;
const POW10 = Array.from({ length: MAX_DECIMALS + 1 }, (_, i) => 10 ** i);
/** Scaled values stay below 2^50 so that deltas and their zigzag form stay exact integers. */
const MAX_SCALED = 2 ** 50;

class Writer {
  buf = new Uint8Array(1024);
  len = 0;

  grow(extra: number) {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Unsigned varint of a non-negative safe integer (up to 2^53). */
  uvar(n: number) {
    if (this.len + 8 > this.buf.length) this.grow(8);
    const buf = this.buf;
    let len = this.len;
    // Small values (almost all deltas) with 32-bit integer arithmetic; the rest with division.
    while (n >= 0x80000000) {
      buf[len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    while (n >= 0x80) {
      buf[len++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[len++] = n;
    this.len = len;
  }

  /** Zigzag varint of a safe integer. */
  svar(n: number) {
    this.uvar(n >= 0 ? n * 2 : -n * 2 - 1);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  uvar(): number {
    let result = 0;
    let mult = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("chunk truncated");
      const b = this.buf[this.pos++] ?? 0;
      result += (b & 0x7f) * mult;
      if (b < 0x80) return result;
      mult *= 0x80;
    }
  }

  svar(): number {
    const z = this.uvar();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new Error("chunk truncated");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Fewest decimals (0-9) that represent every value exactly, or RAW when none do. */
export function decimalsFor(values: ArrayLike<number>, start = 0, end = values.length): number {
  let d = 0;
  for (let i = start; i < end; i++) {
    const v = values[i] ?? 0;
    if (!Number.isFinite(v)) return RAW;
    while (d <= MAX_DECIMALS) {
      const p = POW10[d] ?? 1;
      const scaled = Math.round(v * p);
      if (Math.abs(scaled) < MAX_SCALED && scaled / p === v) break;
      d++;
    }
    if (d > MAX_DECIMALS) return RAW;
  }
  return d;
}

/**
 * Encodes points `[start, end)` of parallel arrays of epoch milliseconds and values (times
 * ascending). Ranges instead of copies: the writer chunks a series without slicing it.
 */
export function encodeChunk(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  start = 0,
  end = times.length,
): Buffer {
  if (values.length < end || times.length < end || start > end) throw new Error("bad chunk range");
  for (let i = start; i < end; i++) {
    const t = times[i] ?? 0;
    if (!Number.isInteger(t) || Math.abs(t) >= MAX_SCALED) throw new Error(`bad timestamp ${t}`);
  }
  const w = new Writer();
  const dec = decimalsFor(values, start, end);
  w.uvar(VERSION);
  w.uvar(end - start);
  w.uvar(dec);
  let prevT = 0;
  let prevDelta = 0;
  for (let i = start; i < end; i++) {
    const t = times[i] ?? 0;
    if (i === start) w.svar(t);
    else {
      const delta = t - prevT;
      w.svar(delta - prevDelta);
      prevDelta = delta;
    }
    prevT = t;
  }
  if (dec === RAW) {
    const view = new DataView(new ArrayBuffer(8));
    const prev = new DataView(new ArrayBuffer(8));
    for (let i = start; i < end; i++) {
      view.setFloat64(0, values[i] ?? 0, true);
      // XOR with the previous value's bits: unchanged values become zeros that deflate well.
      for (let b = 0; b < 8; b++) {
        const x = view.getUint8(b) ^ prev.getUint8(b);
        prev.setUint8(b, view.getUint8(b));
        view.setUint8(b, x);
      }
      w.grow(8);
      for (let b = 0; b < 8; b++) w.buf[w.len++] = view.getUint8(b);
    }
  } else {
    const p = POW10[dec] ?? 1;
    let prevV = 0;
    for (let i = start; i < end; i++) {
      const v = Math.round((values[i] ?? 0) * p);
      w.svar(v - prevV);
      prevV = v;
    }
  }
  // Level 1: most of the gain of deflate on varints at a fifth of the CPU of the default level.
  return deflateRawSync(w.buf.subarray(0, w.len), { level: 1 });
}

export interface DecodedChunk {
  times: Float64Array;
  values: Float64Array;
}

export function decodeChunk(data: Uint8Array): DecodedChunk {
  const r = new Reader(inflateRawSync(data));
  const version = r.uvar();
  if (version !== VERSION) throw new Error(`unknown chunk version ${version}`);
  const n = r.uvar();
  const dec = r.uvar();
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let t = 0;
  let delta = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) t = r.svar();
    else {
      delta += r.svar();
      t += delta;
    }
    times[i] = t;
  }
  if (dec === RAW) {
    const bits = new Uint8Array(8);
    const view = new DataView(bits.buffer);
    for (let i = 0; i < n; i++) {
      const x = r.bytes(8);
      for (let b = 0; b < 8; b++) bits[b] = (bits[b] ?? 0) ^ (x[b] ?? 0);
      values[i] = view.getFloat64(0, true);
    }
  } else {
    if (dec > MAX_DECIMALS) throw new Error(`bad decimals ${dec}`);
    const p = POW10[dec] ?? 1;
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += r.svar();
      values[i] = v / p;
    }
  }
  return { times, values };
}
