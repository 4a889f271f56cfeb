import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { burnPasswordCheck, verifyPassword } from "./password";
import { signInLimiter } from "./rate-limit";

const credentials = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

/** The caller's address for rate limiting: the first X-Forwarded-For hop, as a proxy sets it. */
function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return first?.split(",")[0]?.trim() || "local";
}

/** Session lifetime: a long war-room shift, not forever. */
const SESSION_MAX_AGE_S = 12 * 60 * 60;

/**
 * next-auth options: e-mail + password (argon2id), JWT sessions carrying only the user id.
 * Team and role are read from the database on every request (lib/auth/session.ts), so a role
 * change or a removed membership takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const ip = clientAddress(
            req.headers as Record<string, string | string[] | undefined> | undefined,
          );
          if (!signInLimiter.take(`${email}|${ip}`)) {
            await recordAudit({ action: "auth.sign_in_throttled", detail: { email, ip } });
            return null;
          }
          const user = await db.user.findUnique({ where: { email } });
          if (!user || user.disabledAt) {
            await burnPasswordCheck(password);
            await recordAudit({ action: "auth.sign_in_failed", detail: { email, ip } });
            return null;
          }
          if (!(await verifyPassword(user.passwordHash, password))) {
            await recordAudit({
              actorId: user.id,
              action: "auth.sign_in_failed",
              detail: { email, ip },
            });
            return null;
          }
          signInLimiter.reset(`${email}|${ip}`);
          await recordAudit({ actorId: user.id, action: "auth.sign_in", detail: { ip } });
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}
