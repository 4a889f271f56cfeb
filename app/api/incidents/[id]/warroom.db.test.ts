/**
 * The war room on one incident: every mutation is broadcast (PostgreSQL NOTIFY, heard on a real
 * LISTEN connection here), presence counts people once and forgets hidden or silent tabs, roles
 * (commander, scribe, responders) are members only and go on the timeline, evidence is pinned to
 * the timeline, and an action item is made from a timeline entry. Cross-team and viewer checks on
 * every new route.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import { INCIDENT_CHANNEL, type IncidentChange } from "@/lib/realtime/channel";
import * as teamActionItem from "../../actions/[aid]/route";
import * as teamActions from "../../actions/route";
import * as incidents from "../route";
import * as actions from "./actions/route";
import * as findings from "./findings/route";
import * as fixes from "./fixes/route";
import * as hypotheses from "./hypotheses/route";
import * as participants from "./participants/route";
import * as postmortem from "./postmortem/route";
import * as presence from "./presence/route";
import * as incident from "./route";
import * as snapshots from "./snapshots/route";
import * as timeline from "./timeline/route";

const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");

let teamId: string;
let ana: { id: string; name: string };
let ben: { id: string; name: string };
let viewer: { id: string; name: string };
let outsider: { id: string; name: string };
let incidentId: string;
let listener: pg.Client;
const heard: IncidentChange[] = [];

beforeAll(async () => {
  const team = await seedTeam("War room");
  teamId = team.id;
  ana = await seedUser(team.id, "responder");
  ben = await seedUser(team.id, "responder");
  viewer = await seedUser(team.id, "viewer");
  outsider = await seedUser((await seedTeam("Elsewhere")).id, "owner");
  const inc = await callRoute(incidents.POST, {
    method: "POST",
    userId: ana.id,
    json: { title: "Checkout p99 above 3 s", severity: "SEV2", environment: "vm" },
  });
  incidentId = inc.data.id as string;
  listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  listener.on("notification", (m) => {
    if (m.channel === INCIDENT_CHANNEL && m.payload)
      heard.push(JSON.parse(m.payload) as IncidentChange);
  });
  await listener.query(`LISTEN ${INCIDENT_CHANNEL}`);
});

afterAll(async () => {
  await listener.end();
});

/** The topics broadcast for this incident while `work` ran (NOTIFY arrives after COMMIT). */
async function topicsOf(work: () => Promise<{ status: number }>, expected: number[] = [200, 201]) {
  // Let what earlier calls broadcast arrive first, so it is not counted as this call's.
  await new Promise((res) => setTimeout(res, 100));
  heard.length = 0;
  const r = await work();
  expect(expected).toContain(r.status);
  await new Promise((res) => setTimeout(res, 150));
  const mine = heard.filter((c) => c.incidentId === incidentId);
  for (const c of mine) expect(c.teamId).toBe(teamId);
  return new Set(mine.flatMap((c) => c.topics));
}

describe("live updates: every mutation is broadcast after commit", () => {
  it("incident fields, notes, hypotheses, fixes, snapshots, findings, postmortem, actions and roles", async () => {
    const p = { id: incidentId };
    expect(
      await topicsOf(() =>
        callRoute(incident.PATCH, {
          method: "PATCH",
          userId: ana.id,
          params: p,
          json: { currentStep: "collect" },
        }),
      ),
    ).toEqual(new Set(["incident", "timeline"]));
    expect(
      await topicsOf(() =>
        callRoute(incident.PATCH, {
          method: "PATCH",
          userId: ana.id,
          params: p,
          json: { summary: "EU customers time out at checkout" },
        }),
      ),
    ).toEqual(new Set(["incident"]));
    expect(
      await topicsOf(() =>
        callRoute(timeline.POST, {
          method: "POST",
          userId: ben.id,
          params: p,
          json: { message: "Grafana shows the p99 jump at 10:40" },
        }),
      ),
    ).toEqual(new Set(["timeline"]));
    const uploaded = await topicsOf(() =>
      callRoute(snapshots.POST, {
        method: "POST",
        userId: ana.id,
        params: p,
        path: `/api/incidents/${incidentId}/snapshots?role=incident`,
        body: readFileSync(path.join(SCENARIOS, "disk-random-io.tar.gz")),
        headers: { "content-type": "application/gzip" },
      }),
    );
    expect(uploaded).toEqual(new Set(["snapshots", "timeline", "findings"]));
    expect(
      await topicsOf(() => callRoute(findings.POST, { method: "POST", userId: ana.id, params: p })),
    ).toEqual(new Set(["findings"]));
    const h = await callRoute(hypotheses.POST, {
      method: "POST",
      userId: ben.id,
      params: p,
      json: { text: "A fio job saturates vda" },
    });
    expect(h.status).toBe(201);
    expect(
      await topicsOf(() =>
        callRoute(hypotheses.POST, {
          method: "POST",
          userId: ben.id,
          params: p,
          json: { text: "The checkout pool is too small" },
        }),
      ),
    ).toEqual(new Set(["hypotheses", "timeline"]));
    expect(
      await topicsOf(() =>
        callRoute(fixes.POST, {
          method: "POST",
          userId: ana.id,
          params: p,
          json: { description: "Stopped the fio job", target: "the vm" },
        }),
      ),
    ).toEqual(new Set(["fixes", "timeline"]));
    expect(
      await topicsOf(() =>
        callRoute(postmortem.POST, {
          method: "POST",
          userId: ana.id,
          params: p,
          json: { markdown: "# Postmortem\n\nfio saturated vda.", baseVersion: 0 },
        }),
      ),
    ).toEqual(new Set(["postmortem", "timeline"]));
    expect(
      await topicsOf(() =>
        callRoute(actions.POST, {
          method: "POST",
          userId: ana.id,
          params: p,
          json: { title: "Alert on disk %util above 90 for 5 min" },
        }),
      ),
    ).toEqual(new Set(["actions", "timeline"]));
    expect(
      await topicsOf(() =>
        callRoute(participants.PUT, {
          method: "PUT",
          userId: ana.id,
          params: p,
          json: { scribeId: ben.id, responderIds: [ana.id] },
        }),
      ),
    ).toEqual(new Set(["participants", "timeline"]));
  });

  it("says nothing when a write is refused", async () => {
    const t = await topicsOf(
      () =>
        callRoute(timeline.POST, {
          method: "POST",
          userId: viewer.id,
          params: { id: incidentId },
          json: { message: "viewers cannot write" },
        }),
      [403],
    );
    expect(t.size).toBe(0);
  });
});

describe("roles: commander, scribe and responders", () => {
  it("sets them, members only, and writes who has which role on the timeline", async () => {
    const put = await callRoute(participants.PUT, {
      method: "PUT",
      userId: ana.id,
      params: { id: incidentId },
      json: { scribeId: ana.id, responderIds: [ben.id, ana.id], commanderId: ben.id },
    });
    expect(put.status).toBe(200);
    expect(put.data).toMatchObject({
      commander: { id: ben.id },
      scribe: { id: ana.id },
      // The scribe is not listed twice.
      responders: [{ id: ben.id }],
    });
    const got = await callRoute(participants.GET, {
      userId: viewer.id,
      params: { id: incidentId },
    });
    expect(got.data).toEqual(put.data);
    const roles = await callRoute(timeline.GET, {
      userId: viewer.id,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/timeline?kind=role`,
    });
    const messages = (roles.data.entries as { message: string }[]).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${ben.name} is now scribe`,
        `${ana.name} is now scribe`,
        `${ben.name} is now incident commander`,
        `${ana.name} joined as responder`,
        `${ben.name} is now a responder`,
      ]),
    );
    const inc = await callRoute(incident.GET, { userId: viewer.id, params: { id: incidentId } });
    expect(inc.data.commander).toEqual({ id: ben.id, name: ben.name });
  });

  it("refuses people outside the team (400 naming the field), viewers (403), other teams (404)", async () => {
    const foreign = await callRoute(participants.PUT, {
      method: "PUT",
      userId: ana.id,
      params: { id: incidentId },
      json: { scribeId: null, responderIds: [ben.id, outsider.id] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.data.error).toMatch(/^responderIds\.1: not a member of this team/);
    expect(
      (
        await callRoute(participants.PUT, {
          method: "PUT",
          userId: viewer.id,
          params: { id: incidentId },
          json: { scribeId: null, responderIds: [] },
        })
      ).status,
    ).toBe(403);
    for (const r of [
      await callRoute(participants.GET, { userId: outsider.id, params: { id: incidentId } }),
      await callRoute(participants.PUT, {
        method: "PUT",
        userId: outsider.id,
        params: { id: incidentId },
        json: { scribeId: outsider.id, responderIds: [] },
      }),
    ])
      expect(r.status).toBe(404);
    // Nothing changed.
    const got = await callRoute(participants.GET, { userId: ana.id, params: { id: incidentId } });
    expect(got.data).toMatchObject({ scribe: { id: ana.id }, responders: [{ id: ben.id }] });
  });
});

describe("presence", () => {
  const beat = (userId: string, connectionId: string, state: "visible" | "hidden") =>
    callRoute(presence.POST, {
      method: "POST",
      userId,
      params: { id: incidentId },
      json: { connectionId, state },
    });
  const here = async () =>
    (
      (await callRoute(presence.GET, { userId: ana.id, params: { id: incidentId } })).data
        .users as { id: string }[]
    )
      .map((u) => u.id)
      .sort();

  it("counts a person once however many tabs, forgets hidden tabs at once and silent ones after the TTL", async () => {
    const first = await beat(ana.id, "tab-ana-0001", "visible");
    expect(first.status).toBe(200);
    expect((first.data.users as { id: string }[]).map((u) => u.id)).toEqual([ana.id]);
    await beat(ana.id, "tab-ana-0002", "visible");
    // Viewers are in the room too.
    expect((await beat(viewer.id, "tab-viewer-01", "visible")).status).toBe(200);
    expect(await here()).toEqual([ana.id, viewer.id].sort());

    // One of Ana's tabs goes to the background: she is still here (her other tab).
    await beat(ana.id, "tab-ana-0001", "hidden");
    expect(await here()).toEqual([ana.id, viewer.id].sort());
    await beat(ana.id, "tab-ana-0002", "hidden");
    expect(await here()).toEqual([viewer.id]);

    // The viewer's tab dies without a word: gone once its heartbeat is older than the TTL.
    await getPool().query(
      `UPDATE "IncidentPresence" SET "lastSeenAt" = now() - interval '31 seconds' WHERE "connectionId" = 'tab-viewer-01'`,
    );
    expect(await here()).toEqual([]);
    // Its next heartbeat brings it back.
    await beat(viewer.id, "tab-viewer-01", "visible");
    expect(await here()).toEqual([viewer.id]);
  });

  it("tells the room only when the people shown change", async () => {
    await beat(ben.id, "tab-ben-00001", "visible");
    expect(await topicsOf(() => beat(ben.id, "tab-ben-00001", "visible"))).toEqual(new Set());
    expect(await topicsOf(() => beat(ben.id, "tab-ben-00002", "visible"))).toEqual(new Set());
    expect(await topicsOf(() => beat(ben.id, "tab-ben-00002", "hidden"))).toEqual(
      new Set(["presence"]),
    );
  });

  it("leaves another user's tab id alone and hides the room from other teams", async () => {
    await beat(ana.id, "tab-shared-01", "visible");
    await beat(ben.id, "tab-shared-01", "visible");
    const row = await db.incidentPresence.findUnique({ where: { connectionId: "tab-shared-01" } });
    expect(row?.userId).toBe(ana.id);
    expect((await beat(outsider.id, "tab-outsider1", "visible")).status).toBe(404);
    expect(
      (await callRoute(presence.GET, { userId: outsider.id, params: { id: incidentId } })).status,
    ).toBe(404);
    expect(
      (
        await callRoute(presence.POST, {
          method: "POST",
          userId: ana.id,
          params: { id: incidentId },
          json: { connectionId: "no spaces!", state: "visible" },
        })
      ).status,
    ).toBe(400);
  });
});

describe("evidence pinned to the timeline, and action items from it", () => {
  it("pins a finding of this incident (rule and title copied) and a chart window", async () => {
    const list = await callRoute(findings.GET, { userId: ana.id, params: { id: incidentId } });
    const top = (list.data.findings as { id: string; rule: string; title: string }[])[0];
    expect(top?.rule).toBe("disk-saturation");
    const pinned = await callRoute(timeline.POST, {
      method: "POST",
      userId: ana.id,
      params: { id: incidentId },
      json: {
        message: "This is the cause: vda at 89% busy with a queue of 22",
        pin: { kind: "finding", findingId: top?.id },
      },
    });
    expect(pinned.status).toBe(201);
    expect(pinned.data.data).toEqual({
      pin: { kind: "finding", findingId: top?.id, rule: "disk-saturation", title: top?.title },
    });
    const windowPin = await callRoute(timeline.POST, {
      method: "POST",
      userId: ben.id,
      params: { id: incidentId },
      json: {
        message: "Latency starts here",
        pin: {
          kind: "window",
          from: "2026-12-04T17:17:15Z",
          to: "2026-12-04T17:17:40Z",
          metrics: ["disk.util_pct{device=vda}"],
        },
      },
    });
    expect(windowPin.status).toBe(201);
    expect(windowPin.data.data).toMatchObject({
      pin: { kind: "window", metrics: ["disk.util_pct{device=vda}"] },
    });
  });

  it("refuses a finding of another incident", async () => {
    const other = await callRoute(incidents.POST, {
      method: "POST",
      userId: ana.id,
      json: { title: "Another incident", severity: "SEV4", environment: "vm" },
    });
    const r = await callRoute(timeline.POST, {
      method: "POST",
      userId: ana.id,
      params: { id: other.data.id as string },
      json: {
        message: "not mine",
        pin: {
          kind: "finding",
          findingId: (await db.finding.findFirstOrThrow({ where: { incidentId } })).id,
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.data.error).toMatch(/^pin\.findingId/);
  });

  it("makes an action item from a timeline entry, linked on the timeline, listed team-wide", async () => {
    const entries = await callRoute(timeline.GET, {
      userId: ana.id,
      params: { id: incidentId },
      path: `/api/incidents/${incidentId}/timeline?kind=note`,
    });
    const note = (entries.data.entries as { id: string; message: string }[]).find((e) =>
      e.message.startsWith("Grafana"),
    );
    expect(note).toBeDefined();
    const created = await callRoute(actions.POST, {
      method: "POST",
      userId: ben.id,
      params: { id: incidentId },
      json: {
        title: "Add a p99 latency alert on checkout",
        ownerId: ben.id,
        dueDate: "2020-01-31",
        timelineEntryId: note?.id,
      },
    });
    expect(created.status).toBe(201);
    const linked = await db.timelineEntry.findFirst({
      where: {
        incidentId,
        kind: "action",
        message: "Action item: Add a p99 latency alert on checkout",
      },
    });
    expect(linked?.data).toEqual({ actionItemId: created.data.id, fromEntryId: note?.id });

    // Team-wide: open, Ben's, overdue (due 2020) first.
    const mine = await callRoute(teamActions.GET, {
      userId: ben.id,
      path: "/api/actions?owner=me",
    });
    expect(mine.status).toBe(200);
    const items = mine.data.actionItems as {
      id: string;
      overdue: boolean;
      incident: { id: string; key: string };
    }[];
    expect(items.map((i) => i.id)).toEqual([created.data.id]);
    expect(items[0]).toMatchObject({ overdue: true, incident: { id: incidentId, key: "INC-1" } });
    const unowned = await callRoute(teamActions.GET, {
      userId: viewer.id,
      path: "/api/actions?owner=none",
    });
    expect((unowned.data.actionItems as { title: string }[]).map((i) => i.title)).toEqual([
      "Alert on disk %util above 90 for 5 min",
    ]);

    // Done: out of the open list, in the done one; the timeline says so.
    const done = await callRoute(teamActionItem.PATCH, {
      method: "PATCH",
      userId: ana.id,
      params: { aid: created.data.id as string },
      json: { status: "done" },
    });
    expect(done.data.status).toBe("done");
    const open = await callRoute(teamActions.GET, { userId: ana.id, path: "/api/actions" });
    expect((open.data.actionItems as { id: string }[]).map((i) => i.id)).not.toContain(
      created.data.id,
    );
    const doneList = await callRoute(teamActions.GET, {
      userId: ana.id,
      path: "/api/actions?status=done",
    });
    expect((doneList.data.actionItems as { id: string; overdue: boolean }[])[0]).toMatchObject({
      id: created.data.id,
      overdue: false,
    });
  });

  it("keeps action items to their team and writes to responders", async () => {
    const item = await db.actionItem.findFirstOrThrow({ where: { teamId } });
    expect(
      (await callRoute(teamActions.GET, { userId: outsider.id, path: "/api/actions?status=all" }))
        .data.actionItems,
    ).toEqual([]);
    for (const r of [
      await callRoute(teamActionItem.PATCH, {
        method: "PATCH",
        userId: outsider.id,
        params: { aid: item.id },
        json: { status: "cancelled" },
      }),
      await callRoute(teamActionItem.DELETE, {
        method: "DELETE",
        userId: outsider.id,
        params: { aid: item.id },
      }),
    ])
      expect(r.status).toBe(404);
    expect(
      (
        await callRoute(teamActionItem.PATCH, {
          method: "PATCH",
          userId: viewer.id,
          params: { aid: item.id },
          json: { status: "cancelled" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(actions.POST, {
          method: "POST",
          userId: ana.id,
          params: { id: incidentId },
          json: { title: "From a foreign owner", ownerId: outsider.id },
        })
      ).status,
    ).toBe(400);
    const del = await callRoute(teamActionItem.DELETE, {
      method: "DELETE",
      userId: ana.id,
      params: { aid: item.id },
    });
    expect(del.status).toBe(204);
    expect(await db.actionItem.findUnique({ where: { id: item.id } })).toBeNull();
    const audit = await db.auditLog.findFirst({
      where: { action: "action.delete", targetId: item.id },
    });
    expect(audit).toMatchObject({ teamId, actorId: ana.id });
  });
});
