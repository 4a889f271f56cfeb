import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { queryKeys } from "./keys";
import type { MemberView } from "@/lib/db/member-view";

/** The team's members (GET /api/team/members), one query for every page that lists them. */
export const teamMembersQuery = queryOptions({
  queryKey: queryKeys.members(),
  queryFn: () => api<{ members: MemberView[] }>("/api/team/members"),
});

export function useTeamMembers() {
  return useQuery(teamMembersQuery);
}
