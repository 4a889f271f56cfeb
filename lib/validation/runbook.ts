import { z } from "zod";

const tagList = z.array(z.string().trim().min(1).max(100)).max(30);

/** PUT /api/runbooks/:rid: the whole runbook as edited, saved as a new version. */
export const runbookUpdateSchema = z
  .object({
    title: z.string().trim().min(3, "must be at least 3 characters").max(200),
    markdown: z.string().min(1, "is required").max(500_000),
    symptoms: tagList,
    rules: tagList,
    tags: tagList,
    /** The version the edit started from: a save by someone else in between answers 409. */
    baseVersion: z.number().int().min(1),
  })
  .strict();
export type RunbookUpdateInput = z.infer<typeof runbookUpdateSchema>;

/** GET /api/runbooks: `?q=` words (full-text), `?tag=` a tag or symptom, `?rule=` a finding rule. */
export const runbookListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(100).optional(),
  rule: z.string().max(100).optional(),
});

export const runbookVersionQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional(),
});
