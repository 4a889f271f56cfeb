import { randomUUID } from "node:crypto";
import { getIncident } from "@/lib/db/incidents";
import { heartbeat, joinIncident, leaveIncident } from "@/lib/db/presence";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { hub } from "@/lib/realtime/hub";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one incident: an `change` event per committed change (topics say what to
 * refetch), `resync` after the server lost and regained its database connection, a comment every
 * 15 s to keep proxies from closing the stream. Opening it marks the user present.
 * The browser's EventSource reconnects by itself (retry: 2000) and the page then refetches.
 */
export const GET = sessionRoute({ params: idParams }, async ({ req, teamId, user, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  const incidentId = params.id;
  const connectionId = randomUUID();
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup?.();
        }
      };
      send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ connectionId })}\n\n`);
      const unsubscribe = hub().subscribe(incidentId, (change) => {
        if ("reconnected" in change) send(`event: resync\ndata: {}\n\n`);
        else if (change.teamId === teamId)
          send(
            `event: change\ndata: ${JSON.stringify({ topics: change.topics, actorId: change.actorId, at: change.at })}\n\n`,
          );
      });
      const beat = setInterval(() => {
        send(`: keep-alive\n\n`);
        void heartbeat(connectionId).catch(() => undefined);
      }, HEARTBEAT_MS);
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        unsubscribe();
        void leaveIncident(teamId, incidentId, user.id, connectionId).catch(() => undefined);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      req.signal.addEventListener("abort", () => cleanup?.());
      await joinIncident(teamId, incidentId, user.id, connectionId);
    },
    cancel() {
      cleanup?.();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
