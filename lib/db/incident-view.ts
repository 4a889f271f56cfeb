import type {
  EnvironmentName,
  IncidentStatus,
  Severity,
  StepName,
} from "@/lib/validation/incident";

/** Incident as the API and the pages see it (dates as ISO strings, environment as `bare-metal`). */
export interface IncidentView {
  id: string;
  number: number;
  key: string;
  title: string;
  summary: string;
  severity: Severity;
  status: IncidentStatus;
  environment: EnvironmentName;
  currentStep: StepName;
  startedAt: string | null;
  detectedAt: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  commander: { id: string; name: string } | null;
  createdBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
}
