"use client";

import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type FormEvent } from "react";

/**
 * The search box of the app header: full-text over incidents, postmortems and runbooks. `/`
 * focuses it from anywhere (outside text fields); Enter opens /search. Works without script too
 * (a plain GET form).
 */
export function HeaderSearch() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const q = input.current?.value.trim() ?? "";
    if (q === "") return;
    router.push(`/search?q=${encodeURIComponent(q)}`);
  }

  return (
    <form role="search" action="/search" method="get" onSubmit={onSubmit} className="relative">
      <label htmlFor="app-search" className="sr-only">
        Search incidents, postmortems and runbooks
      </label>
      <Search
        aria-hidden
        className="pointer-events-none absolute top-1/2 left-2 h-4 w-4 -translate-y-1/2 text-muted"
      />
      <input
        ref={input}
        id="app-search"
        name="q"
        type="search"
        placeholder="Search  /"
        aria-keyshortcuts="/"
        className="h-8 w-36 rounded-md border border-border bg-surface-2 pr-2 pl-8 text-sm text-fg placeholder:text-muted focus:w-56 lg:w-52"
      />
    </form>
  );
}
