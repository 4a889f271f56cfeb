"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { formText } from "@/lib/client/form";
import { api, ApiError } from "@/lib/client/api";
import type { ActionItemView } from "@/lib/db/action-items";
import { actionItemsInMarkdown } from "@/lib/postmortem/action-items";
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from "@/lib/postmortem/schemas";
import { actionItemsKey } from "./keys";
import { usePostmortem } from "./postmortem-editor";
import { teamMembersQuery } from "@/lib/client/team-members";

const STATUS_LABEL: Record<ActionItemStatus, string> = {
  open: "Open",
  done: "Done",
  cancelled: "Cancelled",
};

/**
 * Follow-up work with an owner and a due date. The postmortem's "Action items" section suggests
 * titles; creating them here makes them trackable (and they appear in the next draft).
 */
export function ActionItemsPanel({
  incidentId,
  canEdit,
}: {
  incidentId: string;
  canEdit: boolean;
}) {
  const qc = useQueryClient();
  const { data } = useSuspenseQuery({
    queryKey: actionItemsKey(incidentId),
    queryFn: () => api<{ actionItems: ActionItemView[] }>(`/api/incidents/${incidentId}/actions`),
  });
  const { data: members } = useSuspenseQuery(teamMembersQuery);
  const { data: pm } = usePostmortem(incidentId);
  const [title, setTitle] = useState("");
  const [notice, setNotice] = useState("");
  const items = data.actionItems;
  const existing = new Set(items.map((i) => i.title.toLowerCase()));
  const suggestions = actionItemsInMarkdown(pm.latest?.markdown ?? pm.draft).filter(
    (t) => !existing.has(t.toLowerCase()),
  );
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: actionItemsKey(incidentId) }),
      qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] }),
    ]);

  const create = useMutation({
    mutationFn: (body: { title: string; ownerId?: string; dueDate?: string }) =>
      api<ActionItemView>(`/api/incidents/${incidentId}/actions`, { method: "POST", json: body }),
    onSuccess: async (item) => {
      setNotice(`Action item added: ${item.title}.`);
      setTitle("");
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, status }: { id: string; status: ActionItemStatus }) =>
      api<ActionItemView>(`/api/incidents/${incidentId}/actions/${id}`, {
        method: "PATCH",
        json: { status },
      }),
    onSuccess: async (item) => {
      setNotice(`${item.title}: ${STATUS_LABEL[item.status].toLowerCase()}.`);
      await refresh();
    },
  });
  const fieldError = (name: string) =>
    create.error instanceof ApiError ? create.error.fieldError(name) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body: { title: string; ownerId?: string; dueDate?: string } = { title: title.trim() };
    const owner = formText(f, "ownerId");
    const due = formText(f, "dueDate");
    if (owner) body.ownerId = owner;
    if (due) body.dueDate = due;
    create.mutate(body, { onSuccess: () => form.reset() });
  }

  return (
    <Card aria-labelledby="actions-title" className="flex flex-col gap-3">
      <CardTitle id="actions-title" className="mb-0">
        Action items ({items.length})
      </CardTitle>
      {items.length === 0 ? (
        <p className="text-sm text-muted">None yet.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm" data-testid="action-items">
          {items.map((i) => (
            <li
              key={i.id}
              className="flex flex-wrap items-center gap-2 rounded-md border border-border p-2"
            >
              <span
                className={i.status === "cancelled" ? "flex-1 text-muted line-through" : "flex-1"}
              >
                {i.title}
              </span>
              <span className="text-xs text-muted">
                {i.owner?.name ?? "no owner"}
                {i.dueDate ? ` · due ${i.dueDate}` : ""}
              </span>
              {canEdit ? (
                <Select
                  aria-label={`Status of ${i.title}`}
                  className="h-8 w-32"
                  value={i.status}
                  onChange={(e) =>
                    update.mutate({ id: i.id, status: e.target.value as ActionItemStatus })
                  }
                >
                  {ACTION_ITEM_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABEL[s]}
                    </option>
                  ))}
                </Select>
              ) : (
                <span className="text-xs">{STATUS_LABEL[i.status]}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {update.error ? <Alert>{update.error.message}</Alert> : null}
      {canEdit ? (
        <form
          onSubmit={onSubmit}
          className="flex flex-col gap-2 border-t border-border pt-3"
          noValidate
        >
          {suggestions.length > 0 ? (
            <div className="flex flex-col gap-1">
              <p className="text-xs text-muted">From the postmortem:</p>
              <ul className="flex flex-col gap-1">
                {suggestions.map((s) => (
                  <li key={s}>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="h-auto py-1 text-left whitespace-normal"
                      onClick={() => setTitle(s)}
                    >
                      Use “{s}”
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Field label="New action item" error={fieldError("title")}>
            {({ id, invalid }) => (
              <Input
                id={id}
                name="title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field label="Owner" error={fieldError("ownerId")}>
              {({ id }) => (
                <Select id={id} name="ownerId" defaultValue="">
                  <option value="">Nobody yet</option>
                  {members.members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Due" error={fieldError("dueDate")}>
              {({ id }) => <Input id={id} name="dueDate" type="date" />}
            </Field>
          </div>
          <Button
            type="submit"
            disabled={create.isPending || title.trim().length < 3}
            className="self-start"
          >
            Add action item
          </Button>
          {create.error && !fieldError("title") ? <Alert>{create.error.message}</Alert> : null}
        </form>
      ) : null}
      <p className="sr-only" role="status" aria-live="polite">
        {notice}
      </p>
    </Card>
  );
}
