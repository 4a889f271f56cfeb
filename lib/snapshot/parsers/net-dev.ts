/**
 * `/proc/net/dev`.
 *
 * ```
 * Inter-|   Receive                                                |  Transmit
 *  face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
 *     lo:    3293      31    0    0    0     0          0         0     3293      31    0    0    0     0       0          0
 * ```
 *
 * net.{rx,tx}_{bytes,packets,errors,drops}_total{iface} at the capture's instant; combine turns a
 * start/end pair into net.*_per_s.
 */
import { ParseError, type ParseResult } from "../types";
import { forEachLine, head, num, tokens } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

const FIELDS: [number, string, string][] = [
  [0, "net.rx_bytes_total", "B"],
  [1, "net.rx_packets_total", "count"],
  [2, "net.rx_errors_total", "count"],
  [3, "net.rx_drops_total", "count"],
  [8, "net.tx_bytes_total", "B"],
  [9, "net.tx_packets_total", "count"],
  [10, "net.tx_errors_total", "count"],
  [11, "net.tx_drops_total", "count"],
];

export const netDevParser: ToolParser = {
  tool: "netdev",
  detect(text) {
    const first = head(text, 1)[0] ?? "";
    return first.startsWith("Inter-|") ? 0.99 : 0;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("netdev");
    if (text.trim() === "") return result;
    const warnings = new Warnings("netdev");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    let header = false;
    let rows = 0;
    let lineNo = 0;
    forEachLine(text, (line) => {
      lineNo++;
      if (line.startsWith("Inter-|") || line.includes("|bytes")) {
        header = true;
        return;
      }
      if (line.trim() === "") return;
      if (!header) throw new ParseError("netdev", "no /proc/net/dev header", lineNo);
      const colon = line.indexOf(":");
      if (colon < 0) {
        warnings.add("row without `iface:`", lineNo);
        return;
      }
      const iface = line.slice(0, colon).trim();
      const vals = tokens(line.slice(colon + 1)).map(num);
      if (vals.length < 16) {
        warnings.add(`${iface}: expected 16 counters, got ${vals.length}`, lineNo);
        return;
      }
      rows++;
      for (const [i, metric, unit] of FIELDS) out.push(metric, { iface }, unit, t, vals[i] ?? NaN);
    });
    if (!header) throw new ParseError("netdev", "no /proc/net/dev header");
    if (rows === 0) warnings.add("no interfaces");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
