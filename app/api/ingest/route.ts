import { handleUpload } from "@/lib/ingest/http";
import { tokenRoute } from "@/lib/http/route";
import { takeIngestAllowance } from "@/lib/ingest/rate-limit";
import { ingestQuerySchema } from "@/lib/validation/ingest";

/**
 * Hosts upload here with a team API token: a collector bundle (.tar.gz), or one tool's output as
 * text/plain with ?host= (and optionally ?tool=, ?date=, ?tz=). ?incident=<id>&role=baseline|incident|verify
 * attaches the snapshot to an incident. Each token may upload WARROOM_INGEST_RATE_PER_MIN times a
 * minute (429 with Retry-After past it).
 */
export const POST = tokenRoute({ query: ingestQuerySchema }, ({ req, query, teamId, token }) => {
  takeIngestAllowance(token.id);
  return handleUpload(req, query, { teamId, tokenId: token.id });
});
