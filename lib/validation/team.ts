import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

export const memberAddSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an e-mail address"),
  name: z.string().trim().min(1, "is required").max(100),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
  /** Needed only when the e-mail has no account yet. */
  password: z.string().min(12, "must be at least 12 characters").max(1024).optional(),
});
export type MemberAddInput = z.infer<typeof memberAddSchema>;

export const memberUpdateSchema = z.object({
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
});

export const teamCreateSchema = z.object({
  name: z.string().trim().min(2, "must be at least 2 characters").max(80),
});

export const teamSwitchSchema = z.object({ teamId: z.string().min(1) });

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, "is required"),
  newPassword: z.string().min(12, "must be at least 12 characters").max(1024),
});
