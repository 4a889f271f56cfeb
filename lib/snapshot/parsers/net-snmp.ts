/**
 * `/proc/net/snmp` (pairs of header and value lines per protocol).
 *
 * ```
 * Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
 * Tcp: 1 200 120000 -1 47 2 1 0 0 18902 11306 0 0 69 0
 * ```
 *
 * Counters at the capture's instant (combine makes *_per_s from a start/end pair):
 * tcp.{active_opens,passive_opens,attempt_fails,estab_resets,in_segs,out_segs,retrans_segs,in_errs,out_rsts}_total,
 * udp.{in_datagrams,out_datagrams,no_ports,in_errors,rcvbuf_errors,sndbuf_errors}_total; and the
 * gauge tcp.established (CurrEstab).
 */
import { ParseError, type ParseResult } from "../types";
import { forEachLine, head, num, tokens } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

const TCP: Record<string, string> = {
  ActiveOpens: "tcp.active_opens_total",
  PassiveOpens: "tcp.passive_opens_total",
  AttemptFails: "tcp.attempt_fails_total",
  EstabResets: "tcp.estab_resets_total",
  InSegs: "tcp.in_segs_total",
  OutSegs: "tcp.out_segs_total",
  RetransSegs: "tcp.retrans_segs_total",
  InErrs: "tcp.in_errs_total",
  OutRsts: "tcp.out_rsts_total",
};
const UDP: Record<string, string> = {
  InDatagrams: "udp.in_datagrams_total",
  OutDatagrams: "udp.out_datagrams_total",
  NoPorts: "udp.no_ports_total",
  InErrors: "udp.in_errors_total",
  RcvbufErrors: "udp.rcvbuf_errors_total",
  SndbufErrors: "udp.sndbuf_errors_total",
};

export const netSnmpParser: ToolParser = {
  tool: "snmp",
  detect(text) {
    const first = head(text, 1)[0] ?? "";
    return /^Ip: Forwarding DefaultTTL/.test(first) ? 0.99 : 0;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("snmp");
    if (text.trim() === "") return result;
    const warnings = new Warnings("snmp");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    const pending = new Map<string, string[]>();
    let protocols = 0;
    let lineNo = 0;
    forEachLine(text, (line) => {
      lineNo++;
      if (line.trim() === "") return;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new ParseError("snmp", "line without `Proto:`", lineNo);
      const proto = line.slice(0, colon);
      const fields = tokens(line.slice(colon + 1));
      const names = pending.get(proto);
      if (names === undefined) {
        pending.set(proto, fields);
        return;
      }
      pending.delete(proto);
      protocols++;
      const map = proto === "Tcp" ? TCP : proto === "Udp" ? UDP : undefined;
      for (let i = 0; i < names.length; i++) {
        const name = names[i] ?? "";
        const v = num(fields[i]);
        if (proto === "Tcp" && name === "CurrEstab") out.push("tcp.established", {}, "count", t, v);
        const metric = map?.[name];
        if (metric !== undefined) out.push(metric, {}, "count", t, v);
      }
    });
    if (protocols === 0) throw new ParseError("snmp", "no protocol header/value pairs");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
