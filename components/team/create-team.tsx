"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";

/** Start another team (you become its owner) and switch to it. */
export function CreateTeam() {
  const create = useMutation({
    mutationFn: async (name: string) => {
      const team = await api<{ id: string }>("/api/teams", { method: "POST", json: { name } });
      await api("/api/teams/current", { method: "PUT", json: { teamId: team.id } });
    },
    onSuccess: () => window.location.assign("/team"),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate(formText(new FormData(e.currentTarget), "name"));
  }
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <Card aria-labelledby="new-team-title">
      <CardTitle id="new-team-title">New team</CardTitle>
      <form onSubmit={onSubmit} className="flex items-end gap-3" noValidate>
        <Field label="Team name" error={err?.fieldError("name")} className="w-72">
          {({ id, invalid }) => <Input id={id} name="name" aria-invalid={invalid} />}
        </Field>
        <Button type="submit" variant="secondary" disabled={create.isPending}>
          Create team
        </Button>
      </form>
      {create.error && !err?.fieldError("name") ? (
        <Alert className="mt-2">{create.error.message}</Alert>
      ) : null}
    </Card>
  );
}
