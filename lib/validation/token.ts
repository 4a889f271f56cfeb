import { z } from "zod";

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
});
