import { TEAM_COOKIE } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { found } from "@/lib/http/errors";
import { json, sessionRoute } from "@/lib/http/route";
import { teamSwitchSchema } from "@/lib/validation/team";

/** Switches the team the user works in (a cookie); only to a team they belong to. */
export const PUT = sessionRoute(
  { body: teamSwitchSchema, role: "viewer" },
  ({ teams, body, req }) => {
    const team = found(
      teams.find((t) => t.teamId === body.teamId),
      "No such team",
    );
    const res = json({ current: team.teamId, name: team.teamName, role: team.role });
    // Behind a TLS-terminating proxy the request itself is http: NEXTAUTH_URL says the app is https.
    const https =
      new URL(req.url).protocol === "https:" || env().NEXTAUTH_URL?.startsWith("https:") === true;
    const secure = https ? "; Secure" : "";
    res.headers.append(
      "Set-Cookie",
      `${TEAM_COOKIE}=${team.teamId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`,
    );
    return Promise.resolve(res);
  },
);
