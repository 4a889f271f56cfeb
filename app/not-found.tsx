import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="mb-2 text-xl font-semibold">Not found</h1>
      <p className="text-muted">
        There is nothing here, or it belongs to another team.{" "}
        <Link href="/incidents" className="underline">
          Back to incidents
        </Link>
      </p>
    </main>
  );
}
