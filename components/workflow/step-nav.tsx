"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useIncident } from "@/lib/client/use-incident";
import { cn } from "@/lib/cn";
import { STEP_DEFINITIONS } from "@/lib/workflow/steps";

/** The seven steps as a landmark; the page shown is `aria-current`, the team's step is marked. */
export function StepNav({ incidentId }: { incidentId: string }) {
  const pathname = usePathname();
  const { data: incident } = useIncident(incidentId);
  const teamIdx = STEP_DEFINITIONS.findIndex((s) => s.name === incident?.currentStep);
  return (
    <nav aria-label="Investigation steps" className="no-print lg:w-56 lg:shrink-0">
      <ol className="flex gap-1 overflow-x-auto lg:flex-col">
        {STEP_DEFINITIONS.map((step, i) => {
          const href = `/incidents/${incidentId}/${step.name}`;
          const here = pathname === href || pathname.startsWith(`${href}/`);
          const isTeamStep = i === teamIdx;
          return (
            <li key={step.name}>
              <Link
                href={href}
                aria-current={here ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap",
                  here ? "bg-surface-2 font-medium" : "text-muted hover:text-fg",
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    "flex h-5 w-5 items-center justify-center rounded-full border text-xs",
                    i < teamIdx
                      ? "border-ok text-ok"
                      : isTeamStep
                        ? "border-accent text-accent"
                        : "border-border",
                  )}
                >
                  {i + 1}
                </span>
                {step.title}
                {isTeamStep ? <span className="sr-only"> (the team is here)</span> : null}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
