import { windowFromParams, windowToParams, type TimeWindow } from "./time-window";

/**
 * What the Analyze step shows, as it lives in the URL so a pasted link opens the same view:
 * `?from=<epochMs>&to=<epochMs>&host=<hostId>&finding=<id>&target=<selector>&layout=hosts`.
 */
export interface AnalyzeView {
  window: TimeWindow | null;
  host: string | null;
  finding: string | null;
  /** The series the correlation ranking is for, as a selector: `cpu.user_pct{cpu=all}`. */
  target: string | null;
  /** Hosts side by side (small multiples) instead of one host. */
  sideBySide: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const SELECTOR = /^[a-z0-9_.]+(\{[^{}]{0,300}\})?$/;

function pick(params: Pick<URLSearchParams, "get">, name: string, re: RegExp): string | null {
  const v = params.get(name);
  return v !== null && re.test(v) ? v : null;
}

export function viewFromParams(params: Pick<URLSearchParams, "get">): AnalyzeView {
  return {
    window: windowFromParams(params),
    host: pick(params, "host", ID),
    finding: pick(params, "finding", ID),
    target: pick(params, "target", SELECTOR),
    sideBySide: params.get("layout") === "hosts",
  };
}

/** The query string for `patch` applied over `params` (other parameters are kept). */
export function viewToParams(
  params: URLSearchParams,
  patch: Partial<AnalyzeView>,
): URLSearchParams {
  let next = new URLSearchParams(params);
  if ("window" in patch) next = windowToParams(next, patch.window ?? null);
  const set = (name: string, value: string | null | undefined) => {
    if (value) next.set(name, value);
    else next.delete(name);
  };
  if ("host" in patch) set("host", patch.host);
  if ("finding" in patch) set("finding", patch.finding);
  if ("target" in patch) set("target", patch.target);
  if ("sideBySide" in patch) set("layout", patch.sideBySide ? "hosts" : null);
  return next;
}
