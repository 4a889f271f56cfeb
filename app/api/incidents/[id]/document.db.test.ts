import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as runbooks from "../../runbooks/route";
import * as incidents from "../route";
import * as actionItem from "./actions/[aid]/route";
import * as actions from "./actions/route";
import * as baseline from "./baseline/route";
import * as findings from "./findings/route";
import * as fixes from "./fixes/route";
import * as hypothesisItem from "./hypotheses/[hid]/route";
import * as hypotheses from "./hypotheses/route";
import * as exportRoute from "./postmortem/export/route";
import * as postmortem from "./postmortem/route";
import * as snapshots from "./snapshots/route";
import * as verify from "./verify/route";

const FIXTURES = path.join(process.cwd(), "lib", "snapshot", "fixtures");
const SCENARIOS = path.join(FIXTURES, "scenarios");

let teamId: string;
let userId: string;
let viewerId: string;
let ownerId: string;
let outsider: string;
let incidentId: string;
let tmp: string;

async function upload(id: string, bytes: Buffer, role: string) {
  const r = await callRoute(snapshots.POST, {
    method: "POST",
    userId,
    params: { id },
    path: `/api/incidents/${id}/snapshots?role=${role}`,
    body: new Uint8Array(bytes),
    headers: { "content-type": "application/gzip" },
  });
  expect([200, 201]).toContain(r.status);
}

const scenario = (name: string) => readFileSync(path.join(SCENARIOS, `${name}.tar.gz`));

async function newIncident(title: string) {
  const r = await callRoute(incidents.POST, {
    method: "POST",
    userId,
    json: {
      title,
      severity: "SEV2",
      environment: "vm",
      summary: "Checkout requests time out for all EU customers.",
    },
  });
  return r.data.id as string;
}

interface Row {
  metric: string;
  labels: Record<string, string>;
  flagged: boolean;
  worse: boolean;
  baseline: { median: number } | null;
  incident: { median: number } | null;
}

beforeAll(async () => {
  const team = await seedTeam("Document");
  teamId = team.id;
  userId = (await seedUser(teamId, "responder")).id;
  viewerId = (await seedUser(teamId, "viewer")).id;
  ownerId = (await seedUser(teamId, "owner")).id;
  outsider = (await seedUser((await seedTeam("Elsewhere")).id, "owner")).id;
  incidentId = await newIncident("Disk latency on vm");
  await upload(incidentId, scenario("idle-baseline"), "baseline");
  await upload(incidentId, scenario("disk-random-io"), "incident");
  tmp = mkdtempSync(path.join(tmpdir(), "warroom-doc-"));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("GET /api/incidents/:id/baseline", () => {
  it("compares the key metrics with the baseline snapshot and flags the saturated disk", async () => {
    const r = await callRoute(baseline.GET, { userId: viewerId, params: { id: incidentId } });
    expect(r.status).toBe(200);
    expect(r.data.source).toMatchObject({ kind: "snapshot" });
    const rows = r.data.rows as Row[];
    const util = rows.find((x) => x.metric === "disk.util_pct" && x.labels.device === "vda");
    expect(util).toMatchObject({ flagged: true, worse: true });
    expect(util?.baseline?.median).toBeLessThan(5);
    expect(util?.incident?.median).toBeGreaterThan(80);
    // Every domain has its key metrics, CPU first.
    expect(rows[0]?.metric).toBe("cpu.user_pct");
    expect(new Set(rows.map((x) => (x as unknown as { domain: string }).domain))).toEqual(
      new Set(["cpu", "memory", "disk", "network", "system"]),
    );
    // Idle CPU steal does not get flagged just because its baseline is flat.
    expect(rows.find((x) => x.metric === "cpu.steal_pct")?.flagged).toBe(false);
  });

  it("uses an earlier window of the incident capture when asked", async () => {
    const first = await callRoute(baseline.GET, {
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/baseline?source=window`,
    });
    const extent = first.data.extent as { from: number; to: number };
    // Without from/to: the first third of the capture.
    expect(first.data.message).toBeNull();
    expect(first.data.source).toMatchObject({ kind: "window", from: extent.from });
    const from = new Date(extent.from).toISOString();
    const to = new Date(extent.from + 10_000).toISOString();
    const r = await callRoute(baseline.GET, {
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/baseline?from=${from}&to=${to}`,
    });
    expect(r.status).toBe(200);
    expect(r.data.source).toMatchObject({
      kind: "window",
      from: extent.from,
      to: extent.from + 10_000,
    });
    expect((r.data.incidentWindow as { from: number }).from).toBe(extent.from + 10_000);
    expect((r.data.rows as Row[]).length).toBeGreaterThan(5);
    const bad = await callRoute(baseline.GET, {
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/baseline?from=yesterday`,
    });
    expect(bad.status).toBe(400);
  });

  it("offers the sysstat history inside an incident bundle", async () => {
    // The disk-random-io bundle plus a real `sadf -j` of the same host from half an hour before.
    const dir = path.join(tmp, "history");
    execFileSync("mkdir", ["-p", dir]);
    execFileSync("tar", ["xzf", path.join(SCENARIOS, "disk-random-io.tar.gz"), "-C", dir]);
    cpSync(path.join(FIXTURES, "sadf", "j_core.txt"), path.join(dir, "cmd", "sadf_today.txt"));
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as {
      commands: Record<string, unknown>[];
    };
    for (const c of manifest.commands) {
      if (c.name !== "sadf_today") continue;
      delete c.missing;
      Object.assign(c, { exitCode: 0, file: "cmd/sadf_today.txt", phase: "once" });
    }
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const bundle = path.join(tmp, "with-history.tar.gz");
    execFileSync("tar", ["czf", bundle, "-C", dir, "manifest.json", "cmd"]);
    const id = await newIncident("Disk latency, history only");
    await upload(id, readFileSync(bundle), "incident");

    const r = await callRoute(baseline.GET, { userId, params: { id } });
    expect(r.status).toBe(200);
    const sources = r.data.sources as { kind: string; from: number; to: number }[];
    expect(sources.map((s) => s.kind)).toEqual(["history", "window"]);
    expect(new Date(sources[0]?.from ?? 0).toISOString()).toBe("2026-12-04T16:44:30.000Z");
    expect(r.data.source).toMatchObject({ kind: "history" });
    const rows = r.data.rows as Row[];
    const user = rows.find((x) => x.metric === "cpu.user_pct");
    // The history of metrics the live tools also measured comes from the raw bundle.
    expect(user?.baseline?.median).toBeGreaterThan(0);
    // The incident side is the live capture only.
    expect((r.data.incidentWindow as { from: number }).from).toBeGreaterThanOrEqual(
      Date.parse("2026-12-04T17:17:11Z"),
    );
  });

  it("is 404 for another team", async () => {
    expect(
      (await callRoute(baseline.GET, { userId: outsider, params: { id: incidentId } })).status,
    ).toBe(404);
  });
});

describe("fix, verify and document", () => {
  let hid: string;

  it("records a confirmed hypothesis and a fix, then judges the after-fix capture", async () => {
    const list = await callRoute(findings.GET, { userId, params: { id: incidentId } });
    const top = (list.data.findings as { id: string; rule: string }[]).find(
      (f) => f.rule === "disk-saturation",
    );
    expect(top).toBeDefined();
    const h = await callRoute(hypotheses.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        text: "A fio job left running saturates vda",
        evidence: [{ kind: "finding", findingId: top?.id ?? "", rule: "disk-saturation" }],
      },
    });
    hid = h.data.id as string;
    await callRoute(hypothesisItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, hid },
      json: { status: "confirmed" },
    });
    const fix = await callRoute(fixes.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        description: "Stopped the fio job",
        target: "vm",
        hypothesisId: hid,
        appliedAt: "2026-12-04T17:18:00Z",
      },
    });
    expect(fix.status).toBe(201);

    const before = await callRoute(verify.GET, { userId, params: { id: incidentId } });
    expect(before.data.hasVerifySnapshot).toBe(false);
    expect(before.data.missing).toContain(
      "No after-fix capture yet: upload it above with the role Verify.",
    );

    await upload(incidentId, scenario("disk-random-io-fixed"), "verify");
    const r = await callRoute(verify.GET, { userId: viewerId, params: { id: incidentId } });
    expect(r.status).toBe(200);
    expect(r.data.hypotheses).toEqual([{ id: hid, text: "A fio job left running saturates vda" }]);
    const rows = r.data.rows as {
      metric: string;
      labels: Record<string, string>;
      sources: string[];
      verdict: string;
      before: { median: number };
      after: { median: number };
      baseline: { median: number };
    }[];
    const util = rows.find((x) => x.metric === "disk.util_pct" && x.labels.device === "vda");
    expect(util?.sources).toEqual(["hypothesis", "symptom"]);
    expect(["back-to-baseline", "improved"]).toContain(util?.verdict);
    expect(util?.verdict).toBe("back-to-baseline");
    expect(util?.before.median).toBeGreaterThan(80);
    expect(util?.after.median).toBeLessThan(5);
    expect(rows.find((x) => x.metric === "disk.queue_depth")?.verdict).toBe("back-to-baseline");
    expect(r.data.overall).toBe("back-to-baseline");
    expect(r.data.missing).toEqual([]);
  });

  it("drafts the postmortem with the real numbers, saves versions and refuses a stale save", async () => {
    const list = await callRoute(findings.GET, { userId, params: { id: incidentId } });
    const top = (
      list.data.findings as { rule: string; evidence: { metric: string; observed: number }[] }[]
    ).find((f) => f.rule === "disk-saturation");
    const observed = top?.evidence.find((e) => e.metric === "disk.util_pct")?.observed ?? NaN;
    expect(observed).toBeGreaterThan(80);

    const g = await callRoute(postmortem.GET, { userId: viewerId, params: { id: incidentId } });
    expect(g.status).toBe(200);
    expect(g.data.latest).toBeNull();
    const draft = g.data.draft as string;
    expect(draft).toContain(
      `| Disk vda saturated | vm | \`disk.util_pct{device=vda}\` | ${observed.toFixed(1)}% (mean of`,
    );
    expect(draft).toContain("**A fio job left running saturates vda**");
    expect(draft).toContain("on `vm` by User");
    expect(draft).toContain("Stopped the fio job");
    expect(draft).toMatch(
      /\| vm \| Disk utilisation \(vda\) \(median\) \| [\d.]+% \| [\d.]+% \| [\d.]+% \| Back to baseline \|/,
    );
    expect(draft).toContain("**alert when disk.util_pct{device=vda} > 80% for 5 min**");
    expect(draft).toContain("Checkout requests time out for all EU customers.");

    const v1 = await callRoute(postmortem.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: { markdown: `${draft}\nEdited by the scribe.`, baseVersion: 0 },
    });
    expect(v1.status).toBe(201);
    expect(v1.data).toMatchObject({ version: 1, author: { id: userId } });
    const stale = await callRoute(postmortem.POST, {
      method: "POST",
      userId: ownerId,
      params: { id: incidentId },
      json: { markdown: "# my version", baseVersion: 0 },
    });
    expect(stale.status).toBe(409);
    expect(stale.data.error).toMatch(/^User \d+ saved version 1 meanwhile/);
    const v2 = await callRoute(postmortem.POST, {
      method: "POST",
      userId: ownerId,
      params: { id: incidentId },
      json: { markdown: `${draft}\nSecond pass.`, baseVersion: 1 },
    });
    expect(v2.data).toMatchObject({ version: 2 });
    // Two saves from the same version in the same instant: one wins, the other is told.
    const race = await Promise.all([
      callRoute(postmortem.POST, {
        method: "POST",
        userId,
        params: { id: incidentId },
        json: { markdown: "a", baseVersion: 2 },
      }),
      callRoute(postmortem.POST, {
        method: "POST",
        userId: ownerId,
        params: { id: incidentId },
        json: { markdown: "b", baseVersion: 2 },
      }),
    ]);
    expect(race.map((x) => x.status).sort()).toEqual([201, 409]);

    const after = await callRoute(postmortem.GET, {
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/postmortem?version=1`,
    });
    expect((after.data.versions as { version: number }[]).map((x) => x.version)).toEqual([3, 2, 1]);
    expect((after.data.selected as { markdown: string }).markdown).toContain(
      "Edited by the scribe.",
    );
    expect(after.data.latest).toMatchObject({ version: 3 });
  });

  it("exports the latest version as a Markdown file with every section", async () => {
    await callRoute(postmortem.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        markdown: (await callRoute(postmortem.GET, { userId, params: { id: incidentId } })).data
          .draft as string,
        baseVersion: 3,
      },
    });
    const r = await callRoute(exportRoute.GET, { userId: viewerId, params: { id: incidentId } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(
      /^attachment; filename="INC-\d+-postmortem-v4\.md"$/,
    );
    const text = r.data as unknown as string;
    for (const s of [
      "Summary",
      "Impact",
      "Timeline",
      "Root cause",
      "Fix",
      "Verification",
      "Action items",
      "What alert would have caught it",
    ]) {
      expect(text).toContain(`\n## ${s}\n`);
    }
    expect(
      (await callRoute(exportRoute.GET, { userId: outsider, params: { id: incidentId } })).status,
    ).toBe(404);
  });

  it("keeps viewers and other teams out", async () => {
    expect(
      (
        await callRoute(postmortem.POST, {
          method: "POST",
          userId: viewerId,
          params: { id: incidentId },
          json: { markdown: "x", baseVersion: 4 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(postmortem.POST, {
          method: "POST",
          userId: outsider,
          params: { id: incidentId },
          json: { markdown: "x", baseVersion: 4 },
        })
      ).status,
    ).toBe(404);
    expect(
      (await callRoute(postmortem.GET, { userId: outsider, params: { id: incidentId } })).status,
    ).toBe(404);
    expect(
      (await callRoute(verify.GET, { userId: outsider, params: { id: incidentId } })).status,
    ).toBe(404);
    expect(await db.postmortemVersion.count({ where: { incidentId } })).toBe(4);
  });
});

describe("action items", () => {
  it("are created with an owner from the team, listed, closed, and refused otherwise", async () => {
    const created = await callRoute(actions.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: { title: "Alert on disk.util_pct above 80% for 5 min", ownerId, dueDate: "2026-12-11" },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      owner: { id: ownerId },
      dueDate: "2026-12-11",
      status: "open",
    });
    const aid = created.data.id as string;
    expect(
      (
        await callRoute(actions.POST, {
          method: "POST",
          userId,
          params: { id: incidentId },
          json: { title: "Someone else's job", ownerId: outsider },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await callRoute(actions.POST, {
          method: "POST",
          userId: viewerId,
          params: { id: incidentId },
          json: { title: "Viewer item" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(actions.POST, {
          method: "POST",
          userId: outsider,
          params: { id: incidentId },
          json: { title: "Outsider item" },
        })
      ).status,
    ).toBe(404);
    const done = await callRoute(actionItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, aid },
      json: { status: "done" },
    });
    expect(done.data).toMatchObject({ status: "done" });
    expect(
      (
        await callRoute(actionItem.PATCH, {
          method: "PATCH",
          userId: outsider,
          params: { id: incidentId, aid },
          json: { status: "cancelled" },
        })
      ).status,
    ).toBe(404);
    const list = await callRoute(actions.GET, { userId: viewerId, params: { id: incidentId } });
    expect(list.data.actionItems).toEqual([
      expect.objectContaining({
        id: aid,
        status: "done",
        title: "Alert on disk.util_pct above 80% for 5 min",
      }),
    ]);
    // The next draft lists it with its owner.
    const g = await callRoute(postmortem.GET, { userId, params: { id: incidentId } });
    expect(g.data.draft as string).toMatch(
      /- \[x\] Alert on disk\.util_pct above 80% for 5 min — owner: User \d+, due 2026-12-11/,
    );
  });
});

describe("POST /api/runbooks", () => {
  it("turns the postmortem into a team runbook with the incident's finding rules", async () => {
    const r = await callRoute(runbooks.POST, {
      method: "POST",
      userId,
      json: { fromIncidentId: incidentId },
    });
    expect(r.status).toBe(201);
    expect(r.data.rules).toContain("disk-saturation");
    expect(r.data.title).toBe("Runbook: Disk <device> saturated");
    expect(r.data.markdown as string).toContain("### Root cause");
    const rb = await db.runbook.findUniqueOrThrow({
      where: { id: r.data.id as string },
      include: { versions: true },
    });
    expect(rb).toMatchObject({ teamId, currentVersion: 1, sourceIncidentId: incidentId });
    expect(rb.versions.map((v) => v.version)).toEqual([1]);

    const byHand = await callRoute(runbooks.POST, {
      method: "POST",
      userId,
      json: {
        title: "Disk full on /var",
        markdown: "# Disk full\n\nRun `du -xsh /var/*`.",
        rules: ["filesystem-full"],
      },
    });
    expect(byHand.status).toBe(201);
    expect(
      (
        await callRoute(runbooks.POST, {
          method: "POST",
          userId: outsider,
          json: { fromIncidentId: incidentId },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(runbooks.POST, {
          method: "POST",
          userId: viewerId,
          json: { fromIncidentId: incidentId },
        })
      ).status,
    ).toBe(403);
    const mine = await callRoute(runbooks.GET, { userId: viewerId });
    expect((mine.data.runbooks as { title: string }[]).map((x) => x.title).sort()).toEqual([
      "Disk full on /var",
      "Runbook: Disk <device> saturated",
    ]);
    expect((await callRoute(runbooks.GET, { userId: outsider })).data.runbooks).toEqual([]);
  });
});
