/**
 * Calls a route handler the way Next does, with a real next-auth session cookie (a JWT encoded with
 * the app's secret) or an API token, so tests exercise the whole wrapper chain without a server.
 */
import { encode } from "next-auth/jwt";

type RouteHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  /** Signed in as this user id. */
  userId?: string;
  /** Extra cookies, e.g. the team switch cookie. */
  cookies?: Record<string, string>;
  bearer?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export async function sessionCookie(userId: string): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const token = await encode({ token: { uid: userId, sub: userId }, secret });
  return `next-auth.session-token=${token}`;
}

export async function callRoute(handler: RouteHandler, opts: CallOptions = {}) {
  const headers = new Headers(opts.headers);
  const cookies: string[] = [];
  if (opts.userId) cookies.push(await sessionCookie(opts.userId));
  for (const [k, v] of Object.entries(opts.cookies ?? {})) cookies.push(`${k}=${v}`);
  if (cookies.length) headers.set("cookie", cookies.join("; "));
  if (opts.bearer) headers.set("authorization", `Bearer ${opts.bearer}`);
  let body = opts.body;
  if (opts.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(opts.json);
  }
  const req = new Request(`http://localhost${opts.path ?? "/"}`, {
    method: opts.method ?? "GET",
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, data: data as Record<string, unknown>, headers: res.headers };
}
