import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z, ZodError, type ZodType } from "zod";
import { authenticateApiToken, type TokenPrincipal } from "@/lib/auth/api-tokens";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { resolveActor, type Actor } from "@/lib/auth/session";
import { AppError, type FieldIssue } from "./errors";
import { logError, logInfo } from "./log";

/**
 * The one wrapper chain every route handler goes through:
 *   authenticate (session or API token) -> team scope + role -> zod-parse params, query and body
 *   -> handler -> map errors to status codes.
 * Handlers receive a context whose team id (and user, for session routes) is always set, and
 * return a Response or a JSON-able value (answered 200).
 */

type RouteParams = { params: Promise<Record<string, string | string[]>> };
type Handler = (req: Request, ctx: RouteParams) => Promise<Response>;

interface InputSpec<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  /** JSON body schema. Omit for routes that read the body themselves (uploads). */
  body?: ZodType<B>;
}

interface Input<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
  requestId: string;
}

export interface SessionContext<P, Q, B> extends Input<P, Q, B>, Actor {}
export interface TokenContext<P, Q, B> extends Input<P, Q, B> {
  token: TokenPrincipal;
  teamId: string;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function json(data: unknown, init?: ResponseInit): Response {
  return NextResponse.json(data, init);
}

function errorResponse(err: AppError): Response {
  const body: { error: string; code: string; issues?: FieldIssue[] } = {
    error: err.message,
    code: err.code,
  };
  if (err.extra.issues) body.issues = err.extra.issues;
  return NextResponse.json(body, { status: err.status, headers: err.extra.headers });
}

function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

function describeIssues(issues: FieldIssue[], where: string): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path === "" ? `${where}: ${i.message}` : `${i.path}: ${i.message}`))
    .join("; ");
}

/** Maps anything thrown below a handler to an answer; unexpected errors are logged, not shown. */
export function toErrorResponse(err: unknown, requestId: string): Response {
  if (err instanceof AppError) return errorResponse(err);
  if (err instanceof ZodError) {
    const issues = zodIssues(err);
    return errorResponse(new AppError("bad_request", describeIssues(issues, "input"), { issues }));
  }
  const code = (err as { code?: unknown } | null)?.code;
  // Prisma: a record the query needed does not exist (e.g. deleted meanwhile).
  if (code === "P2025") return errorResponse(new AppError("not_found", "Not found"));
  if (code === "P2002") return errorResponse(new AppError("conflict", "That already exists"));
  if (code === "ECONNRESET" && err instanceof Error && err.message === "aborted") {
    // The client closed the connection mid-request (a cancelled upload, a closed tab): nobody
    // reads this answer, and it is not a server fault.
    logInfo("client closed the connection before the request was read", { requestId });
    return errorResponse(
      new AppError("bad_request", "The connection closed before the request body was complete"),
    );
  }
  logError("unhandled error in route handler", err, { requestId });
  return NextResponse.json(
    { error: "Internal error; the server log has the details", code: "internal", requestId },
    { status: 500 },
  );
}

function parseWith<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = zodIssues(r.error);
    throw new AppError("bad_request", describeIssues(issues, where), { issues });
  }
  return r.data;
}

/** PostgreSQL text cannot hold U+0000; refuse it up front instead of failing in the database. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v, depth + 1));
}

async function readInput<P, Q, B>(
  req: Request,
  ctx: RouteParams,
  spec: InputSpec<P, Q, B>,
): Promise<Omit<Input<P, Q, B>, "requestId">> {
  const rawParams = await ctx.params;
  let params: P;
  try {
    params = parseWith(spec.params, rawParams, "path");
  } catch {
    // A path that cannot name anything (bad id syntax) is simply not found.
    throw new AppError("not_found", "Not found");
  }
  const url = new URL(req.url);
  const rawQuery = Object.fromEntries(url.searchParams);
  if (containsNul(rawQuery))
    throw new AppError("bad_request", "The query string must not contain NUL characters");
  const query = parseWith(spec.query, rawQuery, "query");
  let body = undefined as B;
  if (spec.body) {
    const type = req.headers.get("content-type") ?? "";
    if (!type.includes("application/json")) {
      throw new AppError(
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json)",
      );
    }
    let raw: unknown;
    const text = await req.text();
    try {
      raw = text.trim() === "" ? {} : JSON.parse(text);
    } catch (err) {
      throw new AppError(
        "bad_request",
        `Request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (containsNul(raw))
      throw new AppError("bad_request", "Text fields must not contain NUL (\\u0000) characters");
    body = parseWith(spec.body, raw, "body");
  }
  return { req, params, query, body };
}

async function run(req: Request, work: (requestId: string) => Promise<unknown>) {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  try {
    const out = await work(requestId);
    return out instanceof Response ? out : NextResponse.json(out);
  } catch (err) {
    return toErrorResponse(err, requestId);
  }
}

/**
 * A route for signed-in users. `role` is the least role allowed; it defaults to viewer for reads
 * and responder for writes, so a new write route is closed to viewers unless it says otherwise.
 */
export function sessionRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B> & { role?: Role },
  handler: (ctx: SessionContext<P, Q, B>) => Promise<unknown>,
): Handler {
  return (req, routeCtx) =>
    run(req, async (requestId) => {
      const who = await resolveActor(req.headers);
      if (who.kind === "anonymous") throw new AppError("unauthorized", "Sign in required");
      if (who.kind === "no-team") {
        throw new AppError(
          "forbidden",
          "You are not a member of any team yet; ask a team owner to add you",
        );
      }
      const { actor } = who;
      const needed = spec.role ?? (READ_METHODS.has(req.method) ? "viewer" : "responder");
      if (!roleAtLeast(actor.role, needed)) {
        throw new AppError(
          "forbidden",
          `This needs the ${needed} role; you are ${actor.role} in this team`,
        );
      }
      const input = await readInput(req, routeCtx, spec);
      return handler({ ...input, ...actor, requestId });
    });
}

/** A route for hosts and scripts with a team API token (`Authorization: Bearer wr_...`). */
export function tokenRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B>,
  handler: (ctx: TokenContext<P, Q, B>) => Promise<unknown>,
): Handler {
  return (req, routeCtx) =>
    run(req, async (requestId) => {
      const auth = req.headers.get("authorization") ?? "";
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m?.[1]) {
        throw new AppError("unauthorized", "Send a team API token: Authorization: Bearer <token>", {
          headers: { "WWW-Authenticate": 'Bearer realm="warroom"' },
        });
      }
      const token = await authenticateApiToken(m[1]);
      if (!token) {
        throw new AppError("unauthorized", "The API token is unknown or revoked", {
          headers: { "WWW-Authenticate": 'Bearer realm="warroom", error="invalid_token"' },
        });
      }
      const input = await readInput(req, routeCtx, spec);
      return handler({ ...input, token, teamId: token.teamId, requestId });
    });
}

/** A route anyone may call (health). */
export function publicRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B>,
  handler: (ctx: Input<P, Q, B>) => Promise<unknown>,
): Handler {
  return (req, routeCtx) =>
    run(req, async (requestId) =>
      handler({ ...(await readInput(req, routeCtx, spec)), requestId }),
    );
}

/** Path parameter `id`: ids are cuids; anything else cannot exist, so it is a 404, not a 400. */
export const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
