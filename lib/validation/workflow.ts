import { z } from "zod";

const isoDate = z.iso.datetime({
  offset: true,
  error: "must be an ISO-8601 date-time, e.g. 2026-12-04T15:57:00Z",
});

/** Evidence linked to a hypothesis: a finding, or a window of chart series. */
export const evidenceLinkSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("finding"),
    findingId: z.string().min(1).max(64),
    rule: z.string().max(100).optional(),
    title: z.string().max(300).optional(),
  }),
  z.object({
    kind: z.literal("window"),
    from: isoDate,
    to: isoDate,
    metrics: z.array(z.string().max(200)).max(50).default([]),
    note: z.string().max(500).optional(),
  }),
]);
export type EvidenceLink = z.infer<typeof evidenceLinkSchema>;

export const HYPOTHESIS_STATUSES = ["proposed", "testing", "confirmed", "refuted"] as const;

export const hypothesisCreateSchema = z.object({
  text: z.string().trim().min(5, "must be at least 5 characters").max(2000),
  evidence: z.array(evidenceLinkSchema).max(50).default([]),
});

export const hypothesisUpdateSchema = z
  .object({
    text: hypothesisCreateSchema.shape.text,
    status: z.enum(HYPOTHESIS_STATUSES, {
      error: `must be one of ${HYPOTHESIS_STATUSES.join(", ")}`,
    }),
    evidence: z.array(evidenceLinkSchema).max(50),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: "nothing to change: send at least one field",
  });

export const fixCreateSchema = z.object({
  description: z.string().trim().min(3, "must be at least 3 characters").max(2000),
  target: z.string().trim().min(1, "is required: the hosts, service or layer changed").max(500),
  appliedAt: isoDate.optional(),
  hypothesisId: z.string().min(1).max(64).optional(),
});

export const timelineNoteSchema = z.object({
  message: z.string().trim().min(1, "is required").max(5000),
  at: isoDate.optional(),
  /** Evidence pinned to the entry: a finding or a chart window. */
  pin: evidenceLinkSchema.optional(),
});

export const timelineEditSchema = z
  .object({ message: timelineNoteSchema.shape.message, at: isoDate })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to change: send message or at" });

export const postmortemSaveSchema = z.object({
  markdown: z.string().min(1, "is required").max(500_000),
  /** The version this edit started from: a concurrent save by someone else answers 409. */
  baseVersion: z.number().int().min(0),
});
