import { z } from "zod";

const userId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a user id");

/**
 * PUT /api/incidents/:id/participants: the scribe and the responders, replaced as a whole (the
 * form sends what it shows); the commander too when `commanderId` is present.
 */
export const participantsSchema = z
  .object({
    scribeId: userId.nullable(),
    responderIds: z.array(userId).max(100, "at most 100 responders"),
    commanderId: userId.nullable().optional(),
  })
  .strict();
export type ParticipantsInput = z.infer<typeof participantsSchema>;
