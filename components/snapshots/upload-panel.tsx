"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import { queryKeys } from "@/lib/client/keys";
import { uploadWithProgress, type UploadProgress } from "@/lib/client/upload";
import { cn } from "@/lib/cn";

type Role = "baseline" | "incident" | "verify";

interface UploadResult {
  snapshotId: string;
  duplicate: boolean;
  host: { hostname: string };
  counts: { series: number; points: number; events: number };
  warnings: string[];
  inputs: { path: string; tool: string | null; ok: boolean; warnings: string[] }[];
}

const ROLE_LABEL: Record<Role, string> = {
  baseline: "Baseline (the hosts working well)",
  incident: "Incident (while it is slow)",
  verify: "Verify (after the fix)",
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * Upload a collector bundle (drop or pick a .tar.gz) or paste one tool's output. Same ingest path
 * as POST /api/ingest; shows upload progress, then what was read and every warning.
 */
export function UploadPanel({
  incidentId,
  defaultRole = "incident",
}: {
  incidentId: string;
  defaultRole?: Role;
}) {
  const qc = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [role, setRole] = useState<Role>(defaultRole);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null;

  async function send(body: Blob, type: string, params: Record<string, string>) {
    setError(null);
    setResult(null);
    setProgress({ loaded: 0, total: body.size });
    const q = new URLSearchParams({ role, ...params });
    try {
      const r = await uploadWithProgress<UploadResult>(
        `/api/incidents/${incidentId}/snapshots?${q.toString()}`,
        body,
        type,
        setProgress,
      );
      setResult(r);
      await qc.invalidateQueries({ queryKey: queryKeys.snapshots(incidentId) });
      await qc.invalidateQueries({ queryKey: ["incident", incidentId] });
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setProgress(null);
    }
  }

  function sendFile(file: File) {
    const gz = /\.(tar\.gz|tgz|gz)$/i.test(file.name) || file.type.includes("gzip");
    void send(file, gz ? "application/gzip" : "text/plain", { name: file.name });
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) sendFile(file);
  }

  function onPaste(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = formText(f, "output");
    const host = formText(f, "host").trim();
    const tool = formText(f, "tool");
    if (text.trim() === "") {
      setError("Paste a tool's output first.");
      return;
    }
    const params: Record<string, string> = {};
    if (host) params.host = host;
    if (tool) params.tool = tool;
    void send(new Blob([text], { type: "text/plain" }), "text/plain", params);
  }

  const pct =
    progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;

  return (
    <Card aria-labelledby="upload-title">
      <CardTitle id="upload-title">Add evidence</CardTitle>
      <div className="mb-4 max-w-sm">
        <Field label="Use this snapshot as">
          {({ id }) => (
            <Select
              id={id}
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              disabled={busy}
            >
              {(Object.keys(ROLE_LABEL) as Role[]).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex min-h-40 flex-col items-center justify-center gap-2 rounded-md border-2 border-dashed p-4 text-center text-sm",
            dragging ? "border-accent bg-accent/10" : "border-border",
          )}
        >
          <Upload aria-hidden className="text-muted" />
          <p>Drop a collector bundle (.tar.gz) or a tool output file here</p>
          <input
            ref={fileInput}
            type="file"
            className="sr-only"
            aria-label="Choose a snapshot file"
            accept=".gz,.tgz,.txt,.log,.json,text/plain,application/gzip"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) sendFile(file);
              e.target.value = "";
            }}
          />
          <Button
            variant="secondary"
            size="sm"
            onClick={() => fileInput.current?.click()}
            disabled={busy}
          >
            Choose a file
          </Button>
        </div>
        <form onSubmit={onPaste} className="flex flex-col gap-2" noValidate>
          <Field
            label="Or paste one tool's output"
            hint="vmstat, iostat -x, mpstat, sar, free, top -b, dmesg, …"
          >
            {({ id, describedBy }) => (
              <Textarea
                id={id}
                name="output"
                className="min-h-28 font-mono text-xs"
                aria-describedby={describedBy}
                spellCheck={false}
              />
            )}
          </Field>
          <div className="flex items-end gap-2">
            <Field label="Host" hint="When the output doesn't name it" className="flex-1">
              {({ id, describedBy }) => (
                <Input id={id} name="host" placeholder="db-1" aria-describedby={describedBy} />
              )}
            </Field>
            <Button type="submit" disabled={busy}>
              Upload
            </Button>
          </div>
        </form>
      </div>
      {progress ? (
        <div className="mt-4">
          <progress className="w-full" max={100} value={pct} aria-label="Upload progress" />
          <p className="text-xs text-muted" aria-live="polite">
            {pct < 100
              ? `Uploading… ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
              : "Parsing and storing…"}
          </p>
        </div>
      ) : null}
      {error ? <Alert className="mt-4">{error}</Alert> : null}
      {result ? <UploadSummary result={result} /> : null}
    </Card>
  );
}

function UploadSummary({ result }: { result: UploadResult }) {
  const failed = result.inputs.filter((i) => !i.ok);
  const warned = result.inputs.filter((i) => i.ok && i.warnings.length > 0);
  return (
    <div className="mt-4 flex flex-col gap-2" data-testid="upload-result">
      <Alert tone="ok">
        {result.duplicate
          ? "Already uploaded: the team has this snapshot; it is attached to this incident. "
          : "Stored. "}
        {result.host.hostname}: {result.counts.series} series,{" "}
        {result.counts.points.toLocaleString()} samples, {result.counts.events} events.
      </Alert>
      {result.warnings.length + failed.length + warned.length > 0 ? (
        <details className="rounded-md border border-border p-2 text-sm" open={failed.length > 0}>
          <summary>
            {failed.length} part{failed.length === 1 ? "" : "s"} not read,{" "}
            {warned.length + (result.warnings.length > 0 ? 1 : 0)} with warnings
          </summary>
          <ul className="mt-2 list-disc pl-5 text-xs">
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
            {[...failed, ...warned].map((i) => (
              <li key={i.path}>
                <span className="font-mono">{i.path}</span>
                {i.tool ? ` (${i.tool})` : ""}: {i.warnings.join("; ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
