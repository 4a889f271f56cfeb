import { checkDatabase } from "@/lib/db/health";
import { json, publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** 200 when the database answers; 503 otherwise (for load balancers and uptime checks). */
export const GET = publicRoute({}, async () => {
  const dbState = await checkDatabase();
  return json(
    { status: dbState.ok ? "ok" : "unavailable", database: dbState },
    { status: dbState.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
});
