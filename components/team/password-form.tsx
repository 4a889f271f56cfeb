"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";

export function PasswordForm() {
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api("/api/me/password", { method: "PUT", json: input }),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    change.mutate(
      { currentPassword: formText(f, "currentPassword"), newPassword: formText(f, "newPassword") },
      { onSuccess: () => form.reset() },
    );
  }
  const err = change.error instanceof ApiError ? change.error : null;
  return (
    <Card aria-labelledby="pw-title">
      <CardTitle id="pw-title">Change password</CardTitle>
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        {err ? <Alert>{err.message}</Alert> : null}
        {change.isSuccess ? <Alert tone="ok">Password changed.</Alert> : null}
        <Field label="Current password" error={err?.fieldError("currentPassword")}>
          {({ id, invalid }) => (
            <Input
              id={id}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field
          label="New password"
          hint="At least 12 characters"
          error={err?.fieldError("newPassword")}
        >
          {({ id, describedBy, invalid }) => (
            <Input
              id={id}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div>
          <Button type="submit" disabled={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
