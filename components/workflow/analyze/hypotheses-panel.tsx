"use client";

import { useState } from "react";
import { formatWindow } from "@/components/charts/format";
import type { TimeWindow } from "@/components/charts/zoom";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/client/api";
import { useCreateHypothesis, useHypotheses, useUpdateHypothesis } from "@/lib/client/use-analyze";
import type { StoredFinding } from "@/lib/db/findings";
import type { HypothesisView } from "@/lib/db/hypotheses";
import type { EvidenceLink } from "@/lib/validation/workflow";

const STATUS_TONE: Record<HypothesisView["status"], BadgeTone> = {
  proposed: "neutral",
  testing: "info",
  confirmed: "ok",
  refuted: "danger",
};

function findingLink(f: StoredFinding): EvidenceLink {
  return { kind: "finding", findingId: f.id, rule: f.rule, title: f.title.slice(0, 300) };
}

function windowLink(w: TimeWindow, metrics: readonly string[]): EvidenceLink {
  return {
    kind: "window",
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    metrics: metrics.slice(0, 50),
  };
}

/**
 * Hypotheses of the team: write one with the evidence at hand (the chosen finding, the window the
 * charts show), then mark it testing, confirmed or refuted. The server puts every change on the
 * incident's timeline.
 */
export function HypothesesPanel({
  incidentId,
  canEdit,
  chosen,
  window: w,
  windowMetrics,
  onShowFinding,
  onShowWindow,
}: {
  incidentId: string;
  canEdit: boolean;
  chosen: StoredFinding | null;
  window: TimeWindow;
  /** Series the current window is about (the chosen finding's, else the charted ones). */
  windowMetrics: readonly string[];
  onShowFinding: (findingId: string) => void;
  onShowWindow: (w: TimeWindow) => void;
}) {
  const { data } = useHypotheses(incidentId);
  const create = useCreateHypothesis(incidentId);
  const update = useUpdateHypothesis(incidentId);
  const [text, setText] = useState("");
  const [linkFinding, setLinkFinding] = useState(true);
  const [linkWindow, setLinkWindow] = useState(false);
  const hypotheses = data.hypotheses;
  const textError = create.error instanceof ApiError ? create.error.fieldError("text") : undefined;

  return (
    <Card aria-labelledby="hypotheses-title" className="flex flex-col gap-3">
      <h2 id="hypotheses-title" className="text-base font-semibold">
        Hypotheses ({hypotheses.length})
      </h2>
      {canEdit ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const evidence: EvidenceLink[] = [];
            if (chosen && linkFinding) evidence.push(findingLink(chosen));
            if (linkWindow) evidence.push(windowLink(w, windowMetrics));
            create.mutate({ text: text.trim(), evidence }, { onSuccess: () => setText("") });
          }}
        >
          <Field
            label="Hypothesis"
            error={textError}
            hint="A cause that explains all of the evidence, and what would refute it."
          >
            {({ id, describedBy, invalid }) => (
              <Textarea
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="e.g. A batch job saturates both CPUs; stopping it brings p99 back under 300 ms."
                rows={3}
              />
            )}
          </Field>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={Boolean(chosen) && linkFinding}
              disabled={!chosen}
              onChange={(e) => setLinkFinding(e.target.checked)}
            />
            <span>
              {chosen
                ? `Link the chosen finding: ${chosen.title}`
                : "Link a finding (choose one in Findings first)"}
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={linkWindow}
              onChange={(e) => setLinkWindow(e.target.checked)}
            />
            <span>Link the chart window ({formatWindow(w.from, w.to)})</span>
          </label>
          {create.error && !textError ? <Alert>{create.error.message}</Alert> : null}
          <div>
            <Button type="submit" size="sm" disabled={create.isPending || text.trim().length === 0}>
              {create.isPending ? "Adding…" : "Add hypothesis"}
            </Button>
          </div>
        </form>
      ) : null}
      {update.error ? <Alert>{update.error.message}</Alert> : null}
      {hypotheses.length === 0 ? (
        <p className="text-sm text-muted">
          No hypothesis yet. State one the evidence supports, then test it.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Hypotheses">
          {hypotheses.map((h) => {
            const linkedFinding = chosen
              ? h.evidence.some((e) => e.kind === "finding" && e.findingId === chosen.id)
              : true;
            const set = (patch: { status?: HypothesisView["status"]; evidence?: EvidenceLink[] }) =>
              update.mutate({ id: h.id, patch });
            return (
              <li
                key={h.id}
                className="rounded-md border border-border p-2"
                aria-label={h.text}
                data-hypothesis-status={h.status}
              >
                <div className="flex items-start justify-between gap-2">
                  <p className="text-sm">{h.text}</p>
                  <Badge tone={STATUS_TONE[h.status]}>{h.status}</Badge>
                </div>
                <p className="mt-0.5 text-xs text-muted">
                  {h.author ? `${h.author.name} · ` : ""}
                  {new Date(h.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC
                </p>
                {h.evidence.length > 0 ? (
                  <ul className="mt-1 flex flex-wrap gap-1" aria-label="Linked evidence">
                    {h.evidence.map((e, i) => (
                      <li key={i}>
                        {e.kind === "finding" ? (
                          <button
                            type="button"
                            className="rounded border border-border px-1.5 py-0.5 text-xs hover:bg-surface-2"
                            onClick={() => onShowFinding(e.findingId)}
                          >
                            Finding: {e.title ?? e.rule ?? e.findingId}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="rounded border border-border px-1.5 py-0.5 text-xs hover:bg-surface-2"
                            onClick={() =>
                              onShowWindow({ from: Date.parse(e.from), to: Date.parse(e.to) })
                            }
                          >
                            Window {formatWindow(Date.parse(e.from), Date.parse(e.to))}
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {canEdit ? (
                  <div className="mt-2 flex flex-wrap gap-1">
                    <Button
                      size="sm"
                      variant="secondary"
                      className="h-7 px-2 text-xs"
                      disabled={h.status === "testing" || update.isPending}
                      onClick={() => set({ status: "testing" })}
                    >
                      Mark testing
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      className="h-7 px-2 text-xs"
                      disabled={h.status === "confirmed" || update.isPending}
                      onClick={() => set({ status: "confirmed" })}
                    >
                      Confirm
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      className="h-7 px-2 text-xs"
                      disabled={h.status === "refuted" || update.isPending}
                      onClick={() => set({ status: "refuted" })}
                    >
                      Refute
                    </Button>
                    {chosen && !linkedFinding ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="h-7 px-2 text-xs"
                        disabled={update.isPending}
                        onClick={() => set({ evidence: [...h.evidence, findingLink(chosen)] })}
                      >
                        Link chosen finding
                      </Button>
                    ) : null}
                    <Button
                      size="sm"
                      variant="ghost"
                      className="h-7 px-2 text-xs"
                      disabled={update.isPending}
                      onClick={() =>
                        set({ evidence: [...h.evidence, windowLink(w, windowMetrics)] })
                      }
                    >
                      Link window
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
