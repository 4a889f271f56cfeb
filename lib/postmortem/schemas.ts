/**
 * Input schemas of the Document step's APIs (action items, runbooks), shared by the route
 * handlers and the forms. The postmortem save schema is `postmortemSaveSchema` in
 * lib/validation/workflow.ts.
 */
import { z } from "zod";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id");
const isoDay = z.iso.date({ error: "must be a date, e.g. 2026-12-11" });

export const ACTION_ITEM_STATUSES = ["open", "done", "cancelled"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const actionItemCreateSchema = z.object({
  title: z.string().trim().min(3, "must be at least 3 characters").max(300),
  /** A member of the team (user id). */
  ownerId: id.optional(),
  dueDate: isoDay.optional(),
  /** The timeline entry it was made from ("Create action item" on an entry). */
  timelineEntryId: id.optional(),
});
export type ActionItemCreateInput = z.infer<typeof actionItemCreateSchema>;

export const actionItemUpdateSchema = z
  .object({
    title: actionItemCreateSchema.shape.title,
    status: z.enum(ACTION_ITEM_STATUSES, {
      error: `must be one of ${ACTION_ITEM_STATUSES.join(", ")}`,
    }),
    ownerId: id.nullable(),
    dueDate: isoDay.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: "nothing to change: send at least one field",
  });
export type ActionItemUpdateInput = z.infer<typeof actionItemUpdateSchema>;

/** GET /api/actions: the team's action items, open ones by default. */
export const actionItemListQuerySchema = z.object({
  status: z
    .enum([...ACTION_ITEM_STATUSES, "all"], {
      error: `must be one of ${[...ACTION_ITEM_STATUSES, "all"].join(", ")}`,
    })
    .default("open"),
  /** A user id, `me`, or `none` (nobody owns it yet). */
  owner: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a user id, me or none")
    .optional(),
});
export type ActionItemListQuery = z.infer<typeof actionItemListQuerySchema>;

const tagList = z.array(z.string().trim().min(1).max(100)).max(30);

/** Either made from an incident's postmortem, or written by hand. */
export const runbookCreateSchema = z.union([
  z.object({ fromIncidentId: id }).strict(),
  z
    .object({
      title: z.string().trim().min(3, "must be at least 3 characters").max(200),
      markdown: z.string().min(1, "is required").max(500_000),
      symptoms: tagList.default([]),
      rules: tagList.default([]),
      tags: tagList.default([]),
    })
    .strict(),
]);
export type RunbookCreateInput = z.infer<typeof runbookCreateSchema>;
