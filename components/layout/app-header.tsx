"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useQueryClient } from "@tanstack/react-query";
import { Moon, Sun } from "lucide-react";
import { useState } from "react";
import { HeaderSearch } from "@/components/search/header-search";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { THEME_COOKIE } from "@/lib/client/theme";
import { cn } from "@/lib/cn";

interface Props {
  user: { name: string; email: string };
  role: string;
  teamId: string;
  teams: { id: string; name: string; role: string }[];
}

const LINKS = [
  { href: "/incidents", label: "Incidents" },
  { href: "/actions", label: "Actions" },
  { href: "/runbooks", label: "Runbooks" },
  { href: "/team", label: "Team" },
  { href: "/account", label: "Account" },
];

export function AppHeader({ user, role, teamId, teams }: Props) {
  const pathname = usePathname();
  const router = useRouter();
  const qc = useQueryClient();
  const [dark, setDark] = useState(
    () => typeof document === "undefined" || !document.documentElement.classList.contains("light"),
  );

  function toggleTheme() {
    const next = dark ? "light" : "dark";
    document.documentElement.classList.remove("dark", "light");
    document.documentElement.classList.add(next);
    document.cookie = `${THEME_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
    setDark(!dark);
  }

  async function switchTeam(id: string) {
    await api("/api/teams/current", { method: "PUT", json: { teamId: id } });
    qc.clear();
    router.push("/incidents");
    router.refresh();
  }

  return (
    <header className="no-print border-b border-border bg-surface">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
        <Link href="/incidents" className="text-lg font-semibold tracking-tight">
          Warroom
        </Link>
        <nav aria-label="Main" className="flex gap-1">
          {LINKS.map((l) => {
            const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
            return (
              <Link
                key={l.href}
                href={l.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm",
                  active ? "bg-surface-2 font-medium" : "text-muted hover:text-fg",
                )}
              >
                {l.label}
              </Link>
            );
          })}
        </nav>
        <HeaderSearch />
        <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
          {teams.length > 1 ? (
            <label className="flex items-center gap-2">
              <span className="sr-only">Team</span>
              <select
                className="h-8 max-w-44 truncate rounded-md border border-border bg-surface-2 px-2"
                value={teamId}
                onChange={(e) => void switchTeam(e.target.value)}
              >
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="max-w-40 truncate text-muted">{teams[0]?.name}</span>
          )}
          <span className="hidden max-w-52 truncate text-muted md:inline" title={user.email}>
            {user.name} · {role}
          </span>
          <Button
            variant="ghost"
            size="sm"
            onClick={toggleTheme}
            aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
          >
            {dark ? <Sun size={16} aria-hidden /> : <Moon size={16} aria-hidden />}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            className="whitespace-nowrap"
            onClick={() => void signOut({ callbackUrl: "/login" })}
          >
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
