import { z } from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);

/** Query of POST /api/ingest and of the browser upload: what the bytes alone do not tell. */
export const ingestQuerySchema = z.object({
  host: text(253).optional(),
  tool: text(40).optional(),
  incident: text(64).optional(),
  role: z
    .enum(["baseline", "incident", "verify"], { error: "must be baseline, incident or verify" })
    .optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
    .optional(),
  tz: text(64).optional(),
  name: text(255).optional(),
});
export type IngestQuery = z.infer<typeof ingestQuerySchema>;

export const uploadQuerySchema = ingestQuerySchema.omit({ incident: true });
