/** Team roles, weakest first. Owners manage the team; responders work incidents; viewers read. */
export const ROLES = ["viewer", "responder", "owner"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
