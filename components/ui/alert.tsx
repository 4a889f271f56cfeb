import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** An error announced to screen readers (role=alert) or a polite status message. */
export function Alert({
  tone = "danger",
  children,
  className,
}: {
  tone?: "danger" | "info" | "ok";
  children: ReactNode;
  className?: string;
}) {
  const colors = {
    danger: "border-danger/50 bg-danger/10 text-danger",
    info: "border-accent/50 bg-accent/10 text-fg",
    ok: "border-ok/50 bg-ok/10 text-fg",
  }[tone];
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cn("rounded-md border px-3 py-2 text-sm", colors, className)}
    >
      {children}
    </div>
  );
}
