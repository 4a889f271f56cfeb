/**
 * The charts' series over real stored samples: a 330-second `mpstat -P ALL 1` capture with a
 * 20-second CPU burst in the middle (lib/investigation/fixtures/COMMANDS.md). Narrow windows are
 * drawn from every sample; windows much wider than the chart come from the chunks' overviews
 * (each 10-second bucket's lowest and highest sample), which must still show the burst's peak.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lttb } from "@/lib/analysis/downsample";
import { db } from "@/lib/db/client";
import { decodeChunk, overviewChunk } from "@/lib/db/samples/codec";
import { createIncident } from "@/lib/db/incidents";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { ingestSnapshot } from "@/lib/ingest/ingest-snapshot";
import { parseSnapshot } from "@/lib/snapshot/bundle";
import { incidentChartSeries, parseSelector } from "./series";

const FILE = path.join(import.meta.dirname, "fixtures", "mpstat_P_ALL_1s_330.txt");
const text = readFileSync(FILE, "utf8");
const selector = parseSelector("cpu.user_pct{cpu=all}") ?? { metric: "", labels: {} };

let teamId: string;
let incidentId: string;
/** What the parser read from the same text: the truth the charts are checked against. */
let raw: { times: number[]; values: number[] };

beforeAll(async () => {
  teamId = (await seedTeam("Series")).id;
  const user = await seedUser(teamId, "responder");
  incidentId = (
    await createIncident(teamId, user.id, {
      title: "CPU burst",
      severity: "SEV3",
      environment: "vm",
    })
  ).id;
  await ingestSnapshot({
    teamId,
    bytes: Buffer.from(text),
    host: "vm",
    incidentId,
    role: "incident",
    uploadedById: user.id,
  });
  const doc = parseSnapshot([{ path: "mpstat.txt", text }], undefined);
  const s = doc.series.find((x) => x.metric === "cpu.user_pct" && x.labels.cpu === "all");
  if (!s) throw new Error("the fixture has no cpu.user_pct{cpu=all}");
  raw = { times: [...s.times], values: [...s.values] };
});

describe("incident chart series", () => {
  it("stores an overview for chunks of 1-second samples", async () => {
    const chunks = await db.sampleChunk.findMany({
      where: { series: { snapshot: { incidents: { some: { incidentId } } } } },
      select: { count: true, overview: true },
    });
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.count >= 60).every((c) => c.overview !== null)).toBe(true);
  });

  it("draws a narrow window from every sample, exactly as mpstat printed them", async () => {
    const from = raw.times[10] ?? 0;
    const to = raw.times[69] ?? 0;
    const r = await incidentChartSeries(teamId, incidentId, {
      selectors: [selector],
      from,
      to,
      width: 1000,
    });
    expect(r.overview).toBe(false);
    const s = r.series[0];
    expect(s?.count).toBe(60);
    expect(s?.points).toEqual(raw.times.slice(10, 70).map((t, i) => [t, raw.values[10 + i]]));
  });

  it("draws a wide window from the overviews: few points, the peaks of every sample kept", async () => {
    const r = await incidentChartSeries(teamId, incidentId, {
      selectors: [selector],
      width: 10,
    });
    expect(r.overview).toBe(true);
    const s = r.series[0];
    expect(s?.count).toBe(raw.times.length);
    // The overview holds the highest and the lowest sample of the whole capture...
    const o = decodeChunk(overviewChunk(raw.times, raw.values) ?? Buffer.alloc(0));
    expect(o.times.length).toBeLessThan(raw.times.length / 3);
    expect(Math.max(...o.values)).toBe(Math.max(...raw.values));
    expect(Math.min(...o.values)).toBe(Math.min(...raw.values));
    // ...and the chart is LTTB over it, each point a real sample at its real time.
    const d = lttb(o.times, o.values, 10);
    expect(s?.points).toEqual([...d.x].map((t, i) => [t, d.y[i]]));
    for (const [t, v] of s?.points ?? []) expect(raw.values[raw.times.indexOf(t)]).toBe(v);
  });
});
