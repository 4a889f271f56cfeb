/**
 * Cookies over HTTPS (ASVS V3.4): with NEXTAUTH_URL=https://..., the team switch cookie is
 * Secure and HttpOnly even when TLS ends at a proxy in front (the request reaching the app is
 * http), and only the __Secure- prefixed session cookie next-auth sets over HTTPS is accepted.
 * next-auth's own cookies over HTTPS are checked on a real server in e2e/secrets.api.spec.ts.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { resetEnvCache } from "@/lib/env";
import { callRoute } from "@/lib/http/testing/call-route";
import * as current from "./current/route";

let teamId: string;
let userId: string;
const before = process.env.NEXTAUTH_URL;

beforeAll(async () => {
  teamId = (await seedTeam("Cookies")).id;
  userId = (await seedUser(teamId, "viewer")).id;
});

afterAll(() => {
  if (before === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = before;
  resetEnvCache();
});

function useUrl(url: string | undefined) {
  if (url === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = url;
  resetEnvCache();
}

async function session(name: string) {
  const token = await encode({
    token: { uid: userId, sub: userId },
    secret: process.env.NEXTAUTH_SECRET ?? "",
  });
  return `${name}=${token}`;
}

const put = (cookie: string) =>
  callRoute(current.PUT, {
    method: "PUT",
    path: "/api/teams/current",
    headers: { cookie },
    json: { teamId },
  });

describe("team cookie", () => {
  it("is HttpOnly and SameSite=Lax over http, not Secure (a browser would drop it)", async () => {
    useUrl("http://localhost:3000");
    const r = await put(await session("next-auth.session-token"));
    expect(r.status).toBe(200);
    const cookie = r.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^warroom-team=\w+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("is Secure and HttpOnly when the app is served over https, behind a TLS proxy too", async () => {
    useUrl("https://warroom.example.com");
    const r = await put(await session("__Secure-next-auth.session-token"));
    expect(r.status).toBe(200);
    const cookie = r.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/; Secure$/);
  });

  it("over https, a session cookie without the __Secure- prefix is not accepted", async () => {
    useUrl("https://warroom.example.com");
    expect((await put(await session("next-auth.session-token"))).status).toBe(401);
  });
});
