import { readFile, mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { backupToFile } from "../lib/db/backup";
import { ADMIN, startServer, stopServer, trySignIn } from "../scripts/bench/own-server";
import { expect, test } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * Secrets (ASVS V2.4, V3.4, V7.1, V11): a real server of its own, with NEXTAUTH_URL=https://...
 * (TLS would end at a proxy in front) and its whole log captured. A session of sign-ins (right
 * and wrong), a member created with a password that is then changed, API tokens created, used
 * and revoked, uploads. Then:
 *  - next-auth's cookies are Secure and HttpOnly with the __Host-/__Secure- prefixes;
 *  - the 11th sign-in for one e-mail within 15 minutes is refused even with the right password,
 *    and the audit log records the throttling;
 *  - no password and no token secret used appears in a dump of every table, nor in the log.
 */
const PORT = e2eServer.secretsPort;
const BASE = `http://localhost:${PORT}`;
const MEMBER = { email: `member-${Date.now()}@warroom.test`, first: "member-first-pass-1234" };
const MEMBER_NEW = "member-second-pass-5678";
const GUESSES = Array.from({ length: 10 }, (_, i) => `guess-${i}-Winter2026!`);

test("secrets never stored or logged in clear; sign-in throttled; Secure HttpOnly cookies over https", async () => {
  test.setTimeout(180_000);
  const server = await startServer({
    port: PORT,
    dataDir: `bench-data/secrets-${PORT}`,
    fresh: true,
    env: { NEXTAUTH_URL: `https://localhost:${PORT}` },
  });
  const dir = await mkdtemp(path.join(tmpdir(), "warroom-secrets-"));
  try {
    // next-auth over https: prefixed, Secure, HttpOnly cookies.
    await trySignIn(BASE, ADMIN.email, "admin-wrong-guess-1");
    const admin = await trySignIn(BASE);
    expect(admin.location).not.toContain("error");
    const csrfCookie = admin.setCookies.find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    const sessionCookie = admin.setCookies.find((c) =>
      c.startsWith("__Secure-next-auth.session-token="),
    );
    for (const c of [csrfCookie, sessionCookie]) {
      expect(c).toBeDefined();
      expect(c).toMatch(/; HttpOnly/i);
      expect(c).toMatch(/; Secure/i);
      expect(c).toMatch(/; SameSite=Lax/i);
    }
    const cookie = admin.cookie;
    const api = (p: string, init: RequestInit & { json?: unknown } = {}) =>
      fetch(`${BASE}${p}`, {
        ...init,
        headers: {
          cookie,
          ...(init.json === undefined ? {} : { "content-type": "application/json" }),
          ...(init.headers as Record<string, string> | undefined),
        },
        body: init.json === undefined ? init.body : JSON.stringify(init.json),
      });

    // A member with a password, who then changes it.
    const added = await api("/api/team/members", {
      method: "POST",
      json: { email: MEMBER.email, name: "Member", role: "responder", password: MEMBER.first },
    });
    expect(added.status).toBe(201);
    const member = await trySignIn(BASE, MEMBER.email, MEMBER.first);
    expect(member.cookie).not.toBe("");
    const changed = await fetch(`${BASE}/api/me/password`, {
      method: "PUT",
      headers: { cookie: member.cookie, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: MEMBER.first, newPassword: MEMBER_NEW }),
    });
    expect(changed.status).toBe(204);

    // Tokens: created, used, revoked, used again, used where tokens do not go.
    const t1 = (await (
      await api("/api/tokens", { method: "POST", json: { name: "one" } })
    ).json()) as {
      id: string;
      secret: string;
    };
    const t2 = (await (
      await api("/api/tokens", { method: "POST", json: { name: "two" } })
    ).json()) as {
      id: string;
      secret: string;
    };
    const bundle = readFileSync("lib/snapshot/fixtures/bundles/light-load.tar.gz");
    const up = await fetch(`${BASE}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${t1.secret}`, "content-type": "application/gzip" },
      body: bundle,
    });
    expect(up.status).toBe(201);
    expect((await api(`/api/tokens/${t2.id}`, { method: "DELETE" })).status).toBe(204);
    const revoked = await fetch(`${BASE}/api/ingest`, {
      method: "POST",
      headers: { authorization: `Bearer ${t2.secret}`, "content-type": "application/gzip" },
      body: bundle,
    });
    expect(revoked.status).toBe(401);
    const elsewhere = await fetch(`${BASE}/api/incidents`, {
      headers: { authorization: `Bearer ${t1.secret}` },
    });
    expect(elsewhere.status).toBe(401);

    // Guessing: ten wrong passwords, then the right one is refused too.
    for (const guess of GUESSES) {
      const a = await trySignIn(BASE, MEMBER.email, guess);
      expect(a.location).toContain("error");
    }
    const eleventh = await trySignIn(BASE, MEMBER.email, MEMBER_NEW);
    expect(eleventh.location, "the 11th attempt is refused even with the right password").toContain(
      "error",
    );
    expect(eleventh.cookie).toBe("");
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const audit = await db.query<{ action: string; n: number }>(
        `SELECT action, count(*)::int AS n FROM "AuditLog" WHERE detail->>'email' = $1 GROUP BY action`,
        [MEMBER.email],
      );
      const byAction = Object.fromEntries(audit.rows.map((r) => [r.action, r.n]));
      expect(byAction["auth.sign_in_failed"]).toBe(10);
      expect(byAction["auth.sign_in_throttled"]).toBeGreaterThanOrEqual(1);
    } finally {
      await db.end();
    }

    // Nothing in clear: a dump of every table, and everything the server printed.
    const file = path.join(dir, "all.sql");
    await backupToFile(server.databaseUrl, file);
    const dump = await readFile(file, "utf8");
    const log = server.log();
    expect(dump).toContain(MEMBER.email); // the dump is not empty...
    expect(dump).toMatch(/\$argon2id\$/); // ...passwords are argon2id hashes...
    expect(dump).toContain(
      (await import("node:crypto")).createHash("sha256").update(t1.secret).digest("hex"),
    ); // ...tokens sha256
    const secrets = {
      "admin password": ADMIN.password,
      "member's first password": MEMBER.first,
      "member's new password": MEMBER_NEW,
      "wrong admin password": "admin-wrong-guess-1",
      "token one": t1.secret,
      "token two (revoked)": t2.secret,
      ...Object.fromEntries(GUESSES.map((g, i) => [`guess ${i + 1}`, g])),
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret), `${what} in the database dump`).toBe(false);
      expect(log.includes(secret), `${what} in the server log`).toBe(false);
    }
  } finally {
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
});
