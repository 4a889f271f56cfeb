"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { api, ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import type { ActionItemView } from "@/lib/db/action-items";
import type { TimelineView } from "@/lib/db/timeline";
import { useTeamMembers } from "@/lib/client/team-members";

/** The title an entry suggests: its text without the workflow's "Kind: " prefix, cut to fit. */
export function actionTitleFrom(message: string): string {
  const text = message.replace(/^(Pinned [a-z ]+|Hypothesis[a-z ]*|Fix applied[^:]*):\s*/i, "");
  const t = `Follow up: ${text}`.replace(/\s+/g, " ").trim();
  return t.length > 300 ? `${t.slice(0, 297)}…` : t;
}

/**
 * "Create action item" on a timeline entry: the follow-up work it calls for, with an owner and a
 * due date; it appears in the Document step and the team's /actions list, and the timeline links
 * the two.
 */
export function CreateActionItemForm({
  incidentId,
  entry,
  onDone,
}: {
  incidentId: string;
  entry: TimelineView;
  onDone: (message?: string) => void;
}) {
  const qc = useQueryClient();
  const ids = useId();
  const members = useTeamMembers();
  const create = useMutation({
    mutationFn: (body: {
      title: string;
      ownerId?: string;
      dueDate?: string;
      timelineEntryId: string;
    }) =>
      api<ActionItemView>(`/api/incidents/${incidentId}/actions`, { method: "POST", json: body }),
    onSuccess: async (item) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["incident", incidentId, "actions"] }),
        qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] }),
        qc.invalidateQueries({ queryKey: ["actions"] }),
      ]);
      onDone(`Action item created: ${item.title}.`);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const owner = formText(f, "ownerId");
    const due = formText(f, "dueDate");
    create.mutate({
      title: formText(f, "title").trim(),
      timelineEntryId: entry.id,
      ...(owner ? { ownerId: owner } : {}),
      ...(due ? { dueDate: due } : {}),
    });
  }

  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <form
      onSubmit={onSubmit}
      className="mt-2 flex flex-col gap-2 rounded-md border border-border p-2"
      aria-label="Create action item"
      noValidate
    >
      <label htmlFor={`${ids}-title`} className="text-xs font-medium">
        Action item
      </label>
      <Input
        id={`${ids}-title`}
        name="title"
        defaultValue={actionTitleFrom(entry.message)}
        aria-invalid={Boolean(err?.fieldError("title"))}
        autoFocus
      />
      <div className="grid grid-cols-2 gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-owner`} className="text-xs font-medium">
            Owner
          </label>
          <Select id={`${ids}-owner`} name="ownerId" defaultValue="">
            <option value="">Nobody yet</option>
            {(members.data?.members ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-due`} className="text-xs font-medium">
            Due
          </label>
          <Input id={`${ids}-due`} name="dueDate" type="date" />
        </div>
      </div>
      {err ? (
        <p role="alert" className="text-xs text-danger">
          {err.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create action item"}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
