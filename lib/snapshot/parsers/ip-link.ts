/**
 * `ip -s link` / `ip -s -s link` (iproute2, old and new column layouts) → per-interface counters.
 *
 * ```
 * 4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000
 *     link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff
 *     RX:  bytes packets errors dropped  missed   mcast
 *     3835003467   93703      0       0       0       0
 *     TX:  bytes packets errors dropped carrier collsns
 *        6457908   54517      0       0       0       0
 * ```
 *
 * net.{rx,tx}_{bytes,packets,errors,drops}_total{iface} at the capture's instant (deltas between
 * the start and end files of a bundle become per-second rates in combine), plus net.link_up{iface}
 * (1 when the state is UP or the flags say LOWER_UP) and net.mtu_bytes{iface}. `veth0@if5` is
 * `veth0`. The `-s -s` error breakdown lines are skipped.
 */
import { ParseError, type ParseResult } from "../types";
import { parseHumanSize } from "../util/numbers";
import { forEachLine, head, num, tokens } from "../util/scan";
import { emptyResult, SeriesSet, TimeBase, Warnings } from "./common";
import type { ToolParser } from "./parser";

const HEAD = /^\d+:\s+([^:\s]+):\s+<([^>]*)>(.*)$/;
const COLUMN: Record<string, string> = {
  bytes: "bytes",
  packets: "packets",
  errors: "errors",
  dropped: "drops",
};

export const ipLinkParser: ToolParser = {
  tool: "ip",
  detect(text, fileName) {
    const h = head(text, 6);
    if (!HEAD.test(h[0] ?? "")) return 0;
    let score = h.some((l) => /^\s+RX:/.test(l)) ? 0.97 : 0.5;
    if (fileName !== undefined && /ip|link/i.test(fileName)) score += 0.02;
    return score;
  },
  parse(text, ctx): ParseResult {
    const result = emptyResult("ip");
    if (text.trim() === "") return result;
    const warnings = new Warnings("ip");
    const time = new TimeBase(ctx, warnings);
    const out = new SeriesSet();
    const t = time.instant();
    let iface: string | undefined;
    let pending: { dir: "rx" | "tx"; cols: string[] } | undefined;
    let links = 0;
    let lineNo = 0;
    forEachLine(text, (line) => {
      lineNo++;
      const m = HEAD.exec(line);
      if (m) {
        const name = (m[1] ?? "").split("@")[0] ?? "";
        iface = name;
        links++;
        pending = undefined;
        const flags = (m[2] ?? "").split(",");
        const rest = m[3] ?? "";
        const state = /\bstate (\S+)/.exec(rest)?.[1];
        const up = state === "UP" || (state !== "DOWN" && flags.includes("LOWER_UP")) ? 1 : 0;
        out.push("net.link_up", { iface: name }, "bool", t, up);
        const mtu = /\bmtu (\d+)/.exec(rest)?.[1];
        if (mtu !== undefined) out.push("net.mtu_bytes", { iface: name }, "B", t, num(mtu));
        return;
      }
      if (iface === undefined) {
        if (line.trim() !== "")
          throw new ParseError("ip", "does not start with an interface line", lineNo);
        return;
      }
      const trimmed = line.trim();
      const dirHead = /^(RX|TX):\s+(.*)$/.exec(trimmed);
      if (dirHead) {
        pending = { dir: dirHead[1] === "RX" ? "rx" : "tx", cols: tokens(dirHead[2] ?? "") };
        return;
      }
      if (/^(RX|TX) errors:/.test(trimmed)) {
        pending = undefined; // -s -s breakdown: its values line follows and is skipped
        return;
      }
      if (pending !== undefined) {
        const vals = tokens(trimmed);
        for (let i = 0; i < pending.cols.length; i++) {
          const kind = COLUMN[pending.cols[i] ?? ""];
          const raw = vals[i];
          if (kind === undefined || raw === undefined) continue;
          const v = /[a-zA-Z]$/.test(raw) ? (parseHumanSize(raw) ?? NaN) : num(raw);
          out.push(
            `net.${pending.dir}_${kind}_total`,
            { iface },
            kind === "bytes" ? "B" : "count",
            t,
            v,
          );
        }
        pending = undefined;
      }
    });
    if (links === 0) throw new ParseError("ip", "no interface lines");
    result.series = out.list(warnings);
    result.warnings = warnings.done();
    return result;
  },
};
