/** Combining start/end snapshots into rates, precedence between tools, real bundles end to end. */
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "./bundle";
import { combine, rank } from "./combine";
import { freeParser } from "./parsers/free";
import { netSnmpParser } from "./parsers/net-snmp";
import { procStatParser } from "./parsers/proc-stat";
import { vmstatParser } from "./parsers/vmstat";
import { find, fixture, MiB, values } from "./testing/fixtures";
import { pointsOf } from "./types";

const START = "2026-12-04T16:41:20Z";
const END = "2026-12-04T16:42:00Z";

describe("combine", () => {
  it("start/end /proc/net/snmp → retransmits per second", () => {
    const a = netSnmpParser.parse(fixture("proc/net_snmp_start.txt"), { captureStart: START });
    const b = netSnmpParser.parse(fixture("proc/net_snmp_end.txt"), { captureStart: END });
    const c = combine([a, b]);
    // RetransSegs 0 → 12 and OutSegs 11306 → 27355 over 40 s
    expect(pointsOf(find(c, "tcp.retrans_segs_per_s"))).toEqual([[END, 12 / 40]]);
    expect(values(c, "tcp.out_segs_per_s")).toEqual([(27355 - 11306) / 40]);
    expect(values(c, "tcp.retrans_segs_total")).toEqual([0, 12]);
  });

  it("start/end /proc/stat → CPU percentages over the interval, keeping the since-boot share", () => {
    const a = procStatParser.parse(fixture("proc/stat_start.txt"), { captureStart: START });
    const b = procStatParser.parse(fixture("proc/stat_end.txt"), { captureStart: END });
    const c = combine([a, b]);
    // cpu  10341 0 5041 79382 1169 0 145 198  →  cpu  15951 0 7154 79384 1216 0 369 206
    const total =
      15951 - 10341 + (7154 - 5041) + (79384 - 79382) + (1216 - 1169) + (369 - 145) + (206 - 198);
    const user = find(c, "cpu.user_pct", { cpu: "all" });
    expect(pointsOf(user)).toHaveLength(1);
    expect(pointsOf(user)[0]?.[1]).toBeCloseTo(((15951 - 10341) / total) * 100, 10);
    expect(user.sinceBoot).toBeCloseTo(
      (10341 / (10341 + 5041 + 79382 + 1169 + 145 + 198)) * 100,
      10,
    );
    expect(values(c, "system.context_switches_per_s")).toEqual([(2504899 - 1663010) / 40]);
  });

  it("keeps one source per key: free over vmstat for memory, vmstat's CPU stays", () => {
    const v = vmstatParser.parse(fixture("vmstat/vmstat_t.txt"), {});
    const f = freeParser.parse(fixture("free/free_m.txt"), {
      argv: ["free", "-m"],
      captureStart: "2026-12-04T16:41:28Z",
    });
    const c = combine([v, f]);
    expect(values(c, "mem.free_bytes")).toEqual([23401 * MiB]);
    expect(pointsOf(find(c, "cpu.user_pct", { cpu: "all" }))).toHaveLength(5);
  });

  it("precedence table", () => {
    expect(rank("cpu.user_pct", "mpstat")).toBeLessThan(rank("cpu.user_pct", "vmstat"));
    expect(rank("cpu.user_pct", "top")).toBeLessThan(rank("cpu.user_pct", "procstat"));
    expect(rank("mem.free_bytes", "free")).toBeLessThan(rank("mem.free_bytes", "vmstat"));
    expect(rank("load.1m", "sar")).toBeLessThan(rank("load.1m", "uptime"));
    expect(rank("load.1m", "uptime")).toBeLessThan(rank("load.1m", "top"));
  });

  it("duplicate kernel lines from dmesg and journalctl are one event", () => {
    const ev = {
      at: "2026-12-04T16:42:19Z",
      kind: "segfault" as const,
      message: "x[1]: segfault at 0",
      attrs: {},
    };
    const c = combine(
      [
        { tool: "dmesg", series: [], events: [ev], host: {}, warnings: [] },
        {
          tool: "journalctl",
          series: [],
          events: [{ ...ev }],
          host: { hostname: "vm" },
          warnings: [],
        },
      ],
      { hostname: "from-manifest" },
    );
    expect(c.events).toHaveLength(1);
    expect(c.host.hostname).toBe("from-manifest");
  });
});

describe("real collector bundles (parsed from memory)", () => {
  it("a directory-like list of files without a manifest still parses each by content", () => {
    const doc = parseSnapshot(
      [
        { path: "free_start.txt", text: fixture("free/free_m.txt") },
        { path: "x.txt", text: "not a tool output\n" },
      ],
      undefined,
    );
    expect(doc.inputs.map((i) => [i.tool, i.ok])).toEqual([
      ["free", true],
      [null, false],
    ]);
  });
});
