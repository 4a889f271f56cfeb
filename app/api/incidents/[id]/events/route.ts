import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getIncident } from "@/lib/db/incidents";
import { leaveIncident } from "@/lib/db/presence";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { endOnShutdown, hub, isShuttingDown } from "@/lib/realtime/hub";

export const dynamic = "force-dynamic";

const KEEP_ALIVE_MS = 15_000;

const query = z.object({
  /** The tab's id: when the stream drops, that tab's presence goes with it at once. */
  tab: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

/**
 * Server-sent events for one incident: `ready` once this server LISTENs (a change committed after
 * it reaches the page), a `change` event per committed change (topics say what to refetch),
 * `resync` after the server lost and regained its database connection, a comment every 15 s to
 * keep proxies from closing the stream. The browser reconnects by itself (retry: 2000) and the
 * page then refetches everything, so a change made while it was away is not lost.
 * Presence is the tab's own heartbeat (POST .../presence); a dropped stream ends it early.
 */
export const GET = sessionRoute(
  { params: idParams, query },
  async ({ req, teamId, user, params, query: q }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    if (isShuttingDown())
      return new Response("The server is restarting; try again shortly\n", {
        status: 503,
        headers: { "Retry-After": "2", Connection: "close" },
      });
    const incidentId = params.id;
    const connectionId = q.tab ?? randomUUID();
    const encoder = new TextEncoder();
    let cleanup: (() => void) | undefined;

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let closed = false;
        const send = (text: string) => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup?.();
          }
        };
        const unsubscribe = hub().subscribe(incidentId, (change) => {
          if ("reconnected" in change) send(`event: resync\ndata: {}\n\n`);
          else if (change.teamId === teamId)
            send(
              `event: change\ndata: ${JSON.stringify({ topics: change.topics, actorId: change.actorId, at: change.at })}\n\n`,
            );
        });
        const beat = setInterval(() => send(`: keep-alive\n\n`), KEEP_ALIVE_MS);
        const unregister = endOnShutdown(() => cleanup?.());
        cleanup = () => {
          if (closed) return;
          closed = true;
          clearInterval(beat);
          unsubscribe();
          unregister();
          if (q.tab) void leaveIncident(teamId, incidentId, user.id, q.tab).catch(() => undefined);
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        req.signal.addEventListener("abort", () => cleanup?.());
        await hub().whenListening(5_000);
        send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ connectionId })}\n\n`);
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
  },
);
