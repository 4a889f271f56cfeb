"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ROLES, type Role } from "@/lib/auth/roles";
import { api, ApiError } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import type { MemberView } from "@/lib/db/member-view";
import { formText } from "@/lib/client/form";
import { useTeamMembers } from "@/lib/client/team-members";

const ROLE_HELP: Record<Role, string> = {
  owner: "owner: manages the team, its members and roles",
  responder: "responder: works incidents, uploads snapshots",
  viewer: "viewer: reads everything, changes nothing",
};

export function MemberManager({ isOwner, selfId }: { isOwner: boolean; selfId: string }) {
  const qc = useQueryClient();
  const { data } = useTeamMembers();
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.members() });

  const add = useMutation({
    mutationFn: (input: { email: string; name: string; role: string; password?: string }) =>
      api<MemberView>("/api/team/members", { method: "POST", json: input }),
    onSuccess: (m) => {
      setMessage(`${m.name} added as ${m.role}.`);
      void refresh();
    },
  });
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      api(`/api/team/members/${id}`, { method: "PATCH", json: { role } }),
    onSettled: () => void refresh(),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/team/members/${id}`, { method: "DELETE" }),
    onSettled: () => void refresh(),
  });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const password = formText(f, "password");
    add.mutate(
      {
        email: formText(f, "email"),
        name: formText(f, "name"),
        role: formText(f, "role") || "responder",
        password: password || undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }
  const addErr = add.error instanceof ApiError ? add.error : null;
  const rowErr = setRole.error ?? remove.error;

  return (
    <Card aria-labelledby="members-title">
      <CardTitle id="members-title">Members</CardTitle>
      {rowErr ? <Alert className="mb-3">{rowErr.message}</Alert> : null}
      <table className="w-full text-sm">
        <caption className="sr-only">Team members and their roles</caption>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="py-1 font-medium">
              Name
            </th>
            <th scope="col" className="py-1 font-medium">
              E-mail
            </th>
            <th scope="col" className="py-1 font-medium">
              Role
            </th>
            {isOwner ? (
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {data?.members.map((m) => (
            <tr key={m.id} className="border-t border-border">
              <td className="py-2">
                {m.name}
                {m.userId === selfId ? <span className="text-muted"> (you)</span> : null}
              </td>
              <td className="py-2 text-muted">{m.email}</td>
              <td className="py-2">
                {isOwner ? (
                  <Select
                    aria-label={`Role of ${m.name}`}
                    className="w-36"
                    value={m.role}
                    onChange={(e) => setRole.mutate({ id: m.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                ) : (
                  m.role
                )}
              </td>
              {isOwner ? (
                <td className="py-2 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => remove.mutate(m.id)}
                    aria-label={`Remove ${m.name} from the team`}
                  >
                    Remove
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {isOwner ? (
        <form
          onSubmit={onAdd}
          className="mt-4 flex flex-col gap-3 border-t border-border pt-4"
          noValidate
        >
          <h3 className="text-sm font-medium">Add a member</h3>
          {addErr ? <Alert>{addErr.message}</Alert> : null}
          {message && !addErr ? <Alert tone="ok">{message}</Alert> : null}
          <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
            <Field label="E-mail" error={addErr?.fieldError("email")}>
              {({ id, invalid }) => (
                <Input id={id} name="email" type="email" required aria-invalid={invalid} />
              )}
            </Field>
            <Field label="Name" error={addErr?.fieldError("name")}>
              {({ id, invalid }) => <Input id={id} name="name" required aria-invalid={invalid} />}
            </Field>
            <Field label="Role">
              {({ id }) => (
                <Select id={id} name="role" defaultValue="responder">
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_HELP[r]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field
              label="Initial password"
              hint="For a new account; at least 12 characters"
              error={addErr?.fieldError("password")}
            >
              {({ id, describedBy, invalid }) => (
                <Input
                  id={id}
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
          </div>
          <div>
            <Button type="submit" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add member"}
            </Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
