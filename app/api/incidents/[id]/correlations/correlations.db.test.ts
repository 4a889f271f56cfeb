import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as incidents from "../../route";
import * as snapshots from "../snapshots/route";
import * as correlations from "./route";

const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");

let userId: string;
let outsider: string;
let incidentId: string;

beforeAll(async () => {
  const team = await seedTeam("Correlations");
  userId = (await seedUser(team.id, "viewer")).id;
  const responder = (await seedUser(team.id, "responder")).id;
  outsider = (await seedUser((await seedTeam("Elsewhere")).id, "owner")).id;
  const inc = await callRoute(incidents.POST, {
    method: "POST",
    userId: responder,
    json: { title: "Disk latency", severity: "SEV2", environment: "vm" },
  });
  incidentId = inc.data.id as string;
  for (const [name, role] of [
    ["idle-baseline", "baseline"],
    ["disk-random-io", "incident"],
  ] as const) {
    const r = await callRoute(snapshots.POST, {
      method: "POST",
      userId: responder,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/snapshots?role=${role}`,
      body: readFileSync(path.join(SCENARIOS, `${name}.tar.gz`)),
      headers: { "content-type": "application/gzip" },
    });
    expect([200, 201]).toContain(r.status);
  }
});

interface Answer {
  target: {
    key: string;
    metric: string;
    labels: Record<string, string>;
    unit: string;
    host: { id: string; hostname: string };
  };
  from: number;
  to: number;
  candidates: number;
  results: {
    key: string;
    metric: string;
    labels: Record<string, string>;
    unit: string;
    r: number;
    lagMs: number;
    pairs: number;
  }[];
}

function get(query: string, who = userId) {
  return callRoute(correlations.GET, {
    userId: who,
    params: { id: incidentId },
    path: `/api/incidents/${incidentId}/correlations?${query}`,
  });
}

describe("GET /api/incidents/:id/correlations", () => {
  it("ranks the host's incident series by |r| with the target, for a selector", async () => {
    const r = await get(`target=${encodeURIComponent("cpu.iowait_pct{cpu=all}")}&top=10`);
    expect(r.status).toBe(200);
    const a = r.data as unknown as Answer;
    expect(a.target).toMatchObject({ metric: "cpu.iowait_pct", labels: { cpu: "all" }, unit: "%" });
    expect(a.target.key).toBe(`${a.target.host.id}/incident/cpu.iowait_pct{cpu=all}`);
    expect(a.candidates).toBeGreaterThan(20);
    expect(a.results.length).toBeGreaterThan(0);
    // Random I/O: the disk's own series move with the time spent waiting for it.
    expect(
      a.results
        .slice(0, 10)
        .some((x) => x.metric.startsWith("disk.") || x.metric.startsWith("cpu.iowait")),
    ).toBe(true);
    expect(a.results.length).toBeLessThanOrEqual(10);
    const abs = a.results.map((x) => Math.abs(x.r));
    expect([...abs].sort((x, y) => y - x)).toEqual(abs);
    for (const x of a.results) {
      expect(x.r).toBeGreaterThanOrEqual(-1);
      expect(x.r).toBeLessThanOrEqual(1);
      expect(x.pairs).toBeGreaterThanOrEqual(8);
      expect(x.metric.endsWith("_total")).toBe(false);
      expect(x.metric.startsWith("proc.")).toBe(false);
      expect(x.key.startsWith(`${a.target.host.id}/incident/`)).toBe(true);
      expect(x.metric === "cpu.iowait_pct" && x.labels.cpu === "all").toBe(false);
    }
  });

  it("takes a chart series key and a window, and answers for that window", async () => {
    const first = (await get(`target=${encodeURIComponent("cpu.iowait_pct{cpu=all}")}`))
      .data as unknown as Answer;
    const mid = Math.round((first.from + first.to) / 2);
    const r = await get(
      `target=${encodeURIComponent(first.target.key)}&from=${first.from}&to=${mid}`,
    );
    expect(r.status).toBe(200);
    const a = r.data as unknown as Answer;
    expect(a.from).toBe(first.from);
    expect(a.to).toBe(mid);
    expect(a.target.key).toBe(first.target.key);
  });

  it("answers 404 for a target nobody captured, 400 for garbage, and 404 to other teams", async () => {
    expect((await get("target=nope.metric_pct")).status).toBe(404);
    expect((await get("target=%20%7B%7D")).status).toBe(400);
    expect((await get("target=disk.*")).status).toBe(400);
    expect((await get("target=load.1m&from=10&to=5")).status).toBe(400);
    const foreign = await get("target=load.1m", outsider);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.data)).not.toContain("load.1m");
  });

  it("needs a session", async () => {
    const r = await callRoute(correlations.GET, {
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/correlations?target=load.1m`,
    });
    expect(r.status).toBe(401);
  });
});
