"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select, UtcDateTimeInput } from "@/components/ui/field";
import { api } from "@/lib/client/api";
import { formText } from "@/lib/client/form";
import { warroomKeys } from "@/lib/client/warroom-keys";
import type { AuditView } from "@/lib/db/audit";
import { fromUtcInput, utcTime } from "@/lib/client/utc-time";

interface Page {
  entries: AuditView[];
  nextBefore: string | null;
  actions: string[];
}

const FILTERS = ["action", "user", "from", "to"] as const;

function describe(e: AuditView): string {
  const d = e.detail && typeof e.detail === "object" ? (e.detail as Record<string, unknown>) : {};
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (v === null || v === undefined) continue;
    const text =
      typeof v === "string" || typeof v === "number" || typeof v === "boolean"
        ? String(v)
        : JSON.stringify(v);
    parts.push(`${k}: ${text}`);
  }
  return parts.join(" · ");
}

/**
 * Who did what in the team, newest first: sign-ins, token use, edits, deletions. Filters (action
 * or area, person, time range in UTC) live in the URL; older entries load on demand.
 */
export function AuditLog({ members }: { members: { userId: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const query = useInfiniteQuery({
    queryKey: warroomKeys.audit(filter),
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams(filter);
      if (pageParam) q.set("before", pageParam);
      return api<Page>(`/api/audit?${q.toString()}`);
    },
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  const actions = query.data?.pages[0]?.actions ?? [];
  const areas = [...new Set(actions.map((a) => `${a.split(".")[0] ?? a}.`))];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    const action = formText(f, "action");
    const user = formText(f, "user");
    const from = fromUtcInput(formText(f, "from"));
    const to = fromUtcInput(formText(f, "to"));
    if (action) next.set("action", action);
    if (user) next.set("user", user);
    if (from) next.set("from", from);
    if (to) next.set("to", to);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <form
          key={params.toString()}
          onSubmit={onSubmit}
          className="flex flex-wrap items-end gap-3"
          aria-label="Filter the audit log"
        >
          <Field label="Action" className="w-56">
            {({ id }) => (
              <Select id={id} name="action" defaultValue={filter.action ?? ""}>
                <option value="">Any</option>
                {areas.map((a) => (
                  <option key={a} value={a}>
                    {a}* (all)
                  </option>
                ))}
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Who" className="w-48">
            {({ id }) => (
              <Select id={id} name="user" defaultValue={filter.user ?? ""}>
                <option value="">Anyone</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="From (UTC)" className="w-56">
            {({ id }) => <UtcDateTimeInput id={id} name="from" initial={filter.from} />}
          </Field>
          <Field label="To (UTC)" className="w-56">
            {({ id }) => <UtcDateTimeInput id={id} name="to" initial={filter.to} />}
          </Field>
          <Button type="submit">Apply</Button>
          {Object.keys(filter).length > 0 ? (
            <Button variant="ghost" onClick={() => router.replace(pathname, { scroll: false })}>
              Clear
            </Button>
          ) : null}
        </form>
      </Card>
      {query.error ? <Alert>{query.error.message}</Alert> : null}
      <p className="text-sm text-muted" role="status">
        {query.isPending
          ? "Loading…"
          : `${entries.length} entr${entries.length === 1 ? "y" : "ies"}${query.hasNextPage ? " (more below)" : ""}`}
      </p>
      <table className="w-full text-sm" data-testid="audit-log">
        <caption className="sr-only">Audit log, newest first</caption>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Who
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Action
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Target
            </th>
            <th scope="col" className="py-1 font-medium">
              Detail
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-t border-border align-top">
              <td className="py-1.5 pr-2 font-mono text-xs whitespace-nowrap">
                <time dateTime={e.at}>{utcTime(e.at)}</time>
              </td>
              <td className="py-1.5 pr-2">
                {e.actor ? (
                  <span title={e.actor.email}>{e.actor.name}</span>
                ) : (
                  <span className="text-muted">
                    {e.action.startsWith("token.") ? "API token" : "—"}
                  </span>
                )}
              </td>
              <td className="py-1.5 pr-2 font-mono text-xs">{e.action}</td>
              <td className="py-1.5 pr-2 text-xs text-muted">
                {e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}
              </td>
              <td className="py-1.5 text-xs break-all text-muted">{describe(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {query.hasNextPage ? (
        <Button
          variant="secondary"
          className="self-start"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Load older entries"}
        </Button>
      ) : null}
    </div>
  );
}
