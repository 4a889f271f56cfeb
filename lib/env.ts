import { z } from "zod";

/**
 * Server environment, validated once at first use. `scripts/start.ts` fills in what it can
 * (DATABASE_URL from the embedded Postgres, NEXTAUTH_SECRET from the data dir) before Next starts,
 * so a missing value here is a real configuration error. See .env.example for every variable.
 */
const schema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set (npm start sets it for the embedded Postgres)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is not set (npm start creates one in the data dir)" })
    .min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
  NEXTAUTH_URL: z.url().optional(),
  /** Largest accepted upload, in bytes (snapshot bundles and pasted outputs). */
  WARROOM_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  /** Uploads a minute per API token on /api/ingest (a token bucket in each server; 429 past it). */
  WARROOM_INGEST_RATE_PER_MIN: z.coerce.number().int().positive().default(600),
  /** Uploads a token may send at once before the rate applies (default: one minute's worth). */
  WARROOM_INGEST_BURST: z.coerce.number().int().positive().optional(),
  /** Uploads parsed and stored at once per server; more wait in line (default 2: two cores). */
  WARROOM_INGEST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** Uploads that may wait in line; past it, 503 with Retry-After (default 64). */
  WARROOM_INGEST_QUEUE: z.coerce.number().int().min(0).default(64),
  WARROOM_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the environment between files; this forgets the cached copy. */
export function resetEnvCache(): void {
  cached = undefined;
}
