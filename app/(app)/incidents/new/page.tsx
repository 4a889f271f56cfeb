import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NewIncidentForm } from "@/components/incidents/new-incident-form";
import { requireActor } from "@/lib/auth/page";

export const metadata: Metadata = { title: "New incident" };

export default async function NewIncidentPage() {
  const actor = await requireActor("/incidents/new");
  if (!actor) return null;
  if (actor.role === "viewer") redirect("/incidents");
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4 text-xl font-semibold">New incident</h1>
      <NewIncidentForm />
    </div>
  );
}
