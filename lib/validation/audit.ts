import { z } from "zod";

const isoDate = z.iso.datetime({
  offset: true,
  error: "must be an ISO-8601 date-time, e.g. 2026-12-04T15:57:00Z",
});

/** GET /api/audit: `?action=` (or `auth.` for an area), `?user=`, `?from=&to=`, `?before=` (paging). */
export const auditQuerySchema = z.object({
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]*)?$/, "must be an action like runbook.delete, or an area like auth.")
    .optional(),
  user: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a user id")
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/, "must be an entry id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
