"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { api } from "@/lib/client/api";
import { warroomKeys } from "@/lib/client/warroom-keys";
import { cn } from "@/lib/cn";
import type { ActionItemView, TeamActionItemView } from "@/lib/db/action-items";
import {
  ACTION_ITEM_STATUSES,
  type ActionItemStatus,
  type ActionItemUpdateInput,
} from "@/lib/postmortem/schemas";
import { useTeamMembers } from "@/lib/client/team-members";

const STATUS_LABEL: Record<ActionItemStatus, string> = {
  open: "Open",
  done: "Done",
  cancelled: "Cancelled",
};

export interface ActionFilter {
  status: string;
  owner: string;
}

export function actionsUrl(f: ActionFilter): string {
  const q = new URLSearchParams();
  q.set("status", f.status);
  if (f.owner) q.set("owner", f.owner);
  return `/api/actions?${q.toString()}`;
}

/**
 * The team's follow-up work across incidents: open items first, overdue ones highlighted, with
 * owner, due date and status changeable in place. The filters live in the URL.
 */
export function TeamActions({ canEdit, selfId }: { canEdit: boolean; selfId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const qc = useQueryClient();
  const filter: ActionFilter = {
    status: params.get("status") ?? "open",
    owner: params.get("owner") ?? "",
  };
  const [notice, setNotice] = useState("");
  const { data, error, isPending } = useQuery({
    queryKey: warroomKeys.teamActions(filter),
    queryFn: () => api<{ actionItems: TeamActionItemView[] }>(actionsUrl(filter)),
  });
  const members = useTeamMembers();
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ActionItemUpdateInput }) =>
      api<ActionItemView>(`/api/actions/${id}`, { method: "PATCH", json: patch }),
    onSuccess: async (item) => {
      setNotice(`Saved: ${item.title}.`);
      await qc.invalidateQueries({ queryKey: ["actions"] });
      if (item.incidentId)
        await qc.invalidateQueries({ queryKey: ["incident", item.incidentId, "actions"] });
    },
  });

  const setFilter = (patch: Partial<ActionFilter>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const items = data?.actionItems ?? [];
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <div className="flex flex-col gap-4">
      <Card className="flex flex-wrap items-end gap-4 py-3">
        <Field label="Status" className="w-40">
          {({ id }) => (
            <Select
              id={id}
              value={filter.status}
              onChange={(e) => setFilter({ status: e.target.value })}
            >
              {ACTION_ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
              <option value="all">All</option>
            </Select>
          )}
        </Field>
        <Field label="Owner" className="w-56">
          {({ id }) => (
            <Select
              id={id}
              value={filter.owner}
              onChange={(e) => setFilter({ owner: e.target.value })}
            >
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Nobody yet</option>
              {(members.data?.members ?? [])
                .filter((m) => m.userId !== selfId)
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
            </Select>
          )}
        </Field>
        <p className="text-sm text-muted" role="status">
          {isPending
            ? "Loading…"
            : `${items.length} item${items.length === 1 ? "" : "s"}${overdue > 0 ? `, ${overdue} overdue` : ""}`}
        </p>
      </Card>
      {error ? <Alert>{error.message}</Alert> : null}
      {update.error ? <Alert>{update.error.message}</Alert> : null}
      {!isPending && items.length === 0 ? (
        <p className="text-sm text-muted">
          No action items here. They are created in an incident&apos;s Document step (from the
          postmortem) or from a timeline entry.
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="team-actions">
          <caption className="sr-only">Action items</caption>
          <thead className="text-left text-muted">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                Action item
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Incident
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Owner
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Due
              </th>
              <th scope="col" className="py-1 font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr
                key={i.id}
                className={cn("border-t border-border align-top", i.overdue && "bg-danger/10")}
                data-overdue={i.overdue || undefined}
              >
                <td className="py-2 pr-2">
                  <span className={i.status === "cancelled" ? "text-muted line-through" : ""}>
                    {i.title}
                  </span>
                  {i.overdue ? (
                    <Badge tone="danger" className="ml-2">
                      overdue
                    </Badge>
                  ) : null}
                </td>
                <td className="py-2 pr-2">
                  {i.incident ? (
                    <Link
                      href={`/incidents/${i.incident.id}/document`}
                      className="text-accent underline"
                      title={i.incident.title}
                    >
                      {i.incident.key}
                    </Link>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </td>
                <td className="py-2 pr-2">
                  {canEdit ? (
                    <Select
                      aria-label={`Owner of ${i.title}`}
                      className="h-8 w-40"
                      value={i.owner?.id ?? ""}
                      onChange={(e) =>
                        update.mutate({ id: i.id, patch: { ownerId: e.target.value || null } })
                      }
                    >
                      <option value="">Nobody yet</option>
                      {(members.data?.members ?? []).map((m) => (
                        <option key={m.userId} value={m.userId}>
                          {m.name}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    (i.owner?.name ?? "nobody yet")
                  )}
                </td>
                <td className={cn("py-2 pr-2", i.overdue && "font-semibold text-danger")}>
                  {canEdit ? (
                    <Input
                      key={i.dueDate ?? ""}
                      type="date"
                      aria-label={`Due date of ${i.title}`}
                      className="h-8 w-40"
                      defaultValue={i.dueDate ?? ""}
                      onBlur={(e) => {
                        const v = e.target.value || null;
                        if (v !== i.dueDate) update.mutate({ id: i.id, patch: { dueDate: v } });
                      }}
                    />
                  ) : (
                    (i.dueDate ?? "—")
                  )}
                </td>
                <td className="py-2">
                  {canEdit ? (
                    <Select
                      aria-label={`Status of ${i.title}`}
                      className="h-8 w-32"
                      value={i.status}
                      onChange={(e) =>
                        update.mutate({
                          id: i.id,
                          patch: { status: e.target.value as ActionItemStatus },
                        })
                      }
                    >
                      {ACTION_ITEM_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {STATUS_LABEL[s]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    STATUS_LABEL[i.status]
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="sr-only" role="status" aria-live="polite">
        {notice}
      </p>
    </div>
  );
}
