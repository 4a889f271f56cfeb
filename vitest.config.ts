import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
// "server-only" throws outside React Server Components; tests and CLIs run that code directly.
const alias = { "@": root, "server-only": `${root}/lib/server-only-shim.ts` };
const dirs = "{lib,components,scripts,collector,app,prisma}";

// Two projects: pure unit tests (parsers, rules, components) need nothing; `*.db.test.ts` files get
// a real PostgreSQL from the global setup (one embedded server, one database per test file).
export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: more workers would oversubscribe them while Postgres runs too.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [`${dirs}/**/*.test.{ts,tsx}`],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: [`${dirs}/**/*.db.test.ts`],
          exclude: ["node_modules/**"],
          globalSetup: ["./lib/db/testing/global-setup.ts"],
          setupFiles: ["./lib/db/testing/setup-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
