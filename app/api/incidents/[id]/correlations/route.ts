import { z } from "zod";
import { getIncident } from "@/lib/db/incidents";
import { AppError, found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { timeParam } from "@/lib/validation/query";
import { CorrelationError, incidentCorrelations } from "@/lib/investigation/correlations";

const query = z.object({
  target: z.string().min(1, "name the series, e.g. target=cpu.user_pct{cpu=all}").max(600),
  host: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a host id")
    .optional(),
  from: timeParam,
  to: timeParam,
  top: z.coerce.number().int().min(1).max(50).optional(),
  maxLagMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
});

/**
 * `GET /api/incidents/:id/correlations?target=<series key or selector>&host=&from=&to=`: the
 * series of the target's host that move with it in the window, strongest first (Pearson's r at
 * the best lag).
 */
export const GET = sessionRoute(
  { params: idParams, query },
  async ({ teamId, params, query: q }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    if (q.from !== undefined && q.to !== undefined && q.from > q.to)
      throw new AppError("bad_request", "from: must not be after to");
    try {
      return await incidentCorrelations(teamId, params.id, {
        target: q.target,
        hostId: q.host,
        from: q.from,
        to: q.to,
        top: q.top,
        maxLagMs: q.maxLagMs,
      });
    } catch (err) {
      if (err instanceof CorrelationError)
        throw new AppError(err.reason === "bad_target" ? "bad_request" : "not_found", err.message);
      throw err;
    }
  },
);
