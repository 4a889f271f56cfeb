"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { api } from "@/lib/client/api";
import { warroomKeys } from "@/lib/client/warroom-keys";
import { cn } from "@/lib/cn";
import type { RunbookSummary } from "@/lib/db/runbooks";

export function runbooksUrl(f: { q: string; tag: string; rule: string }): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.tag) p.set("tag", f.tag);
  if (f.rule) p.set("rule", f.rule);
  const s = p.toString();
  return `/api/runbooks${s ? `?${s}` : ""}`;
}

/**
 * The team's runbook library: full-text search (title and text), filter by tag or symptom and
 * by the finding rule a runbook addresses. Everything lives in the URL.
 */
export function RunbookLibrary({
  allTags,
  allRules,
  canEdit,
}: {
  allTags: string[];
  allRules: string[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = {
    q: params.get("q") ?? "",
    tag: params.get("tag") ?? "",
    rule: params.get("rule") ?? "",
  };
  const [text, setText] = useState(filter.q);
  const { data, error, isPending } = useQuery({
    queryKey: warroomKeys.runbooks(filter),
    queryFn: () => api<{ runbooks: RunbookSummary[] }>(runbooksUrl(filter)),
    placeholderData: (prev) => prev,
  });

  const setFilter = (patch: Partial<typeof filter>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  // Search as you type, after a short pause.
  useEffect(() => {
    if (text.trim() === filter.q) return;
    const t = setTimeout(() => setFilter({ q: text.trim() }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text starts a search
  }, [text]);

  const runbooks = data?.runbooks ?? [];
  return (
    <div className="flex flex-col gap-4">
      <Card className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Search runbooks" className="min-w-64 flex-1">
            {({ id }) => (
              <Input
                id={id}
                type="search"
                value={text}
                placeholder="disk saturated, oom, retransmits…"
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <Field label="Finding rule" className="w-64">
            {({ id }) => (
              <Select
                id={id}
                value={filter.rule}
                onChange={(e) => setFilter({ rule: e.target.value })}
              >
                <option value="">Any rule</option>
                {allRules.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {canEdit ? (
            <Button asChild>
              <Link href="/runbooks/new">New runbook</Link>
            </Button>
          ) : null}
        </div>
        {allTags.length > 0 ? (
          <div role="group" aria-label="Filter by tag or symptom" className="flex flex-wrap gap-1">
            <Button
              size="sm"
              variant={filter.tag === "" ? "primary" : "secondary"}
              aria-pressed={filter.tag === ""}
              onClick={() => setFilter({ tag: "" })}
            >
              All tags
            </Button>
            {allTags.map((t) => (
              <Button
                key={t}
                size="sm"
                variant={filter.tag === t ? "primary" : "secondary"}
                aria-pressed={filter.tag === t}
                onClick={() => setFilter({ tag: filter.tag === t ? "" : t })}
              >
                {t}
              </Button>
            ))}
          </div>
        ) : null}
      </Card>
      {error ? <Alert>{error.message}</Alert> : null}
      <p className="text-sm text-muted" role="status">
        {isPending
          ? "Loading…"
          : `${runbooks.length} runbook${runbooks.length === 1 ? "" : "s"}${filter.q ? `, best match for “${filter.q}” first` : ""}`}
      </p>
      {runbooks.length === 0 && !isPending ? (
        <p className="text-sm text-muted">
          No runbooks here yet. Write one, or save a postmortem as a runbook in an incident&apos;s
          Document step.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="runbook-list">
          {runbooks.map((r) => (
            <li key={r.id}>
              <Card className="flex flex-col gap-1">
                <Link
                  href={`/runbooks/${r.id}`}
                  className="font-medium text-accent underline-offset-2 hover:underline"
                >
                  {r.title}
                </Link>
                <p className="text-xs text-muted">
                  v{r.currentVersion} · updated {r.updatedAt.slice(0, 10)}
                  {r.sourceIncident
                    ? ` · from ${r.sourceIncident.key}: ${r.sourceIncident.title}`
                    : ""}
                </p>
                {r.symptoms.length > 0 ? (
                  <p className="text-xs">
                    <span className="text-muted">Symptoms: </span>
                    {r.symptoms.join("; ")}
                  </p>
                ) : null}
                <div className="flex flex-wrap gap-1">
                  {r.rules.map((rule) => (
                    <Badge key={rule} tone="info" className={cn(rule === filter.rule && "ring-1")}>
                      {rule}
                    </Badge>
                  ))}
                  {r.tags.map((t) => (
                    <Badge key={t}>{t}</Badge>
                  ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
