import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { postmortemForExport } from "@/lib/investigation/postmortem";

/** The postmortem as a Markdown file: the latest saved version, else the fresh draft. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  const pm = found(await postmortemForExport(teamId, params.id), "No such incident");
  const name = `${pm.key}-postmortem${pm.version === null ? "-draft" : `-v${pm.version}`}.md`;
  return new Response(pm.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
