import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cn } from "@/lib/cn";
import { toUtcInput } from "@/lib/client/utc-time";

const control =
  "w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg placeholder:text-muted aria-[invalid=true]:border-danger";

interface FieldProps {
  label: string;
  /** Error text; the control is marked invalid and points at it for screen readers. */
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}

/** A label, a control and its hint/error, wired together with ids. */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(control, "h-9", className)} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(control, "min-h-24", className)} {...props} />;
}

type UtcTime = string | number | null | undefined;

/**
 * A date and time in UTC to the second, the one way Warroom takes times (lib/client/utc-time.ts):
 * `initial`, `min` and `max` are instants; read the value back with `fromUtcInput`.
 */
export function UtcDateTimeInput({
  initial,
  min,
  max,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "defaultValue" | "min" | "max"> & {
  initial?: UtcTime;
  min?: UtcTime;
  max?: UtcTime;
}) {
  const opt = (t: UtcTime) => (t === undefined ? undefined : toUtcInput(t));
  return (
    <Input
      type="datetime-local"
      step={1}
      defaultValue={opt(initial)}
      min={opt(min)}
      max={opt(max)}
      {...props}
    />
  );
}

/** A native select: keyboard and screen-reader behaviour for free. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(control, "h-9 py-1", className)} {...props} />;
}
