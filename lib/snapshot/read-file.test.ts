import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BundleError, parseJob, planSnapshot, type InputFile } from "./bundle";
import { CHUNK_BYTES, decodeText, diskFile } from "./read-file";
import { fixture } from "./testing/fixtures";
import { ByteLines, BytePattern, decodeBytes, lineText } from "./util/bytes";

const dir = mkdtempSync(path.join(tmpdir(), "wr-readfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real output's header once and its body `copies` times: a file bigger than one chunk. */
function bigFile(name: string, text: string, copies: number): string {
  const lines = text.split("\n");
  const head = `${lines.slice(0, 2).join("\n")}\n`;
  const body = `${lines.slice(2).join("\n")}\n`;
  const file = path.join(dir, name);
  writeFileSync(file, head + body.repeat(copies));
  return file;
}

function chunksOf(file: InputFile): Uint8Array[] {
  const b = file.bytes;
  if (b === undefined || b instanceof Uint8Array) throw new Error("not read a chunk at a time");
  // Copies, each taken before the next chunk is asked for: a chunk's memory is reused.
  const out: Uint8Array[] = [];
  for (const c of b.chunks()) out.push(new Uint8Array(c));
  return out;
}

describe("diskFile: a big file read a chunk at a time", () => {
  it("chunks end after a line, join to the file, and a line longer than a chunk stays whole", () => {
    const long = "x".repeat(CHUNK_BYTES * 2 + 17);
    const file = path.join(dir, "long-lines.txt");
    const text = `first\n${long}\n${"short line\n".repeat(200_000)}last line without newline`;
    writeFileSync(file, text);
    const f = diskFile("long-lines.txt", file, Infinity);
    const chunks = chunksOf(f);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c[c.length - 1]).toBe(10);
    expect(chunks.some((c) => c.length > long.length)).toBe(true);
    expect(Buffer.concat(chunks).toString("latin1")).toBe(text);
    expect(f.text).toBe(text);
  });

  it("parses as the same file read whole: pidstat and sar from its bytes, iostat from its text", () => {
    for (const [tool, name] of [
      ["pidstat", "udrw_h.txt"],
      ["sar", "A.txt"],
      ["iostat", "xz_t_en_us.txt"],
    ] as const) {
      const text = fixture(`${tool}/${name}`);
      const file = bigFile(`${tool}.txt`, text, Math.ceil((3 * CHUNK_BYTES) / text.length));
      const big = diskFile(`${tool}.txt`, file, Infinity);
      expect(big.bytes instanceof Uint8Array).toBe(false);
      const [job] = planSnapshot([`${tool}.txt`], undefined).jobs;
      if (job === undefined) throw new Error("no job");
      const fromDisk = parseJob(job, big);
      const fromText = parseJob(job, decodeText(readFileSync(file)));
      expect(fromDisk.report.tool).toBe(tool);
      expect(fromDisk).toEqual(fromText);
    }
  });

  it("a small file is read whole; past the limit it is refused before parsing", () => {
    const small = path.join(dir, "small.txt");
    writeFileSync(small, fixture("pidstat/udrw_h.txt"));
    expect(diskFile("small.txt", small, Infinity).bytes).toBeInstanceOf(Uint8Array);
    const file = bigFile("limit.txt", fixture("pidstat/udrw_h.txt"), 400);
    expect(() => diskFile("limit.txt", file, CHUNK_BYTES * 2)).toThrow(BundleError);
  });

  it("a file that grows past the limit while it is read is refused, not half parsed", () => {
    const file = bigFile("growing.txt", fixture("pidstat/udrw_h.txt"), 400);
    const size = readFileSync(file).length;
    const f = diskFile("growing.txt", file, size + 10);
    writeFileSync(file, `${readFileSync(file, "latin1")}${"0".repeat(100)}\n`);
    const [job] = planSnapshot(["growing.txt"], undefined).jobs;
    if (job === undefined) throw new Error("no job");
    expect(() => parseJob(job, f)).toThrow(/larger than/);
  });
});

describe("bytes as decodeText decodes them", () => {
  it("a line alone decodes as within its file: NUL as SUB, bad UTF-8 as U+FFFD, an inner BOM kept", () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode("a\u0000b é\n"),
      0xef,
      0xbb,
      0xbf,
      0x41,
      0xc3,
      0x0a,
      0xff,
      0x42,
    ]);
    const whole = decodeText(Buffer.from(bytes)).split("\n");
    expect(lineText(bytes, 0, 6)).toBe(whole[0]);
    expect(lineText(bytes, 7, 12)).toBe(whole[1]);
    expect(lineText(bytes, 13, 15)).toBe(whole[2]);
    expect(whole[0]).toBe("a\u001ab é");
    // The file's bytes are left as they are (a Buffer's slice would have been a view).
    const file = Buffer.from(bytes);
    lineText(file, 0, 6);
    expect(file[1]).toBe(0);
    expect(whole[1]).toBe("\ufeffA\ufffd");
  });

  it("lines of chunks split as the decoded text's: CR dropped, a BOM only at the file's start", () => {
    const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
    const read = (chunks: Uint8Array[], file: boolean): string[] => {
      const lines = new ByteLines(chunks, file);
      const out: string[] = [];
      while (lines.next()) out.push(`${lines.lineNo}:${lineText(lines.src, lines.a, lines.b)}`);
      return out;
    };
    const chunks = [new Uint8Array(0), enc("\ufeffa\r\n\n"), enc("\ufeffb\nc")];
    expect(read(chunks, true)).toEqual(["1:a", "2:", "3:\ufeffb", "4:c"]);
    expect(read(chunks, false)).toEqual(["1:\ufeffa", "2:", "3:\ufeffb", "4:c"]);
    const text = "\ufeffa\r\n\n\ufeffb\nc";
    expect(
      decodeText(Buffer.from(text, "utf8"))
        .split("\n")
        .map((l) => l.replace(/\r$/, "")),
    ).toEqual(["a", "", "\ufeffb", "c"]);
  });

  it("a pattern matches its ASCII bytes only: in bounds, never a text outside ASCII", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("12 fio x"), 0xe9, 0x0a]);
    expect(new BytePattern("fio").at(bytes, 3)).toBe(true);
    expect(new BytePattern("fio").at(bytes, 4)).toBe(false);
    expect(new BytePattern("x\u00e9").at(bytes, 7)).toBe(false); // é is 0xe9 in Latin-1, not in UTF-8
    expect(new BytePattern("x\n").at(bytes, 9)).toBe(false);
    expect(new BytePattern("").at(bytes, 10)).toBe(true);
  });

  it("a head decodes as the file does (a leading BOM dropped)", () => {
    const text = fixture("pidstat/udrw_h.txt");
    const bytes = Buffer.from(`\ufeff${text}\u0000`, "utf8");
    expect(decodeBytes(bytes)).toBe(decodeText(bytes));
    expect(decodeBytes(bytes).startsWith("Linux")).toBe(true);
  });
});
