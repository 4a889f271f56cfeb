"use client";

import { useLayoutEffect, useState } from "react";

/**
 * The content width of an element, in whole pixels: measured as soon as it is mounted (so what
 * depends on it, like the chart requests, starts before the first paint) and kept current with a
 * ResizeObserver. 0 until mounted. Returns a callback ref, so an element mounted later counts too.
 */
export function useElementWidth<T extends HTMLElement>(): [(el: T | null) => void, number] {
  const [el, setEl] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = (w: number) => setWidth(Math.floor(w));
    measure(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) measure(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}
