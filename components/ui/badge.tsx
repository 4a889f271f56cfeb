import type { HTMLAttributes } from "react";
import { cn } from "@/lib/cn";

const TONES = {
  neutral: "border-border bg-surface-2 text-fg",
  danger: "border-danger/40 bg-danger/15 text-danger",
  warn: "border-warn/40 bg-warn/15 text-warn",
  ok: "border-ok/40 bg-ok/15 text-ok",
  info: "border-accent/40 bg-accent/15 text-accent",
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({
  tone = "neutral",
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium",
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
