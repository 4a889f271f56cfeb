import { searchTeam } from "@/lib/db/search";
import { sessionRoute } from "@/lib/http/route";
import { searchQuerySchema } from "@/lib/validation/search";

/**
 * Full-text search over the team's incidents, postmortems and runbooks (PostgreSQL
 * `websearch_to_tsquery`, ranked with `ts_rank`, snippets from `ts_headline` as text parts with
 * the matches marked).
 */
export const GET = sessionRoute({ query: searchQuerySchema }, async ({ teamId, query }) => ({
  query: query.q,
  results: await searchTeam(teamId, query.q, { kinds: query.type, limit: query.limit }),
}));
