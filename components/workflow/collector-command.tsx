"use client";

import { useMutation } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { api } from "@/lib/client/api";

/**
 * The collector command line for this incident, with a fresh team token, ready to paste on a host.
 */
export function CollectorCommand({
  incidentId,
  incidentKey,
  canEdit,
}: {
  incidentId: string;
  incidentKey: string;
  canEdit: boolean;
}) {
  const [copied, setCopied] = useState(false);
  const token = useMutation({
    mutationFn: () =>
      api<{ secret: string }>("/api/tokens", {
        method: "POST",
        json: { name: `collector for ${incidentKey}` },
      }),
  });
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const command = token.data
    ? `WARROOM_TOKEN=${token.data.secret} sh warroom-collect --url ${origin} --incident ${incidentId} --role incident`
    : null;

  async function copy() {
    if (!command) return;
    await navigator.clipboard.writeText(command);
    setCopied(true);
  }

  return (
    <Card aria-labelledby="collector-title">
      <CardTitle id="collector-title">Capture from a host</CardTitle>
      <ol className="list-decimal pl-5 text-sm">
        <li>
          <a href="/api/collector" className="text-accent underline">
            Download warroom-collect
          </a>{" "}
          (one POSIX sh script; uses procps and sysstat when present) and copy it to the host.
        </li>
        <li>Run it there: it samples for 60 s and uploads the bundle to this incident.</li>
      </ol>
      {canEdit ? (
        command ? (
          <div className="mt-3 flex flex-col gap-2">
            <pre
              className="overflow-x-auto rounded bg-surface-2 p-2 font-mono text-xs"
              data-testid="collector-command"
            >
              {command}
            </pre>
            <div className="flex items-center gap-2">
              <Button size="sm" variant="secondary" onClick={() => void copy()}>
                <Copy size={14} aria-hidden /> Copy command
              </Button>
              <span role="status" className="text-xs text-muted">
                {copied
                  ? "Copied."
                  : "The token is shown once; revoke it on the Team page when done."}
              </span>
            </div>
          </div>
        ) : (
          <Button
            className="mt-3"
            size="sm"
            onClick={() => token.mutate()}
            disabled={token.isPending}
          >
            Create a token and show the command
          </Button>
        )
      ) : null}
      {token.error ? <Alert className="mt-2">{token.error.message}</Alert> : null}
    </Card>
  );
}
