import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { pageActor } from "@/lib/auth/page";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeCallback(raw: string | string[] | undefined): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/incidents";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  const who = await pageActor();
  if (who.kind !== "anonymous") redirect(callbackUrl);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-2xl font-semibold">Warroom</h1>
        <p className="mb-6 text-sm text-muted">Sign in to investigate incidents with your team.</p>
        <LoginForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
