"use client";

import { useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Topic } from "@/lib/realtime/channel";
import { api } from "./api";

/** Query keys each broadcast topic makes stale. */
function keysFor(incidentId: string, topic: Topic): QueryKey[] {
  switch (topic) {
    case "incident":
      return [["incident", incidentId], ["incidents"]];
    case "presence":
      return [["incident", incidentId, "presence"]];
    default:
      return [["incident", incidentId, topic]];
  }
}

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * Keeps this page in step with the war room: server-sent events name what changed and TanStack
 * Query refetches it. After a dropped connection the browser reconnects by itself and everything
 * of the incident is refetched, so an update missed meanwhile is never lost.
 */
export function useLiveIncident(incidentId: string): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource(`/api/incidents/${incidentId}/events`);
    let wasLive = false;
    const refetchAll = () => void qc.invalidateQueries({ queryKey: ["incident", incidentId] });
    source.addEventListener("ready", () => {
      setState("live");
      if (wasLive) refetchAll();
      wasLive = true;
    });
    source.addEventListener("change", (e) => {
      try {
        const { topics } = JSON.parse((e as MessageEvent<string>).data) as { topics: Topic[] };
        for (const t of topics) {
          // ["incident", id] itself only: its sub-keys (snapshots, timeline, ...) have their own topics.
          for (const key of keysFor(incidentId, t))
            void qc.invalidateQueries({
              queryKey: key,
              exact: key.length === 2 && key[0] === "incident",
            });
        }
      } catch {
        refetchAll();
      }
    });
    source.addEventListener("resync", refetchAll);
    source.onerror = () => setState("reconnecting");
    return () => source.close();
  }, [incidentId, qc]);
  return state;
}

export interface PresentUser {
  id: string;
  name: string;
  email: string;
}

export function usePresence(incidentId: string) {
  return useQuery({
    queryKey: ["incident", incidentId, "presence"],
    queryFn: () => api<{ users: PresentUser[] }>(`/api/incidents/${incidentId}/presence`),
    refetchInterval: 30_000,
  });
}
