import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";

/**
 * Runs before every route.
 * - A path with broken percent-encoding (`/api/incidents/%ff`) gets a 400 here; Next's router
 *   would answer a bare 500.
 * - Pages need a session: anonymous visitors go to /login with a callback back. API routes answer
 *   401 JSON themselves (lib/http/route.ts), which scripts can read, so they pass through.
 */
const auth = withAuth({ pages: { signIn: "/login" } });

const PUBLIC_PAGES = /^\/(login|_next\/|favicon\.ico|icon\.svg|robots\.txt)/;

function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export function proxy(req: NextRequest, ev: NextFetchEvent) {
  const { pathname } = req.nextUrl;
  if (malformedPath(pathname)) {
    return NextResponse.json(
      { error: "Malformed URL: invalid percent-encoding in the path", code: "bad_request" },
      { status: 400 },
    );
  }
  if (pathname.startsWith("/api/") || PUBLIC_PAGES.test(pathname)) return NextResponse.next();
  return auth(req as NextRequestWithAuth, ev);
}

export const config = {
  // Not on /api/ingest: the proxy would buffer every host upload a second time (and cut bodies
  // past proxyClientMaxBodySize); that route has no path parameters to check anyway.
  matcher: ["/((?!_next/static|_next/image|api/ingest).*)"],
};
