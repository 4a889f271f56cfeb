"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { api } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import type { TimelineView } from "@/lib/db/timeline";
import type { EvidenceLink } from "@/lib/validation/workflow";
import { utcTime } from "@/lib/client/utc-time";

/**
 * Evidence pinned to the timeline: a finding of the incident, or a window of the charts (with the
 * metrics shown). Stored with a note, so the postmortem and the people joining later see why it
 * mattered.
 */
export type TimelinePin = EvidenceLink;

/** The default text of a pinned entry. */
export function pinMessage(pin: TimelinePin): string {
  if (pin.kind === "finding") return `Pinned finding: ${pin.title ?? pin.rule ?? pin.findingId}`;
  return `Pinned chart window ${utcTime(pin.from)} – ${utcTime(pin.to).slice(11)} UTC`;
}

/** Posts a note with evidence pinned to it; the timeline refetches (here and, live, everywhere). */
export function usePinToTimeline(incidentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { pin: TimelinePin; message?: string }) =>
      api<TimelineView>(`/api/incidents/${incidentId}/timeline`, {
        method: "POST",
        json: { message: input.message?.trim() || pinMessage(input.pin), pin: input.pin },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] }),
  });
}

/**
 * "Pin to timeline" for a finding or a chart window: one click opens a short note (what it shows),
 * Enter or "Pin" saves it. For the Analyze step's finding list and zoom toolbar.
 */
export function PinToTimelineButton({
  incidentId,
  pin,
  label = "Pin to timeline",
  size = "sm",
}: {
  incidentId: string;
  pin: TimelinePin;
  label?: string;
  size?: "sm" | "md";
}) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState("");
  const noteId = useId();
  const mutation = usePinToTimeline(incidentId);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const message = formText(new FormData(e.currentTarget), "message");
    mutation.mutate(
      { pin, message },
      {
        onSuccess: () => {
          setOpen(false);
          setNotice("Pinned to the timeline.");
        },
      },
    );
  }

  return (
    <span className="inline-flex flex-col gap-1">
      {open ? (
        <form onSubmit={onSubmit} className="flex flex-col gap-1" aria-label={label}>
          <label htmlFor={noteId} className="text-xs text-muted">
            Note for the timeline
          </label>
          <Textarea
            id={noteId}
            name="message"
            className="min-h-14 text-xs"
            defaultValue={pinMessage(pin)}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
              if (e.key === "Escape") setOpen(false);
            }}
          />
          <span className="flex gap-1">
            <Button type="submit" size="sm" disabled={mutation.isPending}>
              {mutation.isPending ? "Pinning…" : "Pin"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </span>
          {mutation.error ? (
            <span role="alert" className="text-xs text-danger">
              {mutation.error.message}
            </span>
          ) : null}
        </form>
      ) : (
        <Button
          size={size}
          variant="ghost"
          onClick={() => {
            setNotice("");
            setOpen(true);
          }}
        >
          <Pin aria-hidden className="h-3.5 w-3.5" />
          {label}
        </Button>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {notice}
      </span>
    </span>
  );
}

/** How a pinned piece of evidence shows on a timeline entry, with a link back to the charts. */
export function PinnedEvidence({ incidentId, pin }: { incidentId: string; pin: TimelinePin }) {
  const href =
    pin.kind === "finding"
      ? `/incidents/${incidentId}/analyze?finding=${encodeURIComponent(pin.findingId)}`
      : `/incidents/${incidentId}/analyze?from=${Date.parse(pin.from)}&to=${Date.parse(pin.to)}`;
  return (
    <p
      className="mt-1 flex flex-wrap items-center gap-1 rounded border border-accent/40 bg-accent/10 px-2 py-1 text-xs"
      data-testid="pinned-evidence"
    >
      <Pin aria-hidden className="h-3 w-3 text-accent" />
      <span className="sr-only">Pinned evidence:</span>
      {pin.kind === "finding" ? (
        <>
          Finding <strong>{pin.title ?? pin.findingId}</strong>
          {pin.rule ? <code className="text-muted">{pin.rule}</code> : null}
        </>
      ) : (
        <>
          Chart window {utcTime(pin.from)} – {utcTime(pin.to).slice(11)} UTC
          {pin.metrics.length > 0 ? (
            <span className="text-muted">({pin.metrics.slice(0, 4).join(", ")})</span>
          ) : null}
        </>
      )}
      <Link href={href} className="ml-auto text-accent underline">
        Show in Analyze
      </Link>
    </p>
  );
}

/** The pin of an entry's `data`, when it has one of the two known shapes. */
export function pinOf(data: unknown): TimelinePin | null {
  if (!data || typeof data !== "object" || !("pin" in data)) return null;
  const { pin } = data;
  if (!pin || typeof pin !== "object" || !("kind" in pin)) return null;
  const p = pin as Record<string, unknown>;
  if (p.kind === "finding" && typeof p.findingId === "string") {
    return {
      kind: "finding",
      findingId: p.findingId,
      ...(typeof p.rule === "string" ? { rule: p.rule } : {}),
      ...(typeof p.title === "string" ? { title: p.title } : {}),
    };
  }
  if (p.kind === "window" && typeof p.from === "string" && typeof p.to === "string") {
    return {
      kind: "window",
      from: p.from,
      to: p.to,
      metrics: Array.isArray(p.metrics)
        ? p.metrics.filter((m): m is string => typeof m === "string")
        : [],
    };
  }
  return null;
}
