import { z } from "zod";

/** Query-string pieces shared by the API routes' schemas. */

/** `?from=` / `?to=`: an ISO-8601 time or epoch milliseconds, as epoch milliseconds. */
export const timeParam = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(ms))
      ctx.addIssue({ code: "custom", message: "must be an ISO-8601 time or epoch milliseconds" });
    return ms;
  })
  .optional();

/** `a,b,c` as its trimmed, non-empty items; [] when absent. */
export const csvParam = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

/** `a,b` where each item must be one of `values` (`name` says which parameter in the error). */
export const csvEnumParam = <T extends readonly [string, ...string[]]>(values: T, name: string) =>
  csvParam.pipe(z.array(z.enum(values, { error: `${name} must be among ${values.join(", ")}` })));
