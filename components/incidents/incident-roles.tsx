"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { api, ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import { warroomKeys } from "@/lib/client/warroom-keys";
import type { ParticipantsView } from "@/lib/db/participants";
import type { ParticipantsInput } from "@/lib/validation/participants";
import { useTeamMembers } from "@/lib/client/team-members";
import { MemberSelect } from "./member-select";

export function useParticipants(incidentId: string) {
  return useQuery({
    queryKey: warroomKeys.participants(incidentId),
    queryFn: () => api<ParticipantsView>(`/api/incidents/${incidentId}/participants`),
  });
}

/**
 * Who runs the incident: the commander (decides), the scribe (keeps the timeline) and the
 * responders (work it). Shown in the incident header; responders change them in a dialog.
 */
export function IncidentRoles({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) {
  const { data } = useParticipants(incidentId);
  const [open, setOpen] = useState(false);
  if (!data) return null;
  const responders = data.responders.map((r) => r.name).join(", ");
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <dl className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Incident roles">
        <div className="flex gap-1">
          <dt className="text-muted">Commander</dt>
          <dd data-testid="role-commander">{data.commander?.name ?? "nobody"}</dd>
        </div>
        <div className="flex gap-1">
          <dt className="text-muted">Scribe</dt>
          <dd data-testid="role-scribe">{data.scribe?.name ?? "nobody"}</dd>
        </div>
        <div className="flex gap-1">
          <dt className="text-muted">Responders</dt>
          <dd data-testid="role-responders">{responders || "none yet"}</dd>
        </div>
      </dl>
      {canEdit ? (
        <Dialog
          open={open}
          onOpenChange={setOpen}
          title="Incident roles"
          description="The commander decides, the scribe keeps the timeline, responders work the incident. Only members of the team can have a role."
          trigger={
            <Button size="sm" variant="ghost" className="no-print">
              <Users aria-hidden className="h-4 w-4" />
              Edit roles
            </Button>
          }
        >
          <RolesForm incidentId={incidentId} current={data} onDone={() => setOpen(false)} />
        </Dialog>
      ) : null}
    </div>
  );
}

function RolesForm({
  incidentId,
  current,
  onDone,
}: {
  incidentId: string;
  current: ParticipantsView;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const members = useTeamMembers();
  const save = useMutation({
    mutationFn: (body: ParticipantsInput) =>
      api<ParticipantsView>(`/api/incidents/${incidentId}/participants`, {
        method: "PUT",
        json: body,
      }),
    onSuccess: async (view) => {
      qc.setQueryData(warroomKeys.participants(incidentId), view);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["incident", incidentId], exact: true }),
        qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] }),
      ]);
      onDone();
    },
  });
  const list = members.data?.members ?? [];
  const responderIds = new Set(current.responders.map((r) => r.id));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate({
      commanderId: formText(f, "commanderId") || null,
      scribeId: formText(f, "scribeId") || null,
      responderIds: f.getAll("responderIds").filter((v): v is string => typeof v === "string"),
    });
  }

  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      {members.isPending ? <p className="text-sm text-muted">Loading the team…</p> : null}
      <Field label="Incident commander" error={err?.fieldError("commanderId")}>
        {({ id }) => (
          <MemberSelect
            id={id}
            name="commanderId"
            members={members.data?.members}
            current={current.commander}
            none="Nobody"
          />
        )}
      </Field>
      <Field label="Scribe" error={err?.fieldError("scribeId")}>
        {({ id }) => (
          <MemberSelect
            id={id}
            name="scribeId"
            members={members.data?.members}
            current={current.scribe}
            none="Nobody"
          />
        )}
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">Responders</legend>
        {list.map((m) => (
          <label key={m.userId} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="responderIds"
              value={m.userId}
              defaultChecked={responderIds.has(m.userId)}
            />
            {m.name} <span className="text-xs text-muted">{m.email}</span>
          </label>
        ))}
      </fieldset>
      {err ? <Alert>{err.message}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending || members.isPending}>
          {save.isPending ? "Saving…" : "Save roles"}
        </Button>
      </div>
    </form>
  );
}
