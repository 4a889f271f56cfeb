import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";

/**
 * Backpressure for uploads: at most `limit` are parsed and stored at once, the others wait their
 * turn in order, and past `maxQueue` waiting the server answers 503 with Retry-After instead of
 * taking more. Without it, 50 simultaneous uploads each held a database connection for the length
 * of their transaction: the pool (10) ran dry, and unrelated queries (a token's last-used update)
 * failed after Prisma's 2 s wait with 500s; and each upload's parse held its own copy of the data
 * in memory at the same time. Two cores parse no faster two at a time than one after the other.
 * Per server, in memory (like the rate limit).
 */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.maxQueue) {
        throw new AppError(
          "unavailable",
          `The server is busy with ${this.running + this.waiting.length} uploads; retry shortly`,
          { headers: { "Retry-After": "5" } },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line; `running` stays the same.
      if (next) next();
      else this.running--;
    }
  }
}

const globalForGate = globalThis as unknown as { warroomIngestGate?: Gate };

/** This server's upload gate, sized by WARROOM_INGEST_CONCURRENCY and WARROOM_INGEST_QUEUE. */
export function ingestGate(): Gate {
  const { WARROOM_INGEST_CONCURRENCY: limit, WARROOM_INGEST_QUEUE: queue } = env();
  let g = globalForGate.warroomIngestGate;
  if (!g || g.limit !== limit || g.maxQueue !== queue) {
    g = new Gate(limit, queue);
    globalForGate.warroomIngestGate = g;
  }
  return g;
}
