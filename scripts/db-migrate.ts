/**
 * `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (for deployments that run
 * migrations as their own step; `npm start` does it by itself).
 */
import { migrate } from "@/lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
migrate(url, { log: (l) => console.log(l) })
  .then((r) =>
    console.log(`up to date: ${r.applied.length} applied now, ${r.alreadyApplied} before`),
  )
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
