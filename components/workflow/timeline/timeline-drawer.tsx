"use client";

import { ChevronRight } from "lucide-react";
import { useState } from "react";
import { TimelinePanel } from "./timeline-panel";

/**
 * The timeline folded away under a step's own work: one click (or Enter on the focused summary)
 * opens it. Rendered only when open, so a closed drawer costs no request.
 */
export function TimelineDrawer({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="no-print group mt-4 rounded-lg border border-border bg-surface"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="flex cursor-pointer items-center gap-2 px-4 py-3 text-sm font-semibold">
        <ChevronRight aria-hidden className="h-4 w-4 transition-transform group-open:rotate-90" />
        Incident timeline
      </summary>
      {open ? (
        <TimelinePanel
          incidentId={incidentId}
          canEdit={canEdit}
          headingLevel={3}
          className="rounded-t-none border-0 border-t"
        />
      ) : null}
    </details>
  );
}
