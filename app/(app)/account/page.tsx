import type { Metadata } from "next";
import { PasswordForm } from "@/components/team/password-form";
import { requireActor } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireActor("/account");
  if (!actor) return null;
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4">
      <h1 className="text-xl font-semibold">Your account</h1>
      <p className="text-sm text-muted">
        {actor.user.name} · {actor.user.email}
      </p>
      <PasswordForm />
    </div>
  );
}
