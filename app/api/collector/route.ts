import { readFile } from "node:fs/promises";
import path from "node:path";
import { sessionRoute } from "@/lib/http/route";

/** The collector script, for a signed-in responder to copy to a host. */
export const GET = sessionRoute({}, async () => {
  const script = await readFile(path.join(process.cwd(), "collector", "warroom-collect"));
  return new Response(script, {
    headers: {
      "Content-Type": "text/x-shellscript; charset=utf-8",
      "Content-Disposition": 'attachment; filename="warroom-collect"',
      "Cache-Control": "no-store",
    },
  });
});
