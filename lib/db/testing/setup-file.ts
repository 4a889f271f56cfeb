// Runs before each `*.db.test.ts` file: its own database, so files never see each other's rows.
import { afterAll } from "vitest";
import { useTestDatabase as pointAppAtNewDatabase } from "./database";

await pointAppAtNewDatabase();

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db/client");
  await disconnectDb();
});
