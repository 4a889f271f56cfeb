import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as incidents from "../route";
import * as fixes from "./fixes/route";
import * as hypothesisItem from "./hypotheses/[hid]/route";
import * as hypotheses from "./hypotheses/route";
import * as timelineItem from "./timeline/[eid]/route";
import * as timeline from "./timeline/route";

let userId: string;
let viewerId: string;
let outsider: string;
let incidentId: string;

beforeAll(async () => {
  const team = await seedTeam("Workflow");
  userId = (await seedUser(team.id, "responder")).id;
  viewerId = (await seedUser(team.id, "viewer")).id;
  outsider = (await seedUser((await seedTeam("Else")).id, "owner")).id;
  const inc = await callRoute(incidents.POST, {
    method: "POST",
    userId,
    json: { title: "Disk latency on db-1", severity: "SEV2", environment: "bare-metal" },
  });
  incidentId = inc.data.id as string;
});

describe("hypotheses, fixes and the timeline", () => {
  it("writes a hypothesis, links evidence, confirms it, and puts every change on the timeline", async () => {
    const created = await callRoute(hypotheses.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        text: "fio saturates vda: %util 100, await above 50 ms",
        evidence: [
          {
            kind: "window",
            from: "2026-12-04T10:00:00Z",
            to: "2026-12-04T10:05:00Z",
            metrics: ["disk.util_pct"],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const hid = created.data.id as string;
    const testing = await callRoute(hypothesisItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, hid },
      json: { status: "testing" },
    });
    expect(testing.data.status).toBe("testing");
    const confirmed = await callRoute(hypothesisItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, hid },
      json: { status: "confirmed" },
    });
    expect(confirmed.data.status).toBe("confirmed");
    const bad = await callRoute(hypothesisItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, hid },
      json: { status: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toMatch(/^status: must be one of/);
    const fix = await callRoute(fixes.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        description: "moved the fio job to the batch node",
        target: "db-1",
        hypothesisId: hid,
        appliedAt: "2026-12-04T10:06:00Z",
      },
    });
    expect(fix.status).toBe(201);
    expect(fix.data).toMatchObject({
      target: "db-1",
      appliedAt: "2026-12-04T10:06:00.000Z",
      author: { id: userId },
    });
    const entries = await callRoute(timeline.GET, { userId: viewerId, params: { id: incidentId } });
    const kinds = (entries.data.entries as { kind: string; message: string }[]).map(
      (e) => `${e.kind}: ${e.message}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        "hypothesis: Hypothesis: fio saturates vda: %util 100, await above 50 ms",
        "hypothesis: Hypothesis being tested: fio saturates vda: %util 100, await above 50 ms",
        "hypothesis: Hypothesis confirmed: fio saturates vda: %util 100, await above 50 ms",
        "fix: Fix applied on db-1: moved the fio job to the batch node",
      ]),
    );
    const onlyFixes = await callRoute(timeline.GET, {
      userId,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/timeline?kind=fix`,
    });
    expect((onlyFixes.data.entries as { kind: string }[]).map((e) => e.kind)).toEqual(["fix"]);
  });

  it("adds notes with a pinned finding or window, and edits a time learned late", async () => {
    const note = await callRoute(timeline.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: {
        message: "Customers report checkout timeouts since 09:40",
        pin: {
          kind: "window",
          from: "2026-12-04T09:40:00Z",
          to: "2026-12-04T10:00:00Z",
          metrics: [],
        },
      },
    });
    expect(note.status).toBe(201);
    const eid = note.data.id as string;
    const edited = await callRoute(timelineItem.PATCH, {
      method: "PATCH",
      userId,
      params: { id: incidentId, eid },
      json: { at: "2026-12-04T09:40:00Z" },
    });
    expect(edited.data).toMatchObject({
      at: "2026-12-04T09:40:00.000Z",
      data: { pin: { kind: "window" } },
    });
    expect(edited.data.editedAt).not.toBeNull();
  });

  it("refuses viewers (403) and other teams (404), and keeps what was stored", async () => {
    expect(
      (
        await callRoute(hypotheses.POST, {
          method: "POST",
          userId: viewerId,
          params: { id: incidentId },
          json: { text: "viewer guess here" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(fixes.POST, {
          method: "POST",
          userId: outsider,
          params: { id: incidentId },
          json: { description: "rm -rf", target: "db-1" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await callRoute(timeline.GET, { userId: outsider, params: { id: incidentId } })).status,
    ).toBe(404);
    const h = await db.hypothesis.findFirstOrThrow({ where: { incidentId } });
    expect(
      (
        await callRoute(hypothesisItem.PATCH, {
          method: "PATCH",
          userId: outsider,
          params: { id: incidentId, hid: h.id },
          json: { status: "refuted" },
        })
      ).status,
    ).toBe(404);
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: h.id } })).status).toBe(
      "confirmed",
    );
    expect(await db.fix.count({ where: { incidentId } })).toBe(1);
  });
});
