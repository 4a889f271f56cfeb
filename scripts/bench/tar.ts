/**
 * ustar archives written by hand for the benches: hostile headers (lying sizes, odd types,
 * traversal names) need raw control, and the crash and load benches prepend one small gzip member
 * to a real bundle to make new bytes with the same data.
 */

export interface TarEntry {
  name: string;
  data?: Uint8Array;
  /** Size written in the header; defaults to the data's length. */
  declaredSize?: number;
  /** ustar type flag: '0' file, '1' hard link, '2' symlink, '3' char device, '5' dir, '6' fifo. */
  type?: string;
  linkname?: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, "0")}\0`;
}

export function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name.slice(0, 100), 0, "utf8");
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  const size = e.declaredSize ?? e.data?.length ?? 0;
  if (size < 8 ** 11) h.write(octal(size, 12), 124);
  else {
    // GNU base-256 for sizes of 8 GiB and more.
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write(octal(1_796_000_000, 12), 136);
  h.write("        ", 148);
  h.write(e.type ?? "0", 156);
  if (e.linkname) h.write(e.linkname.slice(0, 100), 157);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

/** The entries as a tar stream; `end: false` leaves out the two zero blocks that close it. */
export function tar(entries: TarEntry[], opts: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e));
    if (e.data && e.data.length > 0) {
      parts.push(Buffer.from(e.data));
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  if (opts.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** One regular file entry (header, data, padding), to splice into or in front of an archive. */
export function tarEntry(name: string, data: Uint8Array): Buffer {
  return tar([{ name, data }], { end: false });
}
