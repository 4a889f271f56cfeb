"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { MarkdownView } from "@/components/workflow/document/markdown-view";
import { api, ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import type { RunbookView } from "@/lib/db/runbooks";
import { renderMarkdown } from "@/lib/postmortem/markdown";

/** `a, b ,, c` -> [a, b, c] (unique, in order). */
export function listField(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const TEMPLATE = `# Runbook: 

## Symptoms

- 

## Confirm

- \`command\` — what it shows

## Fix

- 

## Verify

- Capture again with the same collector and compare with the baseline in Warroom's Verify step.
`;

/**
 * Writes a runbook: a new one, or a new version of one (`editing`). Markdown with a live
 * preview; symptoms, the finding rules it addresses (a matching incident suggests it) and tags.
 */
export function RunbookForm({
  editing,
  knownRules,
}: {
  editing?: RunbookView;
  knownRules: string[];
}) {
  const router = useRouter();
  const [markdown, setMarkdown] = useState(editing?.markdown ?? TEMPLATE);
  const [preview, setPreview] = useState(false);
  const html = useMemo(() => (preview ? renderMarkdown(markdown) : ""), [preview, markdown]);
  const save = useMutation({
    mutationFn: (body: {
      title: string;
      markdown: string;
      symptoms: string[];
      rules: string[];
      tags: string[];
    }) =>
      editing
        ? api<RunbookView>(`/api/runbooks/${editing.id}`, {
            method: "PUT",
            json: { ...body, baseVersion: editing.currentVersion },
          })
        : api<RunbookView>("/api/runbooks", { method: "POST", json: body }),
    onSuccess: (rb) => {
      router.push(`/runbooks/${rb.id}`);
      router.refresh();
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate({
      title: formText(f, "title").trim(),
      markdown,
      symptoms: listField(formText(f, "symptoms")),
      rules: listField(formText(f, "rules")),
      tags: listField(formText(f, "tags")),
    });
  }

  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      {err ? <Alert>{err.message}</Alert> : null}
      <Card className="flex flex-col gap-3">
        <Field label="Title" error={err?.fieldError("title")}>
          {({ id, invalid }) => (
            <Input
              id={id}
              name="title"
              required
              defaultValue={editing?.title ?? ""}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
          <Field label="Symptoms" hint="What responders see, comma-separated.">
            {({ id, describedBy }) => (
              <Input
                id={id}
                name="symptoms"
                aria-describedby={describedBy}
                defaultValue={editing?.symptoms.join(", ") ?? ""}
              />
            )}
          </Field>
          <Field
            label="Finding rules"
            hint="Rules this runbook addresses (comma-separated): an incident raising them suggests it."
          >
            {({ id, describedBy }) => (
              <>
                <Input
                  id={id}
                  name="rules"
                  list={`${id}-rules`}
                  aria-describedby={describedBy}
                  defaultValue={editing?.rules.join(", ") ?? ""}
                />
                <datalist id={`${id}-rules`}>
                  {knownRules.map((r) => (
                    <option key={r} value={r} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Tags" hint="Comma-separated: service, layer, environment…">
            {({ id, describedBy }) => (
              <Input
                id={id}
                name="tags"
                aria-describedby={describedBy}
                defaultValue={editing?.tags.join(", ") ?? ""}
              />
            )}
          </Field>
        </div>
      </Card>
      <Card className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-base font-semibold">{preview ? "Preview" : "Markdown"}</h2>
          <Button size="sm" variant="secondary" onClick={() => setPreview((p) => !p)}>
            {preview ? "Edit" : "Preview"}
          </Button>
        </div>
        {preview ? (
          <MarkdownView html={html} label="Preview" />
        ) : (
          <Field label="Runbook text (Markdown)" error={err?.fieldError("markdown")}>
            {({ id, invalid }) => (
              <Textarea
                id={id}
                value={markdown}
                onChange={(e) => setMarkdown(e.target.value)}
                aria-invalid={invalid}
                className="min-h-96 font-mono text-xs"
              />
            )}
          </Field>
        )}
      </Card>
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending
            ? "Saving…"
            : editing
              ? `Save as version ${editing.currentVersion + 1}`
              : "Create runbook"}
        </Button>
        <Button variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
