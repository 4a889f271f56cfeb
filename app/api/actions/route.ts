import { listTeamActionItems } from "@/lib/db/action-items";
import { sessionRoute } from "@/lib/http/route";
import { actionItemListQuerySchema } from "@/lib/postmortem/schemas";

/**
 * The team's action items across incidents. `?status=open|done|cancelled|all` (default open),
 * `?owner=<user id>|me|none`.
 */
export const GET = sessionRoute(
  { query: actionItemListQuerySchema },
  async ({ teamId, user, query }) => {
    const ownerId =
      query.owner === undefined
        ? undefined
        : query.owner === "me"
          ? user.id
          : query.owner === "none"
            ? null
            : query.owner;
    return { actionItems: await listTeamActionItems(teamId, { status: query.status, ownerId }) };
  },
);
