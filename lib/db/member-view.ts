import type { Role } from "@/lib/auth/roles";

/** A team member as the API shows it. */
export interface MemberView {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  since: string;
}
