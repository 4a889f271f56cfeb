import { auditActions, listAudit } from "@/lib/db/audit";
import { sessionRoute } from "@/lib/http/route";
import { auditQuerySchema } from "@/lib/validation/audit";

/**
 * The team's audit log, newest first (owners only: 403 for everyone else). Filters: `action`
 * (exact, or an area with a trailing dot: `auth.`), `user`, `from`/`to`; `before` pages.
 */
export const GET = sessionRoute(
  { query: auditQuerySchema, role: "owner" },
  async ({ teamId, query }) => {
    const page = await listAudit(teamId, {
      action: query.action,
      userId: query.user,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: query.before ? BigInt(query.before) : undefined,
      limit: query.limit,
    });
    return { ...page, actions: await auditActions(teamId) };
  },
);
