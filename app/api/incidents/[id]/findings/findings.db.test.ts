import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listFindings, replaceFindings } from "@/lib/db/findings";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as incidents from "../../route";
import * as snapshots from "../snapshots/route";
import * as findings from "./route";

const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");

let userId: string;
let outsider: string;

beforeAll(async () => {
  const team = await seedTeam("Findings");
  userId = (await seedUser(team.id, "responder")).id;
  outsider = (await seedUser((await seedTeam("Other")).id, "owner")).id;
});

async function incidentWith(bundles: { name: string; role: string }[]) {
  const inc = await callRoute(incidents.POST, {
    method: "POST",
    userId,
    json: { title: "CPU at 100%", severity: "SEV2", environment: "vm" },
  });
  const id = inc.data.id as string;
  for (const b of bundles) {
    const r = await callRoute(snapshots.POST, {
      method: "POST",
      userId,
      params: { id },
      path: `/api/incidents/${id}/snapshots?role=${b.role}`,
      body: readFileSync(path.join(SCENARIOS, `${b.name}.tar.gz`)),
      headers: { "content-type": "application/gzip" },
    });
    expect([200, 201]).toContain(r.status);
  }
  return id;
}

describe("incident findings", () => {
  it("are computed when a snapshot arrives, stored, and equal what the CLI prints", async () => {
    const id = await incidentWith([{ name: "cpu-all-cores", role: "incident" }]);
    const r = await callRoute(findings.GET, { userId, params: { id } });
    expect(r.status).toBe(200);
    const list = r.data.findings as {
      rule: string;
      domain: string;
      severity: string;
      evidence: { observed: number }[];
    }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]?.domain).toBe("cpu");

    const cli = JSON.parse(
      execFileSync(
        "node_modules/.bin/tsx",
        [
          "--conditions=react-server",
          "scripts/analyze.ts",
          "--env",
          "vm",
          path.join(SCENARIOS, "cpu-all-cores.tar.gz"),
        ],
        { encoding: "utf8" },
      ),
    ) as { findings: { rule: string; severity: string; evidence: { observed: number }[] }[] };
    expect(list.map((f) => [f.rule, f.severity])).toEqual(
      cli.findings.map((f) => [f.rule, f.severity]),
    );
    expect(list.map((f) => f.evidence.map((e) => e.observed))).toEqual(
      cli.findings.map((f) => f.evidence.map((e) => e.observed)),
    );
  });

  it("are recomputed on demand, and hidden from other teams", async () => {
    const id = await incidentWith([{ name: "idle-baseline", role: "incident" }]);
    const again = await callRoute(findings.POST, { method: "POST", userId, params: { id } });
    expect(again.status).toBe(200);
    const list = again.data.findings as { severity: string }[];
    expect(list.filter((f) => f.severity === "critical")).toEqual([]);
    expect((await callRoute(findings.GET, { userId: outsider, params: { id } })).status).toBe(404);
    expect(
      (await callRoute(findings.POST, { method: "POST", userId: outsider, params: { id } })).status,
    ).toBe(404);
  });

  it("keep their ids when recomputed, and two recomputes at once leave one set", async () => {
    const id = await incidentWith([{ name: "memory-cgroup-pressure", role: "incident" }]);
    const first = (await callRoute(findings.GET, { userId, params: { id } })).data.findings as {
      id: string;
      rule: string;
    }[];
    expect(first.length).toBeGreaterThan(1);
    const again = await callRoute(findings.POST, { method: "POST", userId, params: { id } });
    expect(again.status).toBe(200);
    const ids = (list: { id: string }[]): string[] => list.map((f) => f.id).sort();
    expect(ids(again.data.findings as { id: string }[])).toEqual(ids(first));

    // Several replacements at once (uploads landing together): one after the other, no duplicates.
    const team = (await db.incident.findUniqueOrThrow({ where: { id } })).teamId;
    const stored = await listFindings(team, id);
    const rows = stored.map((f) => ({
      hostId: f.hostId ?? "",
      snapshotId: f.snapshotId,
      finding: f,
      windowFrom: null,
      windowTo: null,
    }));
    await Promise.all([1, 2, 3, 4].map(() => replaceFindings(team, id, rows)));
    const after = (await callRoute(findings.GET, { userId, params: { id } })).data.findings as {
      id: string;
    }[];
    expect(ids(after)).toEqual(ids(first));
  });
});
