/**
 * The audit log: sign-ins (and failed ones) through the real credentials check, API token use
 * (the first use per token per minute), edits and deletions; readable by owners only, filtered
 * by action, person and time, paged, and scoped to the team.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as ingest from "../ingest/route";
import * as incidents from "../incidents/route";
import * as runbookItem from "../runbooks/[rid]/route";
import * as runbooks from "../runbooks/route";
import * as memberItem from "../team/members/[id]/route";
import * as tokenItem from "../tokens/[id]/route";
import * as tokens from "../tokens/route";
import * as audit from "./route";

const PASSWORD = "a-long-test-password";
let teamId: string;
let owner: { id: string; email: string };
let responder: { id: string; email: string };
let viewer: { id: string; email: string };
let otherOwner: { id: string; email: string };

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { id: string } | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

async function signIn(email: string, password: string): Promise<boolean> {
  const provider = authOptions().providers[0] as unknown as {
    options: { authorize: (c: unknown, req: unknown) => Promise<unknown> };
  };
  return (await provider.options.authorize({ email, password }, { headers: {} })) !== null;
}

async function read(query = "", userId = owner.id) {
  const r = await callRoute(audit.GET, { userId, path: `/api/audit${query ? `?${query}` : ""}` });
  return r as typeof r & {
    data: { entries: Entry[]; nextBefore: string | null; actions: string[] };
  };
}

beforeAll(async () => {
  const team = await seedTeam("Audited");
  teamId = team.id;
  owner = await seedUser(team.id, "owner", { password: PASSWORD });
  responder = await seedUser(team.id, "responder", { password: PASSWORD });
  viewer = await seedUser(team.id, "viewer", { password: PASSWORD });
  otherOwner = await seedUser((await seedTeam("Not audited here")).id, "owner", {
    password: PASSWORD,
  });
});

describe("what is recorded", () => {
  it("sign-ins and failed sign-ins of the team's members", async () => {
    expect(await signIn(responder.email, PASSWORD)).toBe(true);
    expect(await signIn(responder.email, "not-the-password")).toBe(false);
    expect(await signIn(otherOwner.email, PASSWORD)).toBe(true);
    const { data } = await read("action=auth.");
    const mine = data.entries.map((e) => `${e.action} ${e.actor?.id ?? "-"}`);
    expect(mine).toEqual([`auth.sign_in_failed ${responder.id}`, `auth.sign_in ${responder.id}`]);
  });

  it("the first use of an API token in each minute, not every upload", async () => {
    const t = await callRoute(tokens.POST, {
      method: "POST",
      userId: responder.id,
      json: { name: "db-1 collector" },
    });
    const secret = t.data.secret as string;
    const tokenId = t.data.id as string;
    const upload = () =>
      callRoute(ingest.POST, {
        method: "POST",
        bearer: secret,
        path: "/api/ingest?host=db-1&tool=uptime",
        body: " 10:00:01 up 3 days,  2:03,  1 user,  load average: 0.52, 0.58, 0.59\n",
        headers: { "content-type": "text/plain" },
      });
    const statuses = await Promise.all([upload(), upload(), upload()]);
    for (const s of statuses) expect([200, 201]).toContain(s.status);
    const uses = () => db.auditLog.count({ where: { action: "token.use", targetId: tokenId } });
    expect(await uses()).toBe(1);
    // A minute later the next use is recorded again.
    await db.apiToken.update({
      where: { id: tokenId },
      data: { lastUsedAt: new Date(Date.now() - 61_000) },
    });
    await upload();
    await upload();
    expect(await uses()).toBe(2);
    const { data } = await read("action=token.use");
    expect(data.entries[0]).toMatchObject({
      action: "token.use",
      actor: null,
      targetType: "token",
      targetId: tokenId,
      detail: { name: "db-1 collector" },
    });
    // The upload itself is there too, with the token that made it.
    const uploads = await read("action=snapshot.upload");
    expect(uploads.data.entries[0]?.detail).toMatchObject({ host: "db-1", tokenId });
    const revoked = await callRoute(tokenItem.DELETE, {
      method: "DELETE",
      userId: owner.id,
      params: { id: tokenId },
    });
    expect(revoked.status).toBe(204);
  });

  it("edits and deletions, with who did them", async () => {
    const inc = await callRoute(incidents.POST, {
      method: "POST",
      userId: responder.id,
      json: { title: "Audited incident", severity: "SEV3", environment: "vm" },
    });
    expect(inc.status).toBe(201);
    const rb = await callRoute(runbooks.POST, {
      method: "POST",
      userId: responder.id,
      json: { title: "Short-lived runbook", markdown: "# Short-lived" },
    });
    await callRoute(runbookItem.DELETE, {
      method: "DELETE",
      userId: responder.id,
      params: { rid: rb.data.id as string },
    });
    const m = await db.membership.findFirstOrThrow({ where: { teamId, userId: viewer.id } });
    expect(
      (
        await callRoute(memberItem.DELETE, {
          method: "DELETE",
          userId: owner.id,
          params: { id: m.id },
        })
      ).status,
    ).toBe(204);
    const { data } = await read();
    const seen = data.entries.map((e) => `${e.action} ${e.actor?.id ?? "-"}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `incident.create ${responder.id}`,
        `runbook.create ${responder.id}`,
        `runbook.delete ${responder.id}`,
        `member.remove ${owner.id}`,
        `token.revoke ${owner.id}`,
        `token.create ${responder.id}`,
      ]),
    );
    expect(data.actions).toEqual(
      expect.arrayContaining(["runbook.delete", "token.use", "auth.sign_in"]),
    );
    // Newest first.
    const ids = data.entries.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0))).toEqual(ids);
  });
});

describe("reading it", () => {
  it("filters by action, person and time, and pages", async () => {
    const deletions = await read("action=runbook.delete");
    expect(deletions.data.entries.map((e) => e.action)).toEqual(["runbook.delete"]);
    const byOwner = await read(`user=${owner.id}`);
    expect(new Set(byOwner.data.entries.map((e) => e.actor?.id))).toEqual(new Set([owner.id]));
    const future = await read(
      `from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.data.entries).toEqual([]);
    const past = await read(`to=${encodeURIComponent("2020-01-01T00:00:00Z")}`);
    expect(past.data.entries).toEqual([]);
    const all = await read();
    const first = await read("limit=2");
    expect(first.data.entries.map((e) => e.id)).toEqual(
      all.data.entries.slice(0, 2).map((e) => e.id),
    );
    const second = await read(`limit=2&before=${first.data.nextBefore ?? ""}`);
    expect(second.data.entries.map((e) => e.id)).toEqual(
      all.data.entries.slice(2, 4).map((e) => e.id),
    );
    expect((await read("action=DROP TABLE")).status).toBe(400);
  });

  it("is for owners only (403), and each owner sees only their team", async () => {
    expect((await read("", responder.id)).status).toBe(403);
    expect((await callRoute(audit.GET, { path: "/api/audit" })).status).toBe(401);
    const theirs = await read("", otherOwner.id);
    expect(theirs.status).toBe(200);
    const actors = new Set(theirs.data.entries.map((e) => e.actor?.id ?? null));
    expect(actors.has(responder.id) || actors.has(owner.id)).toBe(false);
    expect(theirs.data.entries.map((e) => e.action)).toEqual(["auth.sign_in"]);
  });
});
