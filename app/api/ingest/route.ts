import { handleUpload } from "@/lib/ingest/http";
import { tokenRoute } from "@/lib/http/route";
import { ingestQuerySchema } from "@/lib/validation/ingest";

/**
 * Hosts upload here with a team API token: a collector bundle (.tar.gz), or one tool's output as
 * text/plain with ?host= (and optionally ?tool=, ?date=, ?tz=). ?incident=<id>&role=baseline|incident|verify
 * attaches the snapshot to an incident.
 */
export const POST = tokenRoute({ query: ingestQuerySchema }, ({ req, query, teamId, token }) =>
  handleUpload(req, query, { teamId, tokenId: token.id }),
);
