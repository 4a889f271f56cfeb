"use client";

import { useQuery, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Topic } from "@/lib/realtime/channel";
import { api } from "./api";

/** How often a visible tab says it is still here (the server forgets it after 30 s of silence). */
const HEARTBEAT_MS = 10_000;
/** Waits before re-opening a stream the browser gave up on (an HTTP error while the server restarts). */
const REOPEN_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];

/** Invalidation targets of one broadcast topic: a key, and whether only that exact key. */
interface Target {
  key: QueryKey;
  exact?: boolean;
}

/**
 * Query keys each broadcast topic makes stale. Every incident query lives under
 * `["incident", id, <topic>, ...]`, so a topic refetches all its views (filtered timelines, chart
 * series under "snapshots", similar incidents and runbook suggestions under "findings").
 */
export function targetsFor(incidentId: string, topic: Topic): Target[] {
  const under = (...rest: string[]): Target => ({ key: ["incident", incidentId, ...rest] });
  switch (topic) {
    case "incident":
      // The incident row itself; its sub-keys have their own topics.
      return [{ key: ["incident", incidentId], exact: true }, { key: ["incidents"] }];
    case "fixes":
    case "hypotheses":
    case "findings":
      // The Verify step's verdicts read fixes, hypotheses and findings too.
      return [under(topic), under("snapshots", "verify")];
    case "actions":
      return [under("actions"), { key: ["actions"] }];
    default:
      return [under(topic)];
  }
}

function invalidate(qc: QueryClient, incidentId: string, topics: readonly Topic[]) {
  for (const t of topics)
    for (const { key, exact } of targetsFor(incidentId, t))
      void qc.invalidateQueries({ queryKey: key, exact: exact ?? false });
}

export type LiveState = "connecting" | "live" | "reconnecting";

export interface LiveChange {
  topics: Topic[];
  /** True when someone else made it (the page announces those). */
  byOther: boolean;
  at: string;
}

export interface PresentUser {
  id: string;
  name: string;
  email: string;
}

const presenceKey = (incidentId: string) => ["incident", incidentId, "presence"] as const;

function newTabId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Keeps this page in step with the war room: server-sent events name what changed and TanStack
 * Query refetches it. The browser reconnects a dropped stream by itself (and this hook re-opens
 * one the browser gave up on); after any reconnect everything of the incident is refetched, so
 * a change made meanwhile is never lost. The first `ready` refetches what the server rendered
 * before the stream was listening, for the same reason.
 *
 * Presence: while the tab is visible it says so every 10 s (the answer is who is here); hidden
 * or closed, it says goodbye, so it disappears from everyone's list at once (or, if it cannot,
 * within the server's 30 s TTL).
 */
export function useLiveIncident(
  incidentId: string,
  selfId: string,
): { state: LiveState; lastChange: LiveChange | null } {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [lastChange, setLastChange] = useState<LiveChange | null>(null);

  useEffect(() => {
    const tab = newTabId();
    const presenceUrl = `/api/incidents/${incidentId}/presence`;
    let disposed = false;
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenAttempt = 0;
    let wasLive = false;
    const refetchAll = () => void qc.invalidateQueries({ queryKey: ["incident", incidentId] });

    const sayHere = async () => {
      if (disposed || document.visibilityState !== "visible") return;
      try {
        const r = await api<{ users: PresentUser[] }>(presenceUrl, {
          method: "POST",
          json: { connectionId: tab, state: "visible" },
        });
        if (!disposed) qc.setQueryData(presenceKey(incidentId), r);
      } catch {
        // The next beat retries; the list stays as it was.
      }
    };
    const sayGone = () => {
      // keepalive: the request outlives the page when it is being closed.
      void fetch(presenceUrl, {
        method: "POST",
        keepalive: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ connectionId: tab, state: "hidden" }),
      }).catch(() => undefined);
    };

    const open = () => {
      const opened = Date.now();
      const es = new EventSource(`/api/incidents/${incidentId}/events?tab=${tab}`);
      source = es;
      es.addEventListener("ready", () => {
        reopenAttempt = 0;
        setState("live");
        if (wasLive) refetchAll();
        else
          void qc.invalidateQueries({
            queryKey: ["incident", incidentId],
            predicate: (q) => q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < opened,
          });
        wasLive = true;
        void sayHere();
      });
      es.addEventListener("change", (e) => {
        try {
          const { topics, actorId, at } = JSON.parse((e as MessageEvent<string>).data) as {
            topics: Topic[];
            actorId?: string;
            at: string;
          };
          invalidate(qc, incidentId, topics);
          if (!(topics.length === 1 && topics[0] === "presence"))
            setLastChange({ topics, byOther: actorId !== selfId, at });
        } catch {
          refetchAll();
        }
      });
      es.addEventListener("resync", refetchAll);
      es.onerror = () => {
        setState("reconnecting");
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (the server answered an
        // error while restarting, say); open a new stream after a growing pause.
        if (es.readyState === EventSource.CLOSED && !disposed) {
          const delay =
            REOPEN_DELAYS_MS[Math.min(reopenAttempt, REOPEN_DELAYS_MS.length - 1)] ?? 8_000;
          reopenAttempt += 1;
          clearTimeout(reopenTimer);
          reopenTimer = setTimeout(() => {
            if (!disposed) open();
          }, delay);
        }
      };
    };
    open();

    const beat = setInterval(() => void sayHere(), HEARTBEAT_MS);
    const onVisibility = () => {
      if (document.visibilityState === "visible") void sayHere();
      else sayGone();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", sayGone);
    return () => {
      disposed = true;
      clearInterval(beat);
      clearTimeout(reopenTimer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", sayGone);
      source?.close();
      sayGone();
    };
  }, [incidentId, selfId, qc]);
  return { state, lastChange };
}

export function usePresence(incidentId: string) {
  return useQuery({
    queryKey: presenceKey(incidentId),
    queryFn: () => api<{ users: PresentUser[] }>(`/api/incidents/${incidentId}/presence`),
    // The tab's heartbeat refreshes the list; this catches a tab that vanished without a word.
    refetchInterval: 15_000,
  });
}
