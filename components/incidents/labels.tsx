import { Badge, type BadgeTone } from "@/components/ui/badge";

const SEVERITY_TONE: Record<string, BadgeTone> = {
  SEV1: "danger",
  SEV2: "warn",
  SEV3: "info",
  SEV4: "neutral",
};
const STATUS_TONE: Record<string, BadgeTone> = {
  open: "danger",
  mitigated: "warn",
  resolved: "ok",
  closed: "neutral",
};

export const ENVIRONMENT_LABEL: Record<string, string> = {
  "bare-metal": "Bare metal",
  vm: "Virtual machine",
  container: "Container",
  kubernetes: "Kubernetes",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "neutral"}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}
