import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { pageActor, requireActor } from "@/lib/auth/page";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  if (!actor) {
    const who = await pageActor();
    const email = who.kind === "no-team" ? who.user.email : "";
    return (
      <main id="main" className="mx-auto max-w-xl p-8">
        <h1 className="mb-2 text-xl font-semibold">No team yet</h1>
        <p className="text-muted">
          You are signed in as {email}, but you are not a member of any team. Ask a team owner to
          add you.
        </p>
      </main>
    );
  }
  return (
    <>
      <AppHeader
        user={actor.user}
        role={actor.role}
        teamId={actor.teamId}
        teams={actor.teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role }))}
      />
      <main id="main" className="mx-auto w-full max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
