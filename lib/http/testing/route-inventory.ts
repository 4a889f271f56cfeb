/**
 * Every API route and page of the app, read from the file system (so a new route is swept by the
 * isolation tests without anyone listing it), and the way to fill their dynamic segments with
 * real ids. Test-only code, shared by `app/isolation.db.test.ts` (API routes, in process) and
 * `e2e/isolation.api.spec.ts` (pages and headers, over HTTP).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteFile {
  /** Path of the file from the repository root, e.g. `app/api/incidents/[id]/route.ts`. */
  file: string;
  /** URL pattern, e.g. `/api/incidents/[id]` (route groups like `(app)` removed). */
  pattern: string;
  /** Dynamic segments in order, each with the static segment before it (`incidents/[id]`). */
  segments: { name: string; key: string }[];
}

export interface ApiRouteFile extends RouteFile {
  /** Methods the file exports, read from its source (`export const GET`, `export { h as POST }`). */
  methods: HttpMethod[];
}

function walk(dir: string, name: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, name, out);
    else if (entry === name) out.push(p);
  }
}

function toRoute(root: string, file: string): RouteFile {
  const rel = path.relative(root, file).split(path.sep).join("/");
  const dirParts = path.dirname(path.relative(path.join(root, "app"), file)).split(path.sep);
  const parts = dirParts.filter((p) => p !== "." && !/^\(.*\)$/.test(p));
  const segments: RouteFile["segments"] = [];
  parts.forEach((p, i) => {
    if (!p.startsWith("[")) return;
    const before = parts
      .slice(0, i)
      .reverse()
      .find((x) => !x.startsWith("["));
    segments.push({ name: p, key: before ? `${before}/${p}` : p });
  });
  return { file: rel, pattern: `/${parts.join("/")}`, segments };
}

/** `app/api/**\/route.ts` with the methods each exports. */
export function listApiRoutes(root = process.cwd()): ApiRouteFile[] {
  const files: string[] = [];
  walk(path.join(root, "app", "api"), "route.ts", files);
  return files.sort().map((file) => {
    const route = toRoute(root, file);
    const src = readFileSync(file, "utf8");
    const methods = HTTP_METHODS.filter((m) =>
      new RegExp(
        `export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\bas\\s+${m}\\b`,
      ).test(src),
    );
    return { ...route, methods };
  });
}

/** `app/(app)/**\/page.tsx`, the signed-in pages. */
export function listPages(root = process.cwd()): RouteFile[] {
  const files: string[] = [];
  walk(path.join(root, "app", "(app)"), "page.tsx", files);
  return files.sort().map((file) => toRoute(root, file));
}

/**
 * Fills a pattern's dynamic segments from `values`, looked up by `<static segment before>/[name]`
 * first, then by `[name]` alone. A segment with no value throws, naming what to add: a new route
 * must say which seeded object its parameter names.
 */
export function fillPattern(route: RouteFile, values: Record<string, string>): string {
  let url = route.pattern;
  for (const seg of route.segments) {
    const value = values[seg.key] ?? values[seg.name];
    if (value === undefined) {
      throw new Error(
        `${route.file}: no seeded value for the dynamic segment ${seg.key}; add "${seg.key}" to the segment map of the isolation tests (which seeded object does it name?)`,
      );
    }
    url = url.replace(seg.name, value);
  }
  return url;
}

/** The values of a pattern's segments for a route handler's `params` (`[id]` -> `{ id }`). */
export function paramsFor(
  route: RouteFile,
  values: Record<string, string>,
): Record<string, string | string[]> {
  fillPattern(route, values); // throws, naming the segment, when one has no value
  const out: Record<string, string | string[]> = {};
  for (const seg of route.segments) {
    const value = values[seg.key] ?? values[seg.name] ?? "";
    const catchAll = seg.name.startsWith("[...");
    out[seg.name.replace(/^\[(\.\.\.)?|\]$/g, "")] = catchAll ? value.split("/") : value;
  }
  return out;
}

/** The objects of one team whose ids fill the dynamic segments. */
export interface SegmentObjects {
  incidentId: string;
  hypothesisId: string;
  timelineEntryId: string;
  actionItemId: string;
  runbookId: string;
  /** A membership the sweep may change (a viewer's). */
  membershipId: string;
  /** A token the sweep may revoke. */
  tokenId: string;
}

/**
 * THE map from dynamic segments to seeded objects, keyed `<static segment before>/[name]`. A route
 * or page with a segment not listed here fails the isolation tests until it is added.
 */
export function segmentMap(o: SegmentObjects): Record<string, string> {
  return {
    "incidents/[id]": o.incidentId,
    "incidents/[step]": "analyze",
    "hypotheses/[hid]": o.hypothesisId,
    "timeline/[eid]": o.timelineEntryId,
    "actions/[aid]": o.actionItemId,
    "runbooks/[rid]": o.runbookId,
    "members/[id]": o.membershipId,
    "tokens/[id]": o.tokenId,
    "auth/[...nextauth]": "session",
  };
}
