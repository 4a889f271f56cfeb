/**
 * Network rules (USE per interface: utilization = throughput against link speed, errors = drops,
 * interface errors, TCP retransmits, link flaps).
 *
 * Yardsticks:
 * - Netdata health.d/net.conf: `inbound_packets_dropped_ratio` / `outbound_...` warn at >= 2% of
 *   packets over 10 min; `1m_received_traffic_overflow` warn > 90% of the link speed (clears at
 *   85); `10min_fifo_errors` warn on any.
 * - node-mixin `NodeNetworkReceiveErrs` / `TransmitErrs`: errors > 1% of packets for 1 h.
 * - PCP pmieconf pernetif/util: > 85% of the interface's bandwidth.
 * - TCP retransmits: retransmitted / sent segments (RetransSegs / OutSegs, as `sar -n ETCP` and
 *   /proc/net/snmp count them). A loss rate of 1% already costs TCP a large part of its
 *   throughput (throughput falls with 1/sqrt(loss)): warning from 1%, critical from 3%.
 * Drop, error and retransmit counts come in bursts, so they are judged as 5-sample rates.
 */
import { fmtNum, fmtPct, fmtSpan, plural } from "../format";
import { meanOf } from "../stats";
import {
  alignedValues,
  computedEvidence,
  derive,
  draft,
  evidence,
  present,
  sustainedWhere,
  view,
  viewOf,
  type Draft,
  type Rule,
  type RuleContext,
  type View,
} from "./context";
import { deltaOf } from "./counters";
import { eventEvidence } from "./memory";

const W = 5;

/** Trailing sums over W samples of two columns and their ratio a / (b + a·withA) in %. */
function rollingRatio(
  base: View,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  addAToDenominator: boolean,
): { rate: Float64Array; ratio: Float64Array } {
  const rate = new Float64Array(base.end);
  const ratio = new Float64Array(base.end);
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (let i = base.start; i < base.end; i++) {
    const x = a[i] ?? NaN;
    const y = b[i] ?? NaN;
    if (x === x && y === y) {
      sa += x;
      sb += y;
      n++;
    }
    const j = i - W;
    if (j >= base.start) {
      const xo = a[j] ?? NaN;
      const yo = b[j] ?? NaN;
      if (xo === xo && yo === yo) {
        sa -= xo;
        sb -= yo;
        n--;
      }
    }
    const den = sb + (addAToDenominator ? sa : 0);
    rate[i] = n > 0 ? sa / n : NaN;
    ratio[i] = den > 0 ? (100 * sa) / den : sa > 0 ? 100 : 0;
  }
  return { rate, ratio };
}

function sumRange(a: ArrayLike<number>, start: number, endIncl: number): number {
  let s = 0;
  for (let i = start; i <= endIncl; i++) {
    const x = a[i] ?? NaN;
    if (x === x) s += x;
  }
  return s;
}

interface Tier {
  severity: "critical" | "warning" | "info";
  rate: number;
  ratio: number;
}

/**
 * The highest tier with a sustained run: rolling rate and ratio past the tier's levels to enter,
 * half of them to stay, and the run's own mean rate and ratio of sums past the levels.
 */
function pickTier(
  ctx: RuleContext,
  base: View,
  rolled: { rate: ArrayLike<number>; ratio: ArrayLike<number> },
  raw: { num: ArrayLike<number>; den: ArrayLike<number>; addNum: boolean },
  tiers: readonly Tier[],
) {
  const { rate, ratio } = rolled;
  for (const t of tiers) {
    const e = sustainedWhere(
      ctx,
      base,
      (i) => (rate[i] ?? 0) >= t.rate && (ratio[i] ?? 0) >= t.ratio,
      (i) => (rate[i] ?? 0) >= t.rate / 2 && (ratio[i] ?? 0) >= t.ratio / 2,
      {
        accept: (ep) => {
          const a = sumRange(raw.num, ep.start, ep.end);
          const b = sumRange(raw.den, ep.start, ep.end) + (raw.addNum ? a : 0);
          const pct = b > 0 ? (100 * a) / b : a > 0 ? 100 : 0;
          return a / (ep.end - ep.start + 1) >= t.rate && pct >= t.ratio;
        },
      },
    );
    if (e !== undefined) return { tier: t, e };
  }
  return undefined;
}

function ifaceEvidence(
  ctx: RuleContext,
  iface: string,
  from: number,
  to: number,
  metrics: readonly [string, number][],
) {
  return present(
    metrics.map(([metric, threshold]) =>
      evidence(ctx, { metric, labels: { iface }, from, to, stat: "mean", threshold }),
    ),
  );
}

function totalsEvidence(ctx: RuleContext, iface: string, metrics: readonly string[]) {
  return metrics.map((metric) => {
    const d = deltaOf(ctx, metric, { iface });
    if (d === undefined || d.delta <= 0) return undefined;
    return computedEvidence(ctx, {
      metric,
      labels: { iface },
      from: d.fromMs,
      to: d.toMs,
      observed: d.delta,
      threshold: 0,
      stat: "delta",
      unit: "count",
      samples: d.samples,
    });
  });
}

/**
 * Per interface with `net.{rx,tx}_<what>_per_s`: those two summed (`counts`), the received part
 * alone (`rx`), and all packets (`packets`), aligned on one time base. Drops and errors are judged
 * the same way: as a rate, and as a share of the traffic.
 */
function* interfaceCounts(ctx: RuleContext, what: "drops" | "errors") {
  const rxMetric = `net.rx_${what}_per_s`;
  const txMetric = `net.tx_${what}_per_s`;
  const ifaces = new Set<string>();
  for (const m of [rxMetric, txMetric])
    for (const s of ctx.index.all(m)) ifaces.add(s.labels.iface ?? "");
  for (const iface of ifaces) {
    const labels = { iface };
    const rxView = view(ctx, rxMetric, labels);
    const base = rxView ?? view(ctx, txMetric, labels);
    if (base === undefined) continue;
    const rx = rxView?.values;
    const tx = alignedValues(base, ctx.index.get(txMetric, labels));
    const rxp = alignedValues(base, ctx.index.get("net.rx_packets_per_s", labels));
    const txp = alignedValues(base, ctx.index.get("net.tx_packets_per_s", labels));
    const counts = derive(base, (i) => (rx?.[i] ?? 0) + (tx?.[i] ?? 0)).values;
    const packets = derive(base, (i) => (rxp?.[i] ?? 0) + (txp?.[i] ?? 0)).values;
    yield { iface, labels, base, rx, counts, packets };
  }
}

/** Packets the interface (or the stack right above it) threw away: full rings, MTU mismatch, no handler. */
export const interfaceDrops: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const { iface, labels, base, rx: rxd, counts: drops, packets } of interfaceCounts(
    ctx,
    "drops",
  )) {
    const hit = pickTier(
      ctx,
      base,
      rollingRatio(base, drops, packets, true),
      { num: drops, den: packets, addNum: true },
      [
        { severity: "critical", rate: 10, ratio: 10 },
        { severity: "warning", rate: 1, ratio: 2 },
        { severity: "info", rate: 1, ratio: 0 },
      ],
    );
    if (hit === undefined) continue;
    const { e, tier } = hit;
    const d = sumRange(drops, e.start, e.end);
    const p = sumRange(packets, e.start, e.end);
    const dropRate = meanOf(drops, e.start, e.end + 1);
    const pct = d + p > 0 ? (100 * d) / (d + p) : 0;
    const rxShare = rxd === undefined ? 0 : sumRange(rxd, e.start, e.end) / Math.max(d, 1e-9);
    const mtu = ctx.index.get("net.mtu_bytes", labels);
    const mtuText =
      mtu === undefined
        ? ""
        : ` Its MTU is ${fmtNum(mtu.values[mtu.values.length - 1] ?? NaN)} bytes: an MTU mismatch with the peer drops every larger frame.`;
    out.push(
      draft({
        rule: "interface-drops",
        domain: "network",
        severity: tier.severity,
        kind: "errors",
        title: `Packets dropped on ${iface}`,
        summary:
          `${iface} dropped ${fmtNum(dropRate)} packets/s (${rxShare >= 0.5 ? "mostly received" : "mostly sent"} packets; mean over ` +
          `${plural(e.end - e.start + 1, "sample")}, ${fmtSpan(e.from, e.to, ctx.relative)}), ${fmtPct(pct)} of its packets ` +
          `(threshold ${tier.ratio > 0 ? fmtPct(tier.ratio) : `${tier.rate}/s`}). ` +
          "Drops mean lost data and retransmits: full receive rings, an MTU mismatch, traffic for no listener, or policy drops." +
          mtuText,
        evidence: present([
          ...ifaceEvidence(ctx, iface, e.from, e.to, [
            ["net.rx_drops_per_s", tier.rate],
            ["net.tx_drops_per_s", tier.rate],
          ]),
          computedEvidence(ctx, {
            metric: "net.drop_ratio_pct",
            labels,
            from: e.from,
            to: e.to,
            observed: pct,
            threshold: tier.ratio,
            stat: "ratio",
            unit: "%",
            samples: e.end - e.start + 1,
          }),
          ...ifaceEvidence(ctx, iface, e.from, e.to, [
            ["net.rx_packets_per_s", 0],
            ["net.tx_packets_per_s", 0],
          ]),
          ...totalsEvidence(ctx, iface, ["net.rx_drops_total", "net.tx_drops_total"]),
        ]),
        intensity: Math.min(1, Math.max(pct / 50, Math.log10(Math.max(1, dropRate)) / 4)),
        coverage: e.durationMs / ctx.spanMs,
        main: {
          metric: rxd === undefined ? "net.tx_drops_per_s" : "net.rx_drops_per_s",
          labels,
          observed: dropRate,
          threshold: 1,
          direction: "above",
        },
        target: { iface },
        explains: ["tcp-retransmits"],
      }),
    );
  }
  return out;
};

/** Bad frames (CRC, length, FIFO overruns, carrier losses): cabling, NIC or driver trouble. */
export const interfaceErrors: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const { iface, labels, base, counts: errors, packets } of interfaceCounts(ctx, "errors")) {
    const hit = pickTier(
      ctx,
      base,
      rollingRatio(base, errors, packets, true),
      { num: errors, den: packets, addNum: true },
      [
        { severity: "critical", rate: 1, ratio: 5 },
        { severity: "warning", rate: 1, ratio: 1 },
        { severity: "info", rate: 0.1, ratio: 0 },
      ],
    );
    if (hit === undefined) continue;
    const { e, tier } = hit;
    const n = sumRange(errors, e.start, e.end);
    const p = sumRange(packets, e.start, e.end);
    const errRate = meanOf(errors, e.start, e.end + 1);
    const pct = n + p > 0 ? (100 * n) / (n + p) : 0;
    out.push(
      draft({
        rule: "interface-errors",
        domain: "network",
        severity: tier.severity,
        kind: "errors",
        title: `Interface errors on ${iface}`,
        summary:
          `${iface} reported ${fmtNum(errRate)} errors/s (mean over ${plural(e.end - e.start + 1, "sample")}, ` +
          `${fmtSpan(e.from, e.to, ctx.relative)}), ${fmtPct(pct)} of its packets (threshold ${fmtPct(tier.ratio)}). ` +
          "Errors are damaged or overrun frames: check the cable, the switch port, the NIC and its driver (or the virtual switch).",
        evidence: present([
          ...ifaceEvidence(ctx, iface, e.from, e.to, [
            ["net.rx_errors_per_s", tier.rate],
            ["net.tx_errors_per_s", tier.rate],
            ["net.rx_frame_errors_per_s", 0],
            ["net.rx_fifo_errors_per_s", 0],
            ["net.tx_fifo_errors_per_s", 0],
            ["net.tx_carrier_errors_per_s", 0],
          ]).filter((x) => x.observed > 0 || x.metric.endsWith("errors_per_s")),
          computedEvidence(ctx, {
            metric: "net.error_ratio_pct",
            labels,
            from: e.from,
            to: e.to,
            observed: pct,
            threshold: tier.ratio,
            stat: "ratio",
            unit: "%",
            samples: e.end - e.start + 1,
          }),
          ...totalsEvidence(ctx, iface, ["net.rx_errors_total", "net.tx_errors_total"]),
        ]),
        intensity: Math.min(1, pct / 10),
        coverage: e.durationMs / ctx.spanMs,
        main: {
          metric: "net.rx_errors_per_s",
          labels,
          observed: errRate,
          threshold: tier.rate,
          direction: "above",
        },
        target: { iface },
        explains: ["tcp-retransmits"],
      }),
    );
  }
  return out;
};

export const tcpRetransmits: Rule = (ctx) => {
  const retrans = view(ctx, "tcp.retrans_segs_per_s");
  const outSegs =
    retrans === undefined ? undefined : alignedValues(retrans, ctx.index.get("tcp.out_segs_per_s"));
  const totalR = deltaOf(ctx, "tcp.retrans_segs_total");
  const totalO = deltaOf(ctx, "tcp.out_segs_total");
  const totals = present([
    totalR === undefined
      ? undefined
      : computedEvidence(ctx, {
          metric: "tcp.retrans_segs_total",
          from: totalR.fromMs,
          to: totalR.toMs,
          observed: totalR.delta,
          threshold: 0,
          stat: "delta",
          unit: "count",
          samples: totalR.samples,
        }),
    totalO === undefined
      ? undefined
      : computedEvidence(ctx, {
          metric: "tcp.out_segs_total",
          from: totalO.fromMs,
          to: totalO.toMs,
          observed: totalO.delta,
          threshold: 0,
          stat: "delta",
          unit: "count",
          samples: totalO.samples,
        }),
  ]);
  const describe = (
    rate: number,
    pct: number,
    from: number,
    to: number,
    samples: string,
    level: number,
  ) =>
    `TCP retransmitted ${fmtNum(rate)} segments/s, ${fmtPct(pct)} of the segments it sent ` +
    `(retransmitted / sent, ${samples}, ${fmtSpan(from, to, ctx.relative)}; threshold ${fmtPct(level)}). ` +
    "Segments are lost on the way (or acknowledgements are): congestion, a lossy link, drops in a firewall, a virtual switch or an overlay network. " +
    "Throughput and latency suffer long before anything fails outright.";
  if (retrans !== undefined && outSegs !== undefined) {
    const hit = pickTier(
      ctx,
      retrans,
      rollingRatio(retrans, retrans.values, outSegs, false),
      { num: retrans.values, den: outSegs, addNum: false },
      [
        { severity: "critical", rate: 10, ratio: 3 },
        { severity: "warning", rate: 5, ratio: 1 },
      ],
    );
    if (hit === undefined) return [];
    const { e, tier } = hit;
    const r = sumRange(retrans.values, e.start, e.end);
    const o = sumRange(outSegs, e.start, e.end);
    const pct = o > 0 ? (100 * r) / o : 100;
    const mean = meanOf(retrans.values, e.start, e.end + 1);
    return [
      draft({
        rule: "tcp-retransmits",
        domain: "network",
        severity: tier.severity,
        kind: "errors",
        title: "TCP retransmits: packets are being lost",
        summary: describe(
          mean,
          pct,
          e.from,
          e.to,
          `ratio of sums over ${plural(e.end - e.start + 1, "sample")}`,
          tier.ratio,
        ),
        evidence: present([
          computedEvidence(ctx, {
            metric: "tcp.retrans_ratio_pct",
            from: e.from,
            to: e.to,
            observed: pct,
            threshold: tier.ratio,
            stat: "ratio",
            unit: "%",
            samples: e.end - e.start + 1,
          }),
          evidence(ctx, {
            metric: "tcp.retrans_segs_per_s",
            from: e.from,
            to: e.to,
            stat: "mean",
            threshold: tier.rate,
          }),
          evidence(ctx, {
            metric: "tcp.out_segs_per_s",
            from: e.from,
            to: e.to,
            stat: "mean",
            threshold: 0,
          }),
          ...totals,
        ]),
        intensity: Math.min(1, pct / 10),
        coverage: e.durationMs / ctx.spanMs,
        main: {
          metric: "tcp.retrans_segs_per_s",
          labels: {},
          observed: mean,
          threshold: tier.rate,
          direction: "above",
        },
      }),
    ];
  }
  // Only the start and end counters (/proc/net/snmp): the window's ratio is the sustained value.
  if (totalR === undefined || totalO === undefined) return [];
  const span = (totalR.toMs - totalR.fromMs) / 1000;
  if (span < 10 || totalO.delta <= 0) return [];
  const pct = (100 * totalR.delta) / totalO.delta;
  const rate = totalR.delta / span;
  const severity =
    pct >= 3 && rate >= 10 ? "critical" : pct >= 1 && rate >= 5 ? "warning" : undefined;
  if (severity === undefined) return [];
  const level = severity === "critical" ? 3 : 1;
  return [
    draft({
      rule: "tcp-retransmits",
      domain: "network",
      severity,
      kind: "errors",
      title: "TCP retransmits: packets are being lost",
      summary: describe(
        rate,
        pct,
        totalR.fromMs,
        totalR.toMs,
        "counter increase over the window",
        level,
      ),
      evidence: [
        computedEvidence(ctx, {
          metric: "tcp.retrans_ratio_pct",
          from: totalR.fromMs,
          to: totalR.toMs,
          observed: pct,
          threshold: level,
          stat: "ratio",
          unit: "%",
          samples: totalR.samples,
        }),
        ...totals,
      ],
      intensity: Math.min(1, pct / 10),
      coverage: Math.min(1, (span * 1000) / ctx.spanMs),
      main: {
        metric: "tcp.retrans_segs_per_s",
        labels: {},
        observed: rate,
        threshold: 5,
        direction: "above",
      },
    }),
  ];
};

/** Throughput near the link speed (sar's %ifutil, only known when the driver reports a speed). */
export const linkSaturation: Rule = (ctx) => {
  const out: Draft[] = [];
  for (const s of ctx.index.all("net.util_pct")) {
    const iface = s.labels.iface ?? "";
    if (iface === "lo") continue;
    const v = viewOf(ctx, s);
    if (v === undefined) continue;
    let found:
      | {
          severity: "critical" | "warning";
          level: number;
          e: NonNullable<ReturnType<typeof sustainedWhere>>;
        }
      | undefined;
    for (const [severity, enter, stay] of [
      ["critical", 95, 90],
      ["warning", 85, 80],
    ] as const) {
      const e = sustainedWhere(
        ctx,
        v,
        (i) => (v.values[i] ?? 0) >= enter,
        (i) => (v.values[i] ?? 0) >= stay,
        {
          accept: (ep) => meanOf(v.values, ep.start, ep.end + 1) >= enter,
        },
      );
      if (e !== undefined) {
        found = { severity, level: enter, e };
        break;
      }
    }
    if (found === undefined) continue;
    const { e } = found;
    const util = meanOf(v.values, e.start, e.end + 1);
    out.push(
      draft({
        rule: "link-saturation",
        domain: "network",
        severity: found.severity,
        kind: "utilization",
        title: `Link ${iface} near its speed`,
        summary:
          `${iface} carried ${fmtPct(util)} of its link speed (mean over ${plural(e.end - e.start + 1, "sample")}, ` +
          `${fmtSpan(e.from, e.to, ctx.relative)}; threshold ${found.level}%). Queues build up and packets drop near 100%: find the top talkers.`,
        evidence: present([
          evidence(ctx, {
            metric: "net.util_pct",
            labels: { iface },
            from: e.from,
            to: e.to,
            stat: "mean",
            threshold: found.level,
          }),
          evidence(ctx, {
            metric: "net.rx_bytes_per_s",
            labels: { iface },
            from: e.from,
            to: e.to,
            stat: "mean",
            threshold: 0,
          }),
          evidence(ctx, {
            metric: "net.tx_bytes_per_s",
            labels: { iface },
            from: e.from,
            to: e.to,
            stat: "mean",
            threshold: 0,
          }),
        ]),
        intensity: (util - 85) / 15,
        coverage: e.durationMs / ctx.spanMs,
        main: {
          metric: "net.util_pct",
          labels: { iface },
          observed: util,
          threshold: 85,
          direction: "above",
        },
        target: { iface },
        explains: ["interface-drops", "tcp-retransmits"],
      }),
    );
  }
  return out;
};

export const linkFlaps: Rule = (ctx) => {
  const evs = ctx.events.filter((e) => e.event.kind === "link-down");
  if (evs.length === 0) return [];
  const ifaces = [
    ...new Set(evs.map((e) => String(e.event.attrs.iface ?? "")).filter((x) => x !== "")),
  ];
  const first = evs[0];
  const last = evs[evs.length - 1];
  if (first === undefined || last === undefined) return [];
  return [
    draft({
      rule: "link-down",
      domain: "network",
      severity: "warning",
      kind: "errors",
      title: `Link down${ifaces.length > 0 ? ` on ${ifaces.join(", ")}` : ""}`,
      summary:
        `The kernel reported ${plural(evs.length, "link-down event")}${ifaces.length > 0 ? ` on ${ifaces.join(", ")}` : ""} ` +
        `(${fmtSpan(first.ms, last.ms, ctx.relative)}): connections over it stalled or reset. Check the cable, the switch port, or the virtual NIC.`,
      evidence: present([
        eventEvidence(
          ctx,
          "kernel.link_down_events",
          evs,
          ifaces[0] === undefined ? {} : { iface: ifaces[0] },
        ),
      ]),
      intensity: Math.min(1, evs.length / 5),
      coverage: 1,
      target: ifaces[0] === undefined ? {} : { iface: ifaces[0] },
    }),
  ];
};

export const NETWORK_RULES: readonly Rule[] = [
  interfaceDrops,
  interfaceErrors,
  tcpRetransmits,
  linkSaturation,
  linkFlaps,
];
