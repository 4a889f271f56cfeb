import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// Options are built per request so that `next build` never needs the secret.
type RouteContext = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, ctx: RouteContext) =>
  NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;

export { handler as GET, handler as POST };
