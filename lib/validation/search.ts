import { z } from "zod";
import { csvEnumParam } from "./query";

export const SEARCH_TYPES = ["incident", "postmortem", "runbook"] as const;

/** GET /api/search: `?q=` what to find; `?type=incident,runbook` to narrow it. */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, "is required: what to search for").max(200),
  type: csvEnumParam(SEARCH_TYPES, "type"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
