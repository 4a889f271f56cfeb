"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { viewFromParams, viewToParams, type AnalyzeView } from "./analyze-url";

/**
 * The Analyze view from the URL, and a setter that rewrites the URL without a server round trip
 * (Next keeps `useSearchParams` in step with `history.replaceState`).
 */
export function useAnalyzeView(): [AnalyzeView, (patch: Partial<AnalyzeView>) => void] {
  const search = useSearchParams();
  const pathname = usePathname();
  const view = useMemo(() => viewFromParams(search), [search]);
  const update = useCallback(
    (patch: Partial<AnalyzeView>) => {
      const next = viewToParams(new URLSearchParams(window.location.search), patch);
      const qs = next.toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );
  return [view, update];
}
