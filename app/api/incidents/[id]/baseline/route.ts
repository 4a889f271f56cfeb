import { z } from "zod";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { baselineReport } from "@/lib/investigation/baseline";

/** A time as epoch ms or ISO-8601. */
const time = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "must be an ISO-8601 time or epoch milliseconds" });
      return z.NEVER;
    }
    return ms;
  });

const query = z.object({
  host: z.string().max(253).optional(),
  source: z
    .enum(["snapshot", "history", "window"], { error: "must be snapshot, history or window" })
    .optional(),
  from: time.optional(),
  to: time.optional(),
});

/**
 * Baseline vs incident for the key metrics of one host:
 * `?host=<id|hostname>&source=snapshot|history|window&from=&to=` (from/to pick an earlier window).
 */
export const GET = sessionRoute({ params: idParams, query }, async ({ teamId, params, query: q }) =>
  found(await baselineReport(teamId, params.id, q), "No such incident"),
);
