import "server-only";
import { recordAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { readBodyLimited } from "@/lib/http/body";
import { json } from "@/lib/http/route";
import type { IngestQuery } from "@/lib/validation/ingest";
import { ingestGate } from "./gate";
import { ingestSnapshot, type IngestResult } from "./ingest-snapshot";

/**
 * The HTTP side of an upload, shared by the token route (hosts) and the session route (browser):
 * read the body with the size limit, ingest, answer 201 (new) or 200 (`duplicate: true`).
 */
export async function handleUpload(
  req: Request,
  query: IngestQuery,
  who: { teamId: string; uploadedById?: string; tokenId?: string },
): Promise<Response> {
  const started = performance.now();
  const bytes = await readBodyLimited(req, env().WARROOM_MAX_UPLOAD_BYTES);
  const bodyMs = Math.round(performance.now() - started);
  // One upload at a time per slot (lib/ingest/gate.ts): the queue, not the database pool, absorbs bursts.
  const result: IngestResult = await ingestGate().run(() =>
    ingestSnapshot({
      teamId: who.teamId,
      bytes,
      host: query.host,
      tool: query.tool,
      fileName: query.name,
      date: query.date,
      tz: query.tz,
      incidentId: query.incident,
      role: query.role,
      uploadedById: who.uploadedById,
      tokenId: who.tokenId,
    }),
  );
  // A duplicate changes nothing unless it was attached to an incident.
  if (!result.duplicate || query.incident) {
    await recordAudit({
      teamId: who.teamId,
      actorId: who.uploadedById ?? null,
      action: result.duplicate ? "snapshot.attach" : "snapshot.upload",
      targetType: "snapshot",
      targetId: result.snapshotId,
      detail: {
        host: result.host.hostname,
        ...(query.incident ? { incidentId: query.incident, role: query.role ?? null } : {}),
        ...(who.tokenId ? { tokenId: who.tokenId } : {}),
      },
    });
  }
  const { timings, ...body } = result;
  const serverTiming = Object.entries({ body: bodyMs, ...timings })
    .map(([k, v]) => `${k};dur=${v}`)
    .join(", ");
  return json(body, {
    status: result.duplicate ? 200 : 201,
    headers: serverTiming ? { "Server-Timing": serverTiming } : undefined,
  });
}
