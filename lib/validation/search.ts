import { z } from "zod";

export const SEARCH_TYPES = ["incident", "postmortem", "runbook"] as const;

/** GET /api/search: `?q=` what to find; `?type=incident,runbook` to narrow it. */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, "is required: what to search for").max(200),
  type: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(
      z.array(z.enum(SEARCH_TYPES, { error: `type must be among ${SEARCH_TYPES.join(", ")}` })),
    ),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
