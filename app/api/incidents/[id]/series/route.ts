import { z } from "zod";
import { getIncident } from "@/lib/db/incidents";
import { AppError, found } from "@/lib/http/errors";
import { idParams, json, sessionRoute } from "@/lib/http/route";
import { csvParam, timeParam } from "@/lib/validation/query";
import { incidentChartSeries, MAX_POINTS, parseSelector } from "@/lib/investigation/series";

/** `a,b` as a list; absent or empty: no filter (undefined). */
const list = csvParam.transform((xs) => (xs.length > 0 ? xs : undefined));

const query = z.object({
  metrics: z
    .string()
    .min(1, "name at least one metric, e.g. metrics=cpu.user_pct{cpu=all},disk.util_pct"),
  from: timeParam,
  to: timeParam,
  width: z.coerce.number().int().min(10).max(MAX_POINTS, `at most ${MAX_POINTS}`).optional(),
  host: list,
  role: list.pipe(z.array(z.enum(["baseline", "incident", "verify"])).optional()),
});

/** Splits `a{x=1,y=2},b` on the commas outside braces. */
function splitSelectors(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "{") depth++;
    if (ch === "}") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * `GET /api/incidents/:id/series?metrics=...&from=...&to=...&width=...`: the charts' data, one
 * time axis in epoch ms, downsampled on the server to about the chart's pixel width.
 */
export const GET = sessionRoute(
  { params: idParams, query },
  async ({ teamId, params, query: q }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    const texts = splitSelectors(q.metrics);
    if (texts.length > 200) throw new AppError("bad_request", "metrics: at most 200 selectors");
    const selectors = texts.map((t) => {
      const s = parseSelector(t);
      if (!s)
        throw new AppError(
          "bad_request",
          `metrics: cannot read ${JSON.stringify(t)} (use name, name*, or name{label=value})`,
        );
      return s;
    });
    if (q.from !== undefined && q.to !== undefined && q.from > q.to)
      throw new AppError("bad_request", "from: must not be after to");
    const started = performance.now();
    const result = await incidentChartSeries(teamId, params.id, {
      selectors,
      from: q.from,
      to: q.to,
      width: q.width,
      hostIds: q.host,
      roles: q.role,
    });
    return json(result, {
      headers: { "Server-Timing": `series;dur=${(performance.now() - started).toFixed(1)}` },
    });
  },
);
