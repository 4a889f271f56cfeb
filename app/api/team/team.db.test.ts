import { beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "@/lib/auth/api-tokens";
import { bootstrapAdmin } from "@/lib/auth/bootstrap";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as memberItem from "./members/[id]/route";
import * as members from "./members/route";
import * as teams from "../teams/route";
import * as currentTeam from "../teams/current/route";
import * as tokens from "../tokens/route";
import * as tokenItem from "../tokens/[id]/route";

let teamA: string;
let owner: string;
let responder: string;
let outsiderTeam: string;
let outsider: string;

beforeAll(async () => {
  teamA = (await seedTeam("Alpha")).id;
  owner = (await seedUser(teamA, "owner")).id;
  responder = (await seedUser(teamA, "responder")).id;
  outsiderTeam = (await seedTeam("Bravo")).id;
  outsider = (await seedUser(outsiderTeam, "owner")).id;
});

describe("team members", () => {
  it("lets an owner add a new account with a hashed password and set its role", async () => {
    const r = await callRoute(members.POST, {
      method: "POST",
      userId: owner,
      json: {
        email: "New.Person@Example.com",
        name: "New Person",
        role: "viewer",
        password: "twelve-chars-at-least",
      },
    });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ email: "new.person@example.com", role: "viewer" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.person@example.com" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, "twelve-chars-at-least")).toBe(true);
    const dup = await callRoute(members.POST, {
      method: "POST",
      userId: owner,
      json: { email: "new.person@example.com", name: "x", role: "viewer" },
    });
    expect(dup.status).toBe(409);
    const promote = await callRoute(memberItem.PATCH, {
      method: "PATCH",
      userId: owner,
      params: { id: r.data.id as string },
      json: { role: "responder" },
    });
    expect(promote.status).toBe(200);
    expect(promote.data.role).toBe("responder");
  });

  it("refuses member management to non-owners (403) and foreign memberships (404)", async () => {
    const add = await callRoute(members.POST, {
      method: "POST",
      userId: responder,
      json: { email: "x@example.com", name: "X", role: "owner", password: "twelve-chars-at-least" },
    });
    expect(add.status).toBe(403);
    const foreign = await db.membership.findFirstOrThrow({ where: { userId: outsider } });
    const patch = await callRoute(memberItem.PATCH, {
      method: "PATCH",
      userId: owner,
      params: { id: foreign.id },
      json: { role: "viewer" },
    });
    expect(patch.status).toBe(404);
    const del = await callRoute(memberItem.DELETE, {
      method: "DELETE",
      userId: owner,
      params: { id: foreign.id },
    });
    expect(del.status).toBe(404);
    expect((await db.membership.findUniqueOrThrow({ where: { id: foreign.id } })).role).toBe(
      "owner",
    );
  });

  it("keeps at least one owner", async () => {
    const mine = await db.membership.findFirstOrThrow({ where: { userId: owner, teamId: teamA } });
    const r = await callRoute(memberItem.PATCH, {
      method: "PATCH",
      userId: owner,
      params: { id: mine.id },
      json: { role: "viewer" },
    });
    expect(r.status).toBe(409);
    expect(r.data.error).toMatch(/at least one owner/);
  });

  it("creates a team and switches to it only when the user belongs to it", async () => {
    const created = await callRoute(teams.POST, {
      method: "POST",
      userId: responder,
      json: { name: "Storage SRE" },
    });
    expect(created.status).toBe(201);
    const ok = await callRoute(currentTeam.PUT, {
      method: "PUT",
      userId: responder,
      json: { teamId: created.data.id },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/warroom-team=.*HttpOnly/);
    const foreign = await callRoute(currentTeam.PUT, {
      method: "PUT",
      userId: responder,
      json: { teamId: outsiderTeam },
    });
    expect(foreign.status).toBe(404);
    // In the new team the responder is owner: listing members there shows only them.
    const list = await callRoute(members.GET, {
      userId: responder,
      cookies: { "warroom-team": created.data.id as string },
    });
    expect(list.data.members as { userId: string; role: string }[]).toEqual([
      expect.objectContaining({ userId: responder, role: "owner" }),
    ]);
  });
});

describe("API tokens", () => {
  it("shows the secret once, stores only its hash, and stops working when revoked", async () => {
    const r = await callRoute(tokens.POST, {
      method: "POST",
      userId: responder,
      json: { name: "db hosts" },
    });
    expect(r.status).toBe(201);
    const secret = r.data.secret as string;
    expect(secret).toMatch(/^wr_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: r.data.id as string } });
    expect(row.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret.slice(3));
    expect(await authenticateApiToken(secret)).toMatchObject({ teamId: teamA });
    const list = await callRoute(tokens.GET, { userId: owner });
    expect(JSON.stringify(list.data)).not.toContain(secret);
    expect(
      (
        await callRoute(tokenItem.DELETE, {
          method: "DELETE",
          userId: outsider,
          params: { id: row.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(tokenItem.DELETE, {
          method: "DELETE",
          userId: responder,
          params: { id: row.id },
        })
      ).status,
    ).toBe(204);
    expect(await authenticateApiToken(secret)).toBeNull();
  });
});

describe("first admin", () => {
  it("creates the admin from the environment, and resets its password on the next start", async () => {
    const first = await bootstrapAdmin({
      email: "Ops@Example.com",
      password: "first-password-123",
    });
    expect(first).toEqual({ kind: "env-admin", email: "ops@example.com", created: true });
    const again = await bootstrapAdmin({
      email: "ops@example.com",
      password: "second-password-456",
    });
    expect(again).toMatchObject({ created: false });
    const user = await db.user.findUniqueOrThrow({
      where: { email: "ops@example.com" },
      include: { memberships: true },
    });
    expect(await verifyPassword(user.passwordHash, "second-password-456")).toBe(true);
    expect(user.memberships.map((m) => m.role)).toEqual(["owner"]);
    // Without the variables and with users present, nothing is generated.
    expect(await bootstrapAdmin({})).toEqual({ kind: "existing" });
  });
});
