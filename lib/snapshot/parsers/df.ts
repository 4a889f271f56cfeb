/**
 * df (GNU coreutils): plain, `-k`, `-m`, `-h`, `-H`/`--si`, `-P`, `-T`, `-i`, any locale.
 *
 * ```
 * Filesystem     Type  1K-blocks     Used Available Use% Mounted on
 * /dev/vda       ext4  264212084 25155680  81235232  24% /
 * Dateisystem    Größe Benutzt Verf. Verw% Eingehängt auf          (de_DE, -h)
 * /dev/vda        252G     25G   78G   24% /
 * ```
 *
 * fs.used_pct{mount} (as printed: df rounds up), fs.avail_bytes, fs.size_bytes, fs.used_bytes at
 * the capture's instant; `-i` gives fs.inodes_used_pct and fs.inodes_free. Rows are read from the
 * percent column: the mount point is everything after it (mount points may contain blanks), and a
 * long device name that df wrapped onto its own line is joined with the next. Block size from the
 * header (`1K-blocks`, `1024-blocks`, `1M-blocks`, `512-blocks`); `-h` sizes are powers of 1024,
 * powers of 1000 when argv has `-H`/`--si`.
 */
import { ParseError, type ParseResult } from "../types";
import { parseHumanSize } from "../util/numbers";
import { forEachLine, head, num, tokens } from "../util/scan";
import { emptyResult, hasFlag, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

function isHeader(line: string): boolean {
  return (
    /^(Filesystem|Dateisystem|Sys\. de fichiers|Sist\. fich\.|File system)\s/.test(line) ||
    /(Mounted on|Eingehängt auf)\s*$/.test(line)
  );
}

export const dfParser: ToolParser = {
  tool: "df",
  detect(text, fileName) {
    const first = head(text, 1)[0] ?? "";
    if (!isHeader(first)) return 0;
    return fileName !== undefined && /\bdf/i.test(fileName) ? 0.98 : 0.95;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("df");
    if (text.trim() === "") return result;
    const warnings = new Warnings("df");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    const si = hasFlag(ctx.argv, "H", "--si");
    let block = 1024;
    let inodes = false;
    let header = false;
    let carry = "";
    let lineNo = 0;
    const size = (tok: string | undefined): number => {
      if (tok === undefined || tok === "-") return NaN;
      const n = num(tok);
      if (!Number.isNaN(n)) return n * block;
      const b = parseHumanSize(tok);
      if (b === undefined) return NaN;
      if (!si) return b;
      const p = "KMGTPE".indexOf(tok.slice(-1).toUpperCase()) + 1;
      return p > 0 ? (b / 1024 ** p) * 1000 ** p : b;
    };
    forEachLine(text, (line) => {
      lineNo++;
      if (line.trim() === "") return;
      if (!header) {
        if (!isHeader(line)) throw new ParseError("df", "no df header", lineNo);
        header = true;
        const h = tokens(line);
        inodes = h.some((x) => /^IUse%$|^IUsed$|^Inodes$/i.test(x));
        const bs = h.find((x) => /^\d+[KMGT]?-blocks$/i.test(x) || /^\d+[KMGT]?-Blöcke$/i.test(x));
        if (bs !== undefined) {
          const m = /^(\d+)([KMGT]?)/i.exec(bs);
          const mult =
            { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[
              (m?.[2] ?? "").toUpperCase()
            ] ?? 1;
          block = Number(m?.[1] ?? 1) * mult;
        }
        return;
      }
      const f = tokens(carry === "" ? line : `${carry} ${line}`);
      const pctAt = f.findIndex((x, i) => i >= 3 && /^(\d+%|-)$/.test(x));
      if (pctAt < 0) {
        if (f.length === 1) {
          carry = f[0] ?? ""; // df wrapped a long device name
          return;
        }
        warnings.add("row without a use% column", lineNo);
        carry = "";
        return;
      }
      carry = "";
      const mount = f.slice(pctAt + 1).join(" ");
      if (mount === "") {
        warnings.add("row without a mount point", lineNo);
        return;
      }
      const labels = { mount };
      const pct = num((f[pctAt] ?? "").replace("%", ""));
      if (inodes) {
        out.push("fs.inodes_used_pct", labels, "%", t, pct);
        out.push("fs.inodes_free", labels, "count", t, num(f[pctAt - 1]));
        return;
      }
      out.push("fs.used_pct", labels, "%", t, pct);
      out.push("fs.avail_bytes", labels, "B", t, size(f[pctAt - 1]));
      out.push("fs.used_bytes", labels, "B", t, size(f[pctAt - 2]));
      out.push("fs.size_bytes", labels, "B", t, size(f[pctAt - 3]));
    });
    if (!header) throw new ParseError("df", "no df header");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
