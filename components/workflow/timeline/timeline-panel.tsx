"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListPlus, Pencil } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea, UtcDateTimeInput } from "@/components/ui/field";
import { formText } from "@/lib/client/form";
import { api, ApiError } from "@/lib/client/api";
import { cn } from "@/lib/cn";
import type { TimelineView } from "@/lib/db/timeline";
import { CreateActionItemForm } from "./create-action-item";
import { timelineKey, timelineUrl } from "./keys";
import { PinnedEvidence, pinOf } from "./pin-to-timeline";
import { fromUtcInput, utcTime } from "@/lib/client/utc-time";

/** Entry kinds the filter offers, in the order a responder thinks of them. */
const KINDS: { kind: string; label: string }[] = [
  { kind: "note", label: "Notes" },
  { kind: "status", label: "Status" },
  { kind: "severity", label: "Severity" },
  { kind: "step", label: "Steps" },
  { kind: "snapshot", label: "Snapshots" },
  { kind: "hypothesis", label: "Hypotheses" },
  { kind: "fix", label: "Fixes" },
  { kind: "role", label: "Roles" },
  { kind: "action", label: "Action items" },
  { kind: "postmortem", label: "Postmortem" },
  { kind: "runbook", label: "Runbooks" },
];

const KIND_TONE: Record<string, BadgeTone> = {
  note: "neutral",
  status: "warn",
  severity: "danger",
  fix: "ok",
  hypothesis: "info",
  snapshot: "info",
  role: "neutral",
  action: "warn",
};

/**
 * The incident's timeline: authored, timestamped entries (notes and everything the workflow
 * records), filterable by kind. Responders add notes and correct an entry's time or text when
 * they learn later when something really happened.
 */
export function TimelinePanel({
  incidentId,
  canEdit,
  className,
  headingLevel = 2,
}: {
  incidentId: string;
  canEdit: boolean;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const qc = useQueryClient();
  const headingId = useId();
  const [kinds, setKinds] = useState<string[]>([]);
  const [status, setStatus] = useState("");
  const { data, isPending, error } = useQuery({
    queryKey: timelineKey(incidentId, kinds),
    queryFn: () => api<{ entries: TimelineView[] }>(timelineUrl(incidentId, kinds)),
    placeholderData: (prev) => prev,
  });
  const entries = data?.entries ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] });

  const add = useMutation({
    mutationFn: (body: { message: string; at?: string }) =>
      api<TimelineView>(`/api/incidents/${incidentId}/timeline`, { method: "POST", json: body }),
    onSuccess: async () => {
      setStatus("Note added to the timeline.");
      await refresh();
    },
  });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const message = formText(f, "message").trim();
    const at = fromUtcInput(formText(f, "at"));
    if (message === "") return;
    add.mutate(at ? { message, at } : { message }, { onSuccess: () => form.reset() });
  }

  const Heading = headingLevel === 2 ? "h2" : "h3";
  const addError = add.error instanceof ApiError ? add.error.message : add.error?.message;

  return (
    <Card aria-labelledby={headingId} className={cn("flex flex-col gap-3", className)}>
      <Heading id={headingId} className="text-base font-semibold">
        Timeline ({entries.length})
      </Heading>
      <div role="group" aria-label="Show entries of kind" className="flex flex-wrap gap-1">
        <Button
          size="sm"
          variant={kinds.length === 0 ? "primary" : "secondary"}
          aria-pressed={kinds.length === 0}
          onClick={() => setKinds([])}
        >
          All
        </Button>
        {KINDS.map(({ kind, label }) => {
          const on = kinds.includes(kind);
          return (
            <Button
              key={kind}
              size="sm"
              variant={on ? "primary" : "secondary"}
              aria-pressed={on}
              onClick={() => setKinds(on ? kinds.filter((k) => k !== kind) : [...kinds, kind])}
            >
              {label}
            </Button>
          );
        })}
      </div>
      {error ? <Alert>{error.message}</Alert> : null}
      {isPending ? (
        <p className="text-sm text-muted">Loading the timeline…</p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-muted">
          No entries{kinds.length > 0 ? " of these kinds" : ""} yet.
        </p>
      ) : (
        <ol
          className="flex max-h-[32rem] flex-col gap-2 overflow-y-auto pr-1"
          aria-label="Timeline entries"
        >
          {entries.map((e) => (
            <TimelineItem
              key={e.id}
              incidentId={incidentId}
              entry={e}
              canEdit={canEdit}
              onSaved={(msg) => {
                setStatus(msg);
                void refresh();
              }}
            />
          ))}
        </ol>
      )}
      {canEdit ? (
        <form
          onSubmit={onAdd}
          className="flex flex-col gap-2 border-t border-border pt-3"
          noValidate
        >
          <Field
            label="Add a note"
            hint="What was seen, decided or learned; add when it happened if it was earlier."
          >
            {({ id, describedBy }) => (
              <Textarea
                id={id}
                name="message"
                required
                aria-describedby={describedBy}
                className="min-h-16"
              />
            )}
          </Field>
          <div className="flex flex-wrap items-end gap-2">
            <Field label="When (UTC, empty = now)" className="w-64">
              {({ id }) => <UtcDateTimeInput id={id} name="at" />}
            </Field>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add note"}
            </Button>
          </div>
          {addError ? <Alert>{addError}</Alert> : null}
        </form>
      ) : null}
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </Card>
  );
}

function TimelineItem({
  incidentId,
  entry,
  canEdit,
  onSaved,
}: {
  incidentId: string;
  entry: TimelineView;
  canEdit: boolean;
  onSaved: (message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [creatingAction, setCreatingAction] = useState(false);
  const pin = pinOf(entry.data);
  const edit = useMutation({
    mutationFn: (patch: { message?: string; at?: string }) =>
      api<TimelineView>(`/api/incidents/${incidentId}/timeline/${entry.id}`, {
        method: "PATCH",
        json: patch,
      }),
    onSuccess: () => {
      setEditing(false);
      onSaved("Timeline entry updated.");
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const message = formText(f, "message").trim();
    const at = fromUtcInput(formText(f, "at"));
    const patch: { message?: string; at?: string } = {};
    if (message !== "" && message !== entry.message) patch.message = message;
    if (at && Date.parse(at) !== Date.parse(entry.at)) patch.at = at;
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    edit.mutate(patch);
  }

  return (
    <li
      className="rounded-md border border-border bg-surface-2/40 p-2 text-sm"
      data-testid="timeline-entry"
    >
      {editing ? (
        <form onSubmit={onSubmit} className="flex flex-col gap-2" noValidate>
          <Field label="Text">
            {({ id }) => (
              <Textarea id={id} name="message" defaultValue={entry.message} className="min-h-16" />
            )}
          </Field>
          <Field label="When it happened (UTC)">
            {({ id }) => <UtcDateTimeInput id={id} name="at" initial={entry.at} />}
          </Field>
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={edit.isPending}>
              Save entry
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
          {edit.error ? <Alert>{edit.error.message}</Alert> : null}
        </form>
      ) : (
        <div className="flex items-start gap-2">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
              <time dateTime={entry.at} className="font-mono">
                {utcTime(entry.at)}
              </time>
              <Badge tone={KIND_TONE[entry.kind] ?? "neutral"}>{entry.kind}</Badge>
              <span>{entry.author?.name ?? "Warroom"}</span>
              {entry.editedAt ? (
                <span title={`Edited ${utcTime(entry.editedAt)} UTC`}>(edited)</span>
              ) : null}
            </div>
            <p className="mt-1 break-words whitespace-pre-wrap">{entry.message}</p>
            {pin ? <PinnedEvidence incidentId={incidentId} pin={pin} /> : null}
            {creatingAction ? (
              <CreateActionItemForm
                incidentId={incidentId}
                entry={entry}
                onDone={(msg) => {
                  setCreatingAction(false);
                  if (msg) onSaved(msg);
                }}
              />
            ) : null}
          </div>
          {canEdit ? (
            <div className="flex shrink-0 flex-col">
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Edit entry: ${entry.message.slice(0, 60)}`}
                onClick={() => setEditing(true)}
              >
                <Pencil aria-hidden className="h-4 w-4" />
              </Button>
              {entry.kind !== "action" ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Create action item from: ${entry.message.slice(0, 60)}`}
                  title="Create action item"
                  aria-expanded={creatingAction}
                  onClick={() => setCreatingAction((v) => !v)}
                >
                  <ListPlus aria-hidden className="h-4 w-4" />
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
      )}
    </li>
  );
}
