import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here for its CLI; the app connects through the pg adapter
// (lib/db/client.ts). Migrations are made and applied by scripts/db-migration.ts and
// lib/db/migrate.ts, because Prisma's migrate CLI needs a native engine that cannot be downloaded here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/warroom" },
});
