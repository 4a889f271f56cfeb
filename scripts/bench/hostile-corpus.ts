/**
 * A corpus of hostile uploads made from real outputs (lib/snapshot/fixtures), deterministic for a
 * seed: truncated bundles and outputs, binary noise, the wrong ?tool=, 10 MB lines, 100k-deep
 * JSON, tar bombs (compression ratio, entry count, declared sizes), path traversal, symlinks,
 * hard links and devices in bundles, broken gzip, empty bodies, wrong content types, invalid
 * UTF-8, numbers out of range, broken manifests and hostile query strings.
 *
 * Each case is what one HTTP request sends; `scripts/bench/hostile.ts` sends them to a real server.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { deflateSync, gunzipSync, gzipSync } from "node:zlib";
import { tar, tarHeader, type TarEntry } from "./tar";
import { mulberry32 } from "./rng";

const FIXTURES = path.join(process.cwd(), "lib", "snapshot", "fixtures");

export interface HostileCase {
  /** Unique, readable: `<category>/<detail>`. */
  name: string;
  category: string;
  body: Uint8Array;
  contentType: string | null;
  /** Query string without `?`; the ingest route gets `host=` added when it has none. */
  query?: string;
}

function textFixtures(): { rel: string; text: Buffer }[] {
  const out: { rel: string; text: Buffer }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith(".txt"))
        out.push({ rel: path.relative(FIXTURES, p), text: readFileSync(p) });
    }
  };
  walk(FIXTURES);
  return out;
}

const REAL_BUNDLES = [
  "bundles/light-load.tar.gz",
  "bundles/cgroup-throttle-oom.tar.gz",
  "scenarios/cpu-all-cores.tar.gz",
  "scenarios/disk-random-io.tar.gz",
  "scenarios/memory-cgroup-pressure.tar.gz",
  "scenarios/tcp-retransmits.tar.gz",
];

/** Entries of a real bundle (tar inside gzip), read with a minimal ustar reader. */
function untar(gz: Buffer): TarEntry[] {
  const raw = gunzipSync(gz);
  const out: TarEntry[] = [];
  for (let off = 0; off + 512 <= raw.length;) {
    const h = raw.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const prefix = h.subarray(345, 500).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(
      h.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0",
      8,
    );
    const type = String.fromCharCode(h[156] ?? 48) || "0";
    off += 512;
    out.push({
      name: prefix ? `${prefix}/${name}` : name,
      data: raw.subarray(off, off + size),
      type: type === "\0" ? "0" : type,
    });
    off += Math.ceil(size / 512) * 512;
  }
  return out;
}

const gz = (b: Uint8Array) => gzipSync(b, { level: 6 });

const ZERO_CHUNK = 16 << 20;
let zeroMember: Buffer | undefined;

/**
 * `bytes` zero bytes as concatenated gzip members (gunzip reads them as one stream), made from one
 * compressed 16 MiB chunk repeated: a ~1000:1 compression bomb without holding the zeros here.
 */
function gzipZeros(bytes: number): Buffer[] {
  zeroMember ??= gzipSync(Buffer.alloc(ZERO_CHUNK), { level: 9 });
  const out: Buffer[] = [];
  for (let left = bytes; left > 0; left -= ZERO_CHUNK) {
    out.push(left >= ZERO_CHUNK ? zeroMember : gzipSync(Buffer.alloc(left), { level: 9 }));
  }
  return out;
}

/** A bundle with entries of zeros: the tar framing as gzip members around the zero members. */
function zeroBomb(entries: { name: string; bytes: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(gz(tarHeader({ name: e.name, declaredSize: e.bytes })), ...gzipZeros(e.bytes));
    const pad = (512 - (e.bytes % 512)) % 512;
    if (pad) parts.push(gz(Buffer.alloc(pad)));
  }
  parts.push(gz(Buffer.alloc(1024)));
  return Buffer.concat(parts);
}

function mutateNumbers(text: string, value: string, every: number): string {
  let k = 0;
  return text.replace(/-?\d+(\.\d+)?/g, (x) => (++k % every === 0 ? value : x));
}

export interface CorpusOptions {
  seed?: number;
  /** Cases per generated category (the fixed categories are always complete). */
  perCategory?: number;
  /** Include the cases that cost seconds and hundreds of MB to send (10 MB lines, 300 MB bombs). */
  heavy?: boolean;
}

/** The corpus. With the defaults (perCategory 50, heavy) it holds more than 500 cases. */
export function hostileCorpus(opts: CorpusOptions = {}): HostileCase[] {
  const rand = mulberry32(opts.seed ?? 7);
  const per = opts.perCategory ?? 50;
  const heavy = opts.heavy ?? true;
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[Math.floor(rand() * xs.length)];
    if (x === undefined) throw new Error("empty list");
    return x;
  };
  const texts = textFixtures();
  const bundles = REAL_BUNDLES.map((b) => ({ name: b, gz: readFileSync(path.join(FIXTURES, b)) }));
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push({ ...c, name: `${c.name}#${cases.length}` });
  const realText = () => pick(texts);
  const realBundle = () => pick(bundles);

  // 1. Truncated bundles: the gzip stream cut anywhere.
  for (let i = 0; i < per; i++) {
    const b = realBundle();
    const at = Math.floor(rand() * b.gz.length);
    add({
      name: `truncated-bundle/${b.name}@${at}`,
      category: "truncated bundle",
      body: b.gz.subarray(0, at),
      contentType: "application/gzip",
    });
  }
  // 2. Truncated bundles whose gzip is whole but whose tar is cut (a collector killed mid-write).
  for (let i = 0; i < per / 2; i++) {
    const b = realBundle();
    const raw = gunzipSync(b.gz);
    const at = Math.floor(rand() * raw.length);
    add({
      name: `truncated-tar/${b.name}@${at}`,
      category: "truncated bundle",
      body: gz(raw.subarray(0, at)),
      contentType: "application/gzip",
    });
  }
  // 3. Truncated tool outputs.
  for (let i = 0; i < per; i++) {
    const f = realText();
    const at = Math.floor(rand() * f.text.length);
    add({
      name: `truncated-text/${f.rel}@${at}`,
      category: "truncated output",
      body: f.text.subarray(0, at),
      contentType: "text/plain",
      query: "host=hostile",
    });
  }
  // 4. Binary noise, with and without a gzip magic in front.
  for (let i = 0; i < per; i++) {
    const n = 1 + Math.floor(rand() * 65536);
    const noise = Buffer.alloc(n);
    for (let k = 0; k < n; k++) noise[k] = Math.floor(rand() * 256);
    if (i % 3 === 0) {
      noise[0] = 0x1f;
      if (n > 1) noise[1] = 0x8b;
    }
    add({
      name: `noise/${i}-${n}B`,
      category: "binary noise",
      body: noise,
      contentType: i % 2 ? "application/octet-stream" : "text/plain",
      query: "host=hostile",
    });
  }
  // 5. The wrong tool forced with ?tool=.
  const tools = [
    "iostat",
    "mpstat",
    "pidstat",
    "sar",
    "sadf",
    "vmstat",
    "free",
    "top",
    "uptime",
    "dmesg",
    "journalctl",
    "ss",
    "ip",
    "meminfo",
    "procstat",
    "netdev",
    "snmp",
    "pressure",
    "cgroup",
    "df",
  ];
  for (let i = 0; i < per; i++) {
    const f = realText();
    const tool = pick(tools);
    add({
      name: `wrong-tool/${f.rel}?tool=${tool}`,
      category: "wrong tool",
      body: f.text,
      contentType: "text/plain",
      query: `host=hostile&tool=${tool}`,
    });
  }
  add({
    name: "wrong-tool/unknown",
    category: "wrong tool",
    body: realText().text,
    contentType: "text/plain",
    query: "host=h&tool=notatool",
  });
  add({
    name: "wrong-tool/traversal",
    category: "wrong tool",
    body: realText().text,
    contentType: "text/plain",
    query: "host=h&tool=..%2F..%2Fetc%2Fpasswd",
  });
  // 6. Invalid UTF-8 inside real outputs.
  const badUtf8 = [
    [0xc3, 0x28],
    [0xff],
    [0xfe, 0xff],
    [0xe2, 0x82],
    [0xf0, 0x28, 0x8c, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
  ];
  for (let i = 0; i < per; i++) {
    const f = realText();
    const at = Math.floor(rand() * f.text.length);
    const bad = Buffer.from(pick(badUtf8));
    add({
      name: `invalid-utf8/${f.rel}@${at}`,
      category: "invalid UTF-8",
      body: Buffer.concat([f.text.subarray(0, at), bad, f.text.subarray(at)]),
      contentType: "text/plain",
      query: "host=hostile",
    });
  }
  // Invalid UTF-8 inside a bundle's entry (bundles are decoded, not refused).
  for (let i = 0; i < per / 4; i++) {
    const b = realBundle();
    const entries = untar(b.gz);
    const victim = pick(
      entries.filter((e) => e.name.startsWith("cmd/") && (e.data?.length ?? 0) > 10),
    );
    victim.data = Buffer.concat([Buffer.from(victim.data ?? []), Buffer.from(pick(badUtf8))]);
    add({
      name: `invalid-utf8-bundle/${b.name}:${victim.name}`,
      category: "invalid UTF-8",
      body: gz(tar(entries)),
      contentType: "application/gzip",
    });
  }
  // 7. Numbers out of range.
  const numbers = [
    "1e400",
    "-1e400",
    "-0",
    "NaN",
    "nan",
    "Infinity",
    "9".repeat(40),
    "-9".repeat(20),
    "0x7fffffff",
    "1e-400",
    "12,34",
  ];
  for (let i = 0; i < per; i++) {
    const f = realText();
    const value = pick(numbers);
    add({
      name: `numbers/${f.rel}:${value}`,
      category: "numbers out of range",
      body: Buffer.from(mutateNumbers(f.text.toString("utf8"), value, 1 + Math.floor(rand() * 5))),
      contentType: "text/plain",
      query: "host=hostile",
    });
  }
  for (let i = 0; i < per / 2; i++) {
    const b = realBundle();
    const value = pick(numbers);
    const entries = untar(b.gz).map((e) =>
      e.name.startsWith("cmd/") && e.data
        ? { ...e, data: Buffer.from(mutateNumbers(Buffer.from(e.data).toString("utf8"), value, 3)) }
        : e,
    );
    add({
      name: `numbers-bundle/${b.name}:${value}`,
      category: "numbers out of range",
      body: gz(tar(entries)),
      contentType: "application/gzip",
    });
  }
  // 8. Path traversal, links and devices in bundles (next to real entries).
  const evil: [string, TarEntry][] = [
    ["dotdot", { name: "../../etc/passwd", data: Buffer.from("root:x:0:0\n") }],
    ["absolute", { name: "/etc/passwd", data: Buffer.from("root:x:0:0\n") }],
    ["inner-dotdot", { name: "cmd/../../../tmp/x.txt", data: Buffer.from("x\n") }],
    ["windows", { name: "C:\\windows\\win.ini", data: Buffer.from("x\n") }],
    ["backslash", { name: "cmd\\..\\..\\x", data: Buffer.from("x\n") }],
    ["symlink", { name: "cmd/passwd.txt", type: "2", linkname: "/etc/passwd" }],
    ["symlink-dotdot", { name: "cmd/up.txt", type: "2", linkname: "../../../../etc/shadow" }],
    ["hardlink", { name: "cmd/hard.txt", type: "1", linkname: "/etc/passwd" }],
    ["chardev", { name: "cmd/zero", type: "3" }],
    ["fifo", { name: "cmd/fifo", type: "6" }],
    ["nul-name", { name: "cmd/a\0b.txt", data: Buffer.from("x\n") }],
  ];
  for (const [label, entry] of evil) {
    for (const b of bundles.slice(0, 3)) {
      const entries = untar(b.gz);
      entries.splice(Math.floor(rand() * entries.length), 0, entry);
      add({
        name: `traversal/${label}/${b.name}`,
        category: "path traversal and links",
        body: gz(tar(entries)),
        contentType: "application/gzip",
      });
    }
  }
  // 9. Tar bombs: entry counts, declared sizes, compression ratio.
  add({
    name: "bomb/many-entries-5000",
    category: "tar bomb",
    body: gz(
      tar(
        Array.from({ length: 5000 }, (_, i) => ({
          name: `cmd/e${i}.txt`,
          data: Buffer.from("1\n"),
        })),
      ),
    ),
    contentType: "application/gzip",
  });
  add({
    name: "bomb/many-empty-dirs-3000",
    category: "tar bomb",
    body: gz(tar(Array.from({ length: 3000 }, (_, i) => ({ name: `d${i}/`, type: "5" })))),
    contentType: "application/gzip",
  });
  for (const declared of [300 * 2 ** 20, 2 ** 33, 2 ** 40, 2 ** 52]) {
    add({
      name: `bomb/declared-${declared}`,
      category: "tar bomb",
      body: gz(
        tar([{ name: "cmd/top.txt", data: Buffer.from("top - 1\n"), declaredSize: declared }], {
          end: false,
        }),
      ),
      contentType: "application/gzip",
    });
  }
  add({
    name: "bomb/negative-size",
    category: "tar bomb",
    body: gz(
      Buffer.concat([
        (() => {
          const h = tarHeader({ name: "cmd/x.txt", data: Buffer.alloc(0) });
          h.write("-0000001234\0", 124);
          return h;
        })(),
        Buffer.alloc(1024),
      ]),
    ),
    contentType: "application/gzip",
  });
  add({
    name: "bomb/zeros-64MiB",
    category: "tar bomb",
    body: zeroBomb([{ name: "cmd/vmstat.txt", bytes: 64 << 20 }]),
    contentType: "application/gzip",
  });
  add({
    name: "bomb/zeros-not-tar-32MiB",
    category: "tar bomb",
    body: Buffer.concat(gzipZeros(32 << 20)),
    contentType: "application/gzip",
  });
  add({
    name: "bomb/zeros-100x1MiB",
    category: "tar bomb",
    body: zeroBomb(
      Array.from({ length: 100 }, (_, i) => ({ name: `cmd/z${i}.txt`, bytes: 1 << 20 })),
    ),
    contentType: "application/gzip",
  });
  if (heavy) {
    add({
      name: "bomb/zeros-400MiB",
      category: "tar bomb",
      body: zeroBomb([{ name: "cmd/iostat.txt", bytes: 400 << 20 }]),
      contentType: "application/gzip",
    });
    add({
      name: "bomb/zeros-2x600MiB-over-total",
      category: "tar bomb",
      body: zeroBomb([
        { name: "cmd/a.txt", bytes: 600 << 20 },
        { name: "cmd/b.txt", bytes: 600 << 20 },
      ]),
      contentType: "application/gzip",
    });
    add({
      name: "bomb/zeros-300MiB-over-entry",
      category: "tar bomb",
      body: zeroBomb([{ name: "cmd/a.txt", bytes: 300 << 20 }]),
      contentType: "application/gzip",
    });
  }
  // Nested gzip: a gzip inside the gzip.
  add({
    name: "bomb/nested-gzip",
    category: "tar bomb",
    body: gz(gz(gunzipSync(realBundle().gz))),
    contentType: "application/gzip",
  });
  // 10. Huge lines and deep JSON.
  const line10 = Buffer.alloc(10 * 2 ** 20, "9 ");
  if (heavy) {
    add({
      name: "huge-line/10MiB-text",
      category: "huge line",
      body: line10,
      contentType: "text/plain",
      query: "host=hostile",
    });
    add({
      name: "huge-line/10MiB-no-newline-sar",
      category: "huge line",
      body: line10,
      contentType: "text/plain",
      query: "host=hostile&tool=sar",
    });
    add({
      name: "huge-line/10MiB-in-bundle",
      category: "huge line",
      body: gz(tar([...untar(realBundle().gz), { name: "cmd/iostat.txt", data: line10 }])),
      contentType: "application/gzip",
    });
  }
  add({
    name: "huge-line/1MiB-header-then-real",
    category: "huge line",
    body: Buffer.concat([Buffer.alloc(2 ** 20, "x"), Buffer.from("\n"), realText().text]),
    contentType: "text/plain",
    query: "host=hostile",
  });
  const sadf = texts.find((t) => t.rel === "sadf/j_core.txt")?.text ?? Buffer.from("{}");
  for (const depth of [1_000, 100_000]) {
    const deep = Buffer.from(`{"sysstat": {"hosts": [${"[".repeat(depth)}${"]".repeat(depth)}]}}`);
    add({
      name: `deep-json/${depth}`,
      category: "deep JSON",
      body: deep,
      contentType: "text/plain",
      query: "host=hostile",
    });
    add({
      name: `deep-json/${depth}-tool-sadf`,
      category: "deep JSON",
      body: deep,
      contentType: "application/json",
      query: "host=hostile&tool=sadf",
    });
    const nestedStats = Buffer.from(
      sadf
        .toString("utf8")
        .replace(
          '"statistics": [',
          `"statistics": [${'{"a":'.repeat(depth)}1${"}".repeat(depth)},`,
        ),
    );
    add({
      name: `deep-json/${depth}-inside-real-sadf`,
      category: "deep JSON",
      body: nestedStats,
      contentType: "text/plain",
      query: "host=hostile",
    });
    add({
      name: `deep-json/${depth}-manifest`,
      category: "deep JSON",
      body: gz(
        tar([
          {
            name: "manifest.json",
            data: Buffer.from(
              `{"format":"warroom-snapshot/1","x":${"[".repeat(depth)}${"]".repeat(depth)}}`,
            ),
          },
          ...untar(realBundle().gz).filter((e) => e.name !== "manifest.json"),
        ]),
      ),
      contentType: "application/gzip",
    });
  }
  // 11. Broken gzip.
  const good = realBundle().gz;
  const crc = Buffer.from(good);
  crc[crc.length - 6] = (crc[crc.length - 6] ?? 0) ^ 0xff;
  add({ name: "gzip/bad-crc", category: "wrong gzip", body: crc, contentType: "application/gzip" });
  const len = Buffer.from(good);
  len[len.length - 1] = (len[len.length - 1] ?? 0) ^ 0x01;
  add({
    name: "gzip/bad-length",
    category: "wrong gzip",
    body: len,
    contentType: "application/gzip",
  });
  add({
    name: "gzip/magic-only",
    category: "wrong gzip",
    body: Buffer.from([0x1f, 0x8b]),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/header-only",
    category: "wrong gzip",
    body: good.subarray(0, 10),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/bad-method",
    category: "wrong gzip",
    body: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x09]), good.subarray(3)]),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/zlib-not-gzip",
    category: "wrong gzip",
    body: deflateSync(gunzipSync(good)),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/two-members",
    category: "wrong gzip",
    body: Buffer.concat([good, good]),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/trailing-garbage",
    category: "wrong gzip",
    body: Buffer.concat([good, Buffer.from("garbage after the gzip stream")]),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/bzip2-magic",
    category: "wrong gzip",
    body: Buffer.concat([Buffer.from("BZh91AY&SY"), good.subarray(10)]),
    contentType: "application/x-bzip2",
  });
  add({
    name: "gzip/xz-magic",
    category: "wrong gzip",
    body: Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), good.subarray(6)]),
    contentType: "application/x-xz",
  });
  add({
    name: "gzip/of-text",
    category: "wrong gzip",
    body: gz(realText().text),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/of-nothing",
    category: "wrong gzip",
    body: gz(Buffer.alloc(0)),
    contentType: "application/gzip",
  });
  add({
    name: "gzip/empty-tar",
    category: "wrong gzip",
    body: gz(Buffer.alloc(1024)),
    contentType: "application/gzip",
  });
  for (let i = 0; i < per / 4; i++) {
    const b = Buffer.from(realBundle().gz);
    for (let k = 0; k < 5; k++) {
      const at = 10 + Math.floor(rand() * (b.length - 20));
      b[at] = (b[at] ?? 0) ^ (1 + Math.floor(rand() * 255));
    }
    add({
      name: `gzip/flipped-bytes-${i}`,
      category: "wrong gzip",
      body: b,
      contentType: "application/gzip",
    });
  }
  // 12. Empty bodies.
  for (const type of ["application/gzip", "text/plain", null]) {
    add({
      name: `empty/${type ?? "no-type"}`,
      category: "0 bytes",
      body: new Uint8Array(0),
      contentType: type,
    });
  }
  add({
    name: "empty/whitespace",
    category: "0 bytes",
    body: Buffer.from("  \n\n\t\n"),
    contentType: "text/plain",
    query: "host=h",
  });
  // 13. Wrong content types for real bodies.
  const types = [
    "text/plain",
    "application/json",
    "multipart/form-data; boundary=x",
    "image/png",
    "text/html; charset=utf-16",
    "application/x-www-form-urlencoded",
    null,
  ];
  for (const t of types) {
    add({
      name: `content-type/bundle-as-${t ?? "none"}`,
      category: "wrong content type",
      body: realBundle().gz,
      contentType: t,
    });
    add({
      name: `content-type/text-as-${t ?? "none"}`,
      category: "wrong content type",
      body: realText().text,
      contentType: t,
      query: "host=hostile",
    });
  }
  const boundary = "----warroom";
  add({
    name: "content-type/multipart-wrapped-bundle",
    category: "wrong content type",
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`,
      ),
      realBundle().gz,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
  add({
    name: "content-type/utf16-text",
    category: "wrong content type",
    body: Buffer.from(`\ufeff${realText().text.toString("utf8")}`, "utf16le"),
    contentType: "text/plain; charset=utf-16",
    query: "host=hostile",
  });
  // 14. Broken manifests.
  const manifests: [string, string][] = [
    ["not-json", "{format: warroom"],
    [
      "wrong-format",
      JSON.stringify({
        format: "other/9",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: [],
        host: {},
      }),
    ],
    ["no-capture", JSON.stringify({ format: "warroom-snapshot/1", commands: [], host: {} })],
    [
      "bad-start",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "yesterday" },
        commands: [],
        host: {},
      }),
    ],
    [
      "argv-not-strings",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: [{ name: "x", argv: [1, 2], exitCode: 0 }],
        host: {},
      }),
    ],
    [
      "proto-pollution",
      `{"format":"warroom-snapshot/1","capture":{"start":"2026-12-04T00:00:00Z","__proto__":{"polluted":1}},"commands":[],"host":{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}}`,
    ],
    [
      "huge-hostname",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: [],
        host: { hostname: "h".repeat(100_000) },
      }),
    ],
    [
      "hostname-nul",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: [],
        host: { hostname: "a\u0000b" },
      }),
    ],
    [
      "ncpu-huge",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z", timezone: "Mars/Olympus" },
        commands: [],
        host: { hostname: "h", nCpu: 1e308, memoryBytes: -1 },
      }),
    ],
    [
      "start-year-9999",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "9999-12-31T23:59:59Z", end: "0001-01-01T00:00:00Z", interval: -5 },
        commands: [],
        host: { hostname: "h" },
      }),
    ],
    [
      "environment-bogus",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: [],
        host: { hostname: "h", environment: 'mainframe\'; DROP TABLE "Snapshot";--' },
      }),
    ],
    [
      "10k-commands",
      JSON.stringify({
        format: "warroom-snapshot/1",
        capture: { start: "2026-12-04T00:00:00Z" },
        commands: Array.from({ length: 10_000 }, (_, i) => ({
          name: `c${i}`,
          argv: ["x"],
          exitCode: 127,
          file: `cmd/c${i}.txt`,
        })),
        host: { hostname: "h" },
      }),
    ],
  ];
  for (const [label, m] of manifests) {
    const entries = untar(realBundle().gz).filter((e) => e.name !== "manifest.json");
    add({
      name: `manifest/${label}`,
      category: "broken manifest",
      body: gz(tar([{ name: "manifest.json", data: Buffer.from(m) }, ...entries])),
      contentType: "application/gzip",
    });
  }
  // Host facts and texts that PostgreSQL columns cannot hold, inside otherwise real bundles.
  const patched: [string, (name: string, text: string) => string | null][] = [
    [
      "cpu-count-past-int4",
      (n, t) =>
        /sar|iostat|mpstat|pidstat/.test(n) ? t.replace(/\(\d+ CPU\)/, "(99999999999 CPU)") : null,
    ],
    [
      "nul-in-dmesg",
      (n, t) => (n.includes("dmesg") ? t.replace(/Killed process/, "Killed\u0000process") : null),
    ],
    [
      "nul-in-command-names",
      (n, t) =>
        n.includes("pidstat") || n.includes("top")
          ? t.replace(/stress-ng/g, "stress\u0000ng")
          : null,
    ],
    [
      "nul-in-device-names",
      (n, t) =>
        n.includes("iostat") || n.includes("net_dev")
          ? t.replace(/vda|eth0|lo:/g, (x) => `${x}\u0000`)
          : null,
    ],
    [
      "sysstat-hostname-500",
      (n, t) => (n.includes("sar") ? t.replace(/\(vm\)/, `(${"h".repeat(500)})`) : null),
    ],
  ];
  for (const [label, patch] of patched) {
    for (const b of bundles.slice(0, 3)) {
      const entries = untar(b.gz).map((e) => {
        const t = e.data ? patch(e.name, Buffer.from(e.data).toString("utf8")) : null;
        return t === null ? e : { ...e, data: Buffer.from(t) };
      });
      add({
        name: `unstorable/${label}/${b.name}`,
        category: "unstorable values",
        body: gz(tar(entries)),
        contentType: "application/gzip",
      });
    }
  }
  // 15. Hostile query strings.
  const queries = [
    "host=" + "h".repeat(300),
    "host=%00",
    "host=a%00b",
    "host=%E2%80%AE",
    "host=" + encodeURIComponent('x\'; DROP TABLE "Snapshot";--'),
    "host=h&tz=Mars%2FOlympus",
    "host=h&tz=" + "A".repeat(70),
    "host=h&date=2026-13-45",
    "host=h&date=99999-01-01",
    "host=h&role=boss",
    "host=h&role=baseline",
    "host=h&incident=" + "i".repeat(65),
    "host=h&incident=cnotarealincident00000000",
    "host=h&name=" + "n".repeat(300),
    "host=h&name=..%2F..%2Fetc%2Fpasswd",
    "host=h&host=second",
    "host=h&tool=sar&tool=iostat",
  ];
  for (const q of queries)
    add({
      name: `query/${q.slice(0, 60)}`,
      category: "hostile query",
      body: realText().text,
      contentType: "text/plain",
      query: q,
    });
  // 16. Real bundles, lightly broken inside: expected to be taken, with warnings.
  for (let i = 0; i < per; i++) {
    const b = realBundle();
    const entries = untar(b.gz);
    const cmds = entries.filter((e) => e.name.startsWith("cmd/") && (e.data?.length ?? 0) > 0);
    const victim = pick(cmds);
    const data = Buffer.from(victim.data ?? []);
    const how = i % 4;
    victim.data =
      how === 0
        ? data.subarray(0, Math.floor(rand() * data.length))
        : how === 1
          ? Buffer.concat([data, Buffer.from("\n\u0000\u0001garbage\n")])
          : how === 2
            ? Buffer.from(data.toString("latin1").split("\n").reverse().join("\n"))
            : Buffer.alloc(0);
    // Unique trailing file: the same broken bundle twice would be a duplicate (200), not a new case.
    entries.push({ name: `extra/hostile-${i}.txt`, data: Buffer.from(`case ${i} ${rand()}\n`) });
    add({
      name: `broken-entry/${b.name}:${victim.name}:${how}`,
      category: "broken entry in a real bundle",
      body: gz(tar(entries)),
      contentType: "application/gzip",
    });
  }
  return cases;
}
