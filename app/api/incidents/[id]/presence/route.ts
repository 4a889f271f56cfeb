import { z } from "zod";
import { getIncident } from "@/lib/db/incidents";
import { leaveIncident, presentUsers, touchPresence } from "@/lib/db/presence";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";

/** Who has this incident open now (each person once). */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { users: await presentUsers(teamId, params.id) };
});

const beat = z.object({
  /** The browser tab's own id (random), the same one it passes to the event stream. */
  connectionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be a tab id"),
  /** `visible`: here (a heartbeat); `hidden`: the tab went to the background or is closing. */
  state: z.enum(["visible", "hidden"]),
});

/**
 * A tab's heartbeat (every 10 s while visible) or its goodbye; answers who is here now, so the
 * heartbeat also refreshes the tab's presence list. Viewers are people in the room too.
 */
export const POST = sessionRoute(
  { params: idParams, body: beat, role: "viewer" },
  async ({ teamId, user, params, body }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    if (body.state === "visible")
      await touchPresence(teamId, params.id, user.id, body.connectionId);
    else await leaveIncident(teamId, params.id, user.id, body.connectionId);
    return { users: await presentUsers(teamId, params.id) };
  },
);
