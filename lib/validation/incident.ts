import { z } from "zod";
import { csvEnumParam } from "./query";

/** Shared by the incident API routes and the incident forms. */
export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const STATUSES = ["open", "mitigated", "resolved", "closed"] as const;
export const ENVIRONMENTS = ["bare-metal", "vm", "container", "kubernetes"] as const;
export const STEPS = [
  "identify",
  "baseline",
  "collect",
  "analyze",
  "fix",
  "verify",
  "document",
] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof STATUSES)[number];
export type EnvironmentName = (typeof ENVIRONMENTS)[number];
export type StepName = (typeof STEPS)[number];

const isoDate = z.iso.datetime({
  offset: true,
  error: "must be an ISO-8601 date-time, e.g. 2026-12-04T15:57:00Z",
});

export const incidentCreateSchema = z.object({
  title: z
    .string()
    .trim()
    .min(3, "must be at least 3 characters")
    .max(200, "must be at most 200 characters"),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }),
  environment: z.enum(ENVIRONMENTS, { error: `must be one of ${ENVIRONMENTS.join(", ")}` }),
  summary: z.string().max(20_000).optional(),
  startedAt: isoDate.optional(),
  detectedAt: isoDate.optional(),
});
export type IncidentCreateInput = z.infer<typeof incidentCreateSchema>;

export const incidentUpdateSchema = z
  .object({
    title: incidentCreateSchema.shape.title,
    severity: incidentCreateSchema.shape.severity,
    environment: incidentCreateSchema.shape.environment,
    summary: z.string().max(20_000),
    status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(", ")}` }),
    currentStep: z.enum(STEPS, { error: `must be one of ${STEPS.join(", ")}` }),
    startedAt: isoDate.nullable(),
    detectedAt: isoDate,
    commanderId: z.string().min(1).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: "nothing to change: send at least one field",
  });
export type IncidentUpdateInput = z.infer<typeof incidentUpdateSchema>;

export const incidentListQuerySchema = z.object({
  status: csvEnumParam(STATUSES, "status"),
  severity: csvEnumParam(SEVERITIES, "severity"),
  q: z.string().max(200).optional(),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;
