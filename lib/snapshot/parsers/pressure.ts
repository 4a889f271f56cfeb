/**
 * Pressure stall information: `/proc/pressure/{cpu,io,memory}` (and a cgroup's `*.pressure`),
 * raw or as `grep -H . /proc/pressure/*`.
 *
 * ```
 * /proc/pressure/cpu:some avg10=0.10 avg60=0.14 avg300=2.69 total=363713094
 * /proc/pressure/io:full avg10=0.00 avg60=0.00 avg300=1.58 total=63934163
 * some avg10=1.24 avg60=0.99 avg300=1.92 total=18070267          (cat /proc/pressure/cpu)
 * ```
 *
 * psi.<resource>_<some|full>_avg10/avg60/avg300 (%) and psi.<resource>_<some|full>_stall_seconds_total
 * (the `total=` µs counter) at the capture's instant. A raw file names its resource only through
 * its path (ctx.sourcePath or file name); without one the parse fails. Cgroup pressure files get a
 * `cgroup` label. `cpu full` is all zeros on the host level (the kernel reports it only for cgroups).
 */
import { ParseError, type Labels, type ParseContext, type ParseResult } from "../types";
import { forEachLine, head, num } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";
import { cgroupFromPath } from "./cgroup";

const LINE = /^(some|full) avg10=/;

function resourceOf(path: string | undefined): { resource: string; labels: Labels } | undefined {
  if (path === undefined) return undefined;
  const m =
    /(?:^|[/_.-])(cpu|io|memory|irq)(?:\.pressure)?(?:\.txt)?$/.exec(path) ??
    /pressure[_/.-](cpu|io|memory|irq)/.exec(path);
  if (!m) return undefined;
  const labels: Labels = {};
  if (path.includes("/sys/fs/cgroup")) labels.cgroup = cgroupFromPath(path);
  return { resource: m[1] ?? "", labels };
}

export const pressureParser: ToolParser = {
  tool: "pressure",
  detect(text, fileName) {
    const h = head(text, 2);
    const first = h[0] ?? "";
    if (LINE.test(first))
      return fileName !== undefined && /pressure|cpu|io|memory/i.test(fileName) ? 0.97 : 0.9;
    if (/^\S*pressure\S*:(some|full) avg10=/.test(first)) return 0.98;
    return 0;
  },
  parse(text, ctx: ParseContext): ParseResult {
    const result = emptyResult("pressure");
    if (text.trim() === "") return result;
    const warnings = new Warnings("pressure");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    const fallback = resourceOf(ctx.sourcePath) ?? resourceOf(ctx.fileName);
    let lineNo = 0;
    let rows = 0;
    forEachLine(text, (line) => {
      lineNo++;
      if (line.trim() === "") return;
      let body = line;
      let res = fallback;
      const kindAt = line.search(/(^|:)(some|full) avg10=/);
      if (kindAt > 0) {
        res = resourceOf(line.slice(0, kindAt));
        body = line.slice(kindAt + 1);
      }
      if (!LINE.test(body))
        throw new ParseError("pressure", "not a `some|full avg10=` line", lineNo);
      if (res === undefined)
        throw new ParseError(
          "pressure",
          "cannot tell the resource (cpu/io/memory): name the file after it",
          lineNo,
        );
      const kind = body.slice(0, 4);
      rows++;
      for (const part of body.slice(5).split(" ")) {
        const eq = part.indexOf("=");
        if (eq < 0) continue;
        const key = part.slice(0, eq);
        const v = num(part.slice(eq + 1));
        const base = `psi.${res.resource}_${kind}`;
        if (key === "total") out.push(`${base}_stall_seconds_total`, res.labels, "s", t, v / 1e6);
        else if (key.startsWith("avg")) out.push(`${base}_${key}`, res.labels, "%", t, v);
      }
    });
    if (rows === 0) throw new ParseError("pressure", "no pressure lines");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
