"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Download, Printer } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useId, useMemo, useState } from "react";
import { utcTime } from "@/lib/client/utc-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api, ApiError } from "@/lib/client/api";
import type { PostmortemVersionView } from "@/lib/db/postmortems";
import type { RunbookView } from "@/lib/db/runbooks";
import type { PostmortemView } from "@/lib/investigation/postmortem";
import { renderMarkdown } from "@/lib/postmortem/markdown";
import { postmortemKey } from "./keys";
import { MarkdownView } from "./markdown-view";

/** What the editor holds when it differs from the latest saved version (or the draft). */
interface Edit {
  text: string;
  /** The version this text started from: a save is refused if someone saved after it. */
  base: number;
}

export function usePostmortem(incidentId: string) {
  return useSuspenseQuery({
    queryKey: postmortemKey(incidentId),
    queryFn: () => api<PostmortemView>(`/api/incidents/${incidentId}/postmortem`),
  });
}

/**
 * The postmortem: drafted by Warroom from the incident, edited in Markdown with a live preview,
 * saved as numbered versions (two editors cannot overwrite each other: the second save is told
 * who saved meanwhile), exported as a .md file or a print page, and turned into a team runbook.
 */
export function PostmortemEditor({
  incidentId,
  canEdit,
}: {
  incidentId: string;
  canEdit: boolean;
}) {
  const qc = useQueryClient();
  const editorId = useId();
  const { data } = usePostmortem(incidentId);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const [runbook, setRunbook] = useState<RunbookView | null>(null);

  const serverVersion = data.latest?.version ?? 0;
  const text = edit?.text ?? data.latest?.markdown ?? data.draft;
  const base = edit?.base ?? serverVersion;
  const savedMeanwhile = edit !== null && serverVersion > edit.base && conflict === null;
  const deferred = useDeferredValue(text);
  const html = useMemo(() => renderMarkdown(deferred), [deferred]);

  const save = useMutation({
    mutationFn: (body: { markdown: string; baseVersion: number }) =>
      api<PostmortemVersionView>(`/api/incidents/${incidentId}/postmortem`, {
        method: "POST",
        json: body,
      }),
    onSuccess: (saved) => {
      qc.setQueryData<PostmortemView>(postmortemKey(incidentId), (old) =>
        old
          ? {
              ...old,
              latest: saved,
              versions: [
                { version: saved.version, author: saved.author, createdAt: saved.createdAt },
                ...old.versions,
              ],
            }
          : old,
      );
      setEdit(null);
      setConflict(null);
      setNotice(`Saved as version ${saved.version}.`);
      void qc.invalidateQueries({ queryKey: ["incident", incidentId, "timeline"] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(err.message);
        setNotice("Not saved: someone else saved a newer version.");
        void qc.invalidateQueries({ queryKey: postmortemKey(incidentId) });
      } else setNotice(`Not saved: ${err.message}`);
    },
  });

  const toRunbook = useMutation({
    mutationFn: () =>
      api<RunbookView>("/api/runbooks", { method: "POST", json: { fromIncidentId: incidentId } }),
    onSuccess: (rb) => {
      // The success alert below is itself a status region: no second announcement.
      setRunbook(rb);
    },
  });

  function doSave(baseVersion = base) {
    if (save.isPending) return;
    save.mutate({ markdown: text, baseVersion });
  }

  async function freshDraft() {
    if (
      edit !== null &&
      !window.confirm("Replace your unsaved text with a fresh draft from the incident?")
    )
      return;
    const fresh = await qc.fetchQuery({
      queryKey: postmortemKey(incidentId),
      queryFn: () => api<PostmortemView>(`/api/incidents/${incidentId}/postmortem`),
      staleTime: 0,
    });
    setEdit({ text: fresh.draft, base: fresh.latest?.version ?? 0 });
    setNotice("The editor holds a fresh draft from the incident (not saved yet).");
  }

  async function openVersion(version: number) {
    const r = await api<PostmortemView>(
      `/api/incidents/${incidentId}/postmortem?version=${version}`,
    );
    if (!r.selected) return;
    setEdit({ text: r.selected.markdown, base: r.latest?.version ?? 0 });
    setNotice(`Version ${version} is in the editor; saving makes it the newest version.`);
  }

  const status = save.isPending
    ? "Saving…"
    : edit !== null
      ? `Unsaved changes (started from ${base === 0 ? "the draft" : `version ${base}`})`
      : data.latest
        ? `Version ${data.latest.version}, saved by ${data.latest.author?.name ?? "someone"} at ${utcTime(data.latest.createdAt)} UTC`
        : "Draft generated from the incident, not saved yet";

  return (
    <Card aria-labelledby="postmortem-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="postmortem-title" className="text-base font-semibold">
            Postmortem
          </h2>
          <p className="text-xs text-muted" data-testid="postmortem-status">
            {status}
          </p>
        </div>
        <div className="no-print flex flex-wrap gap-2">
          {canEdit ? (
            <Button
              onClick={() => doSave()}
              disabled={save.isPending || (edit === null && data.latest !== null)}
            >
              {save.isPending ? "Saving…" : "Save version"}
            </Button>
          ) : null}
          <Button asChild variant="secondary">
            <a href={`/api/incidents/${incidentId}/postmortem/export`} download>
              <Download aria-hidden className="h-4 w-4" />
              Download .md
            </a>
          </Button>
          <Button asChild variant="secondary">
            <Link href={`/incidents/${incidentId}/postmortem/print`}>
              <Printer aria-hidden className="h-4 w-4" />
              Print view
            </Link>
          </Button>
          {canEdit ? (
            <Button
              variant="secondary"
              onClick={() => toRunbook.mutate()}
              disabled={toRunbook.isPending || data.latest === null}
              title={data.latest === null ? "Save a version first" : undefined}
            >
              Save as runbook
            </Button>
          ) : null}
        </div>
      </div>

      {conflict ? (
        <Alert>
          <p>{conflict}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setEdit(null);
                setConflict(null);
                setNotice(`Version ${serverVersion} loaded.`);
              }}
            >
              Load version {serverVersion} (drop my changes)
            </Button>
            <Button size="sm" onClick={() => doSave(serverVersion)} disabled={save.isPending}>
              Save mine as version {serverVersion + 1}
            </Button>
          </div>
        </Alert>
      ) : null}
      {savedMeanwhile ? (
        <Alert tone="info">
          {data.latest?.author?.name ?? "Someone"} saved version {serverVersion} while you were
          editing. Saving will ask what to keep.
        </Alert>
      ) : null}
      {toRunbook.error ? <Alert>{toRunbook.error.message}</Alert> : null}
      {runbook ? (
        <Alert tone="ok">
          Runbook created:{" "}
          <Link href={`/runbooks/${runbook.id}`} className="underline">
            {runbook.title}
          </Link>{" "}
          (rules: {runbook.rules.join(", ") || "none"}).
        </Alert>
      ) : null}

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-1">
          <div className="flex items-center justify-between gap-2">
            <label htmlFor={editorId} className="text-sm font-medium">
              Markdown
            </label>
            {canEdit ? (
              <Button size="sm" variant="ghost" onClick={() => void freshDraft()}>
                Fresh draft from the incident
              </Button>
            ) : null}
          </div>
          <textarea
            id={editorId}
            value={text}
            readOnly={!canEdit}
            spellCheck
            onChange={(e) => setEdit({ text: e.target.value, base })}
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
                e.preventDefault();
                if (canEdit) doSave();
              }
            }}
            aria-describedby={`${editorId}-hint`}
            className="min-h-[36rem] w-full flex-1 rounded-md border border-border bg-surface px-3 py-2 font-mono text-xs leading-relaxed text-fg"
          />
          <p id={`${editorId}-hint`} className="text-xs text-muted">
            Markdown with tables and task lists. Ctrl+S saves. Raw HTML is shown as text.
          </p>
        </div>
        <section aria-label="Preview" className="flex min-w-0 flex-col gap-1">
          <h3 className="text-sm font-medium">Preview</h3>
          <div
            className="max-h-[40rem] min-h-[36rem] overflow-y-auto rounded-md border border-border bg-bg px-4 py-3"
            data-testid="postmortem-preview"
          >
            <MarkdownView html={html} />
          </div>
        </section>
      </div>

      {data.versions.length > 0 ? (
        <section aria-labelledby="versions-title">
          <h3 id="versions-title" className="text-sm font-medium">
            Versions ({data.versions.length})
          </h3>
          <ol className="mt-1 flex flex-col gap-1 text-sm">
            {data.versions.map((v) => (
              <li key={v.version} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">v{v.version}</span>
                <span className="text-muted">
                  {v.author?.name ?? "someone"}, {utcTime(v.createdAt)} UTC
                </span>
                {canEdit ? (
                  <Button size="sm" variant="ghost" onClick={() => void openVersion(v.version)}>
                    Open v{v.version} in the editor
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="sr-only" role="status" aria-live="polite">
        {notice}
      </p>
    </Card>
  );
}
