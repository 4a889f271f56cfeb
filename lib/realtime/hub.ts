import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/env";
import { INCIDENT_CHANNEL, type IncidentChange } from "./channel";

/**
 * One LISTEN connection per server process, fanned out in memory to the incident pages connected
 * to this process (server-sent events). Reconnects with backoff when the database goes away;
 * subscribers are told to refetch everything after a reconnect, so nothing is lost in between.
 */
type Listener = (change: IncidentChange | { reconnected: true }) => void;

class Hub {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private backoffMs = 500;
  private everConnected = false;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  subscribe(incidentId: string, fn: Listener): () => void {
    void this.ensure();
    this.emitter.on(incidentId, fn);
    return () => this.emitter.off(incidentId, fn);
  }

  /**
   * Resolves once this process LISTENs (or after `timeoutMs`, so a page still opens while the
   * database is away). A page told "ready" before that could miss a change committed meanwhile.
   */
  async whenListening(timeoutMs: number): Promise<boolean> {
    if (this.client) return true;
    const attempt = this.ensure().then(() => this.client !== null);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    return Promise.race([attempt, timeout]);
  }

  private ensure(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", (msg) => {
      if (msg.channel !== INCIDENT_CHANNEL || !msg.payload) return;
      try {
        const change = JSON.parse(msg.payload) as IncidentChange;
        this.emitter.emit(change.incidentId, change);
      } catch {
        // Not ours; ignore.
      }
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      setTimeout(() => void this.ensure(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${INCIDENT_CHANNEL}`);
    } catch {
      this.client = client;
      lost();
      return;
    }
    this.client = client;
    this.backoffMs = 500;
    if (this.everConnected) {
      for (const name of this.emitter.eventNames()) this.emitter.emit(name, { reconnected: true });
    }
    this.everConnected = true;
  }
}

const globalForHub = globalThis as unknown as {
  warroomHub?: Hub;
  warroomStreams?: Set<() => void>;
  warroomStopping?: boolean;
};

/** True once the server was asked to stop: new streams are refused (the page retries later). */
export function isShuttingDown(): boolean {
  return globalForHub.warroomStopping === true;
}

/**
 * Registers an open event stream to be ended when the server is asked to stop (SIGTERM or
 * SIGINT). Next's graceful shutdown waits for every open connection to finish, and a stream
 * never does by itself: ending them (and refusing new ones, which a browser would otherwise open
 * again on a kept-alive connection) lets the server stop at once; the pages reconnect to the next
 * one and refetch what they may have missed. Returns the unregister function.
 */
export function endOnShutdown(end: () => void): () => void {
  if (!globalForHub.warroomStreams) {
    const streams = new Set<() => void>();
    globalForHub.warroomStreams = streams;
    const endAll = () => {
      globalForHub.warroomStopping = true;
      for (const fn of [...streams]) fn();
      streams.clear();
    };
    process.once("SIGTERM", endAll);
    process.once("SIGINT", endAll);
  }
  const streams = globalForHub.warroomStreams;
  streams.add(end);
  return () => streams.delete(end);
}

export function hub(): Hub {
  globalForHub.warroomHub ??= new Hub();
  return globalForHub.warroomHub;
}
