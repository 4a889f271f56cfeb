/**
 * The time window every chart of the investigation shows, as it lives in the URL
 * (`?from=<epochMs>&to=<epochMs>`), so a link pasted in the war-room chat opens the same view.
 */
export interface TimeWindow {
  from: number;
  to: number;
}

function epochMs(text: string | null): number | null {
  if (text === null || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** `from`/`to` of a query string: both integers (epoch ms) with from < to, else none. */
export function windowFromParams(params: Pick<URLSearchParams, "get">): TimeWindow | null {
  const from = epochMs(params.get("from"));
  const to = epochMs(params.get("to"));
  if (from === null || to === null || !(to > from)) return null;
  return { from, to };
}

/** The query string with the window set (rounded to whole ms), or removed for `null`. */
export function windowToParams(params: URLSearchParams, w: TimeWindow | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (w) {
    next.set("from", String(Math.round(w.from)));
    next.set("to", String(Math.round(w.to)));
  } else {
    next.delete("from");
    next.delete("to");
  }
  return next;
}
