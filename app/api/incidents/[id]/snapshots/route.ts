import { listIncidentSnapshots } from "@/lib/db/snapshots";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { handleUpload } from "@/lib/ingest/http";
import { uploadQuerySchema } from "@/lib/validation/ingest";

export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  found(await getIncident(teamId, params.id), "No such incident");
  return { snapshots: await listIncidentSnapshots(teamId, params.id) };
});

/** The browser upload: the same ingest path as POST /api/ingest, attached to this incident. */
export const POST = sessionRoute(
  { params: idParams, query: uploadQuerySchema },
  async ({ req, teamId, user, params, query }) => {
    found(await getIncident(teamId, params.id), "No such incident");
    return handleUpload(
      req,
      { ...query, incident: params.id, role: query.role ?? "incident" },
      { teamId, uploadedById: user.id },
    );
  },
);
