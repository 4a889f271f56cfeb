"use client";

import { formatDateTime } from "@/components/charts/format";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/keys";
import { formText } from "@/lib/client/form";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { name: string };
}

/** Team API tokens for the collector and scripts. The secret is shown once, right after creation. */
export function ApiTokens({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: () => api<{ tokens: TokenRow[] }>("/api/tokens"),
  });
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (name: string) =>
      api<TokenRow & { secret: string }>("/api/tokens", { method: "POST", json: { name } }),
    onSuccess: (t) => {
      setSecret(t.secret);
      void qc.invalidateQueries({ queryKey: queryKeys.tokens() });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(formText(new FormData(form), "name"), { onSuccess: () => form.reset() });
  }
  const err = create.error instanceof ApiError ? create.error : null;

  return (
    <Card aria-labelledby="tokens-title">
      <CardTitle id="tokens-title">API tokens</CardTitle>
      <p className="mb-3 text-sm text-muted">
        Hosts upload snapshots with a team token:{" "}
        <code>WARROOM_TOKEN=… warroom-collect --url …</code>
      </p>
      {secret ? (
        <Alert tone="ok" className="mb-3">
          <p className="font-medium">Copy the token now: it is not shown again.</p>
          <code className="mt-1 block break-all font-mono" data-testid="new-token-secret">
            {secret}
          </code>
        </Alert>
      ) : null}
      <table className="w-full text-sm">
        <caption className="sr-only">API tokens of this team</caption>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="py-1 font-medium">
              Name
            </th>
            <th scope="col" className="py-1 font-medium">
              Token
            </th>
            <th scope="col" className="py-1 font-medium">
              Created
            </th>
            <th scope="col" className="py-1 font-medium">
              Last used
            </th>
            <th scope="col" className="py-1 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.tokens.map((t) => (
            <tr key={t.id} className="border-t border-border">
              <td className="py-2">{t.name}</td>
              <td className="py-2 font-mono text-muted">{t.prefix}…</td>
              <td className="py-2 text-muted">
                {formatDateTime(Date.parse(t.createdAt))} by {t.createdBy.name}
              </td>
              <td className="py-2 text-muted">
                {t.lastUsedAt ? formatDateTime(Date.parse(t.lastUsedAt)) : "never"}
              </td>
              <td className="py-2 text-right">
                {t.revokedAt ? (
                  <span className="text-muted">revoked</span>
                ) : canEdit ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => revoke.mutate(t.id)}
                    aria-label={`Revoke token ${t.name}`}
                  >
                    Revoke
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
          {data?.tokens.length === 0 ? (
            <tr>
              <td colSpan={5} className="py-4 text-center text-muted">
                No tokens yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {canEdit ? (
        <form onSubmit={onCreate} className="mt-4 flex items-end gap-3" noValidate>
          <Field
            label="New token name"
            error={err?.fieldError("name") ?? (err && !err.issues ? err.message : undefined)}
            className="w-72"
          >
            {({ id, invalid }) => (
              <Input
                id={id}
                name="name"
                placeholder="e.g. db-hosts collector"
                aria-invalid={invalid}
              />
            )}
          </Field>
          <Button type="submit" disabled={create.isPending}>
            Create token
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
