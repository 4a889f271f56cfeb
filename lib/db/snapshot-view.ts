import type { InputReport } from "@/lib/snapshot/bundle";

export type SnapshotRole = "baseline" | "incident" | "verify";

/** A snapshot as the incident pages list it. */
export interface SnapshotListItem {
  id: string;
  role: SnapshotRole;
  host: { id: string; hostname: string; environment: string | null; nCpu: number | null };
  format: string;
  tool: string | null;
  fileName: string | null;
  sizeBytes: number;
  capturedFrom: string | null;
  capturedTo: string | null;
  timeAnchor: string;
  counts: { series: number; points: number; events: number };
  warnings: string[];
  inputs: InputReport[];
  createdAt: string;
}
