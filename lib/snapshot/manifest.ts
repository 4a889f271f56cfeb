/**
 * The snapshot bundle manifest (`manifest.json` at the root of the collector's .tar.gz).
 * Format `warroom-snapshot/1`; see docs/design.md §4 and collector/README.md.
 */
import type { Environment } from "./types";

export const BUNDLE_FORMAT = "warroom-snapshot/1";

export interface ManifestCommand {
  /** Short name of what ran: `iostat`, `vmstat`, `meminfo_start`, `cgroup_cpu_stat`, ... */
  name: string;
  /** The command line as run (`["iostat","-xz","-t","1","60"]`), or `["cat","/proc/meminfo"]`. */
  argv: string[];
  /** Path inside the bundle, e.g. `cmd/iostat.txt`. Absent when the tool was missing. */
  file?: string;
  /** Exit status; 127 when the tool is not installed. */
  exitCode: number;
  /** When it was not run (tool missing, not permitted) and why. */
  missing?: string;
  /** `start` / `end` for point-in-time files read at both ends, `during` for interval tools. */
  phase?: "start" | "during" | "end" | "once";
  startedAt?: string;
  endedAt?: string;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  collector?: { version?: string };
  host: {
    hostname?: string;
    kernel?: string;
    os?: string;
    nCpu?: number;
    memoryBytes?: number;
    environment?: Environment;
    /** Hypervisor or container runtime: `kvm`, `vmware`, `xen`, `hyperv`, `docker`, ... */
    virtualization?: string;
    container?: { runtime?: string; id?: string; cgroupVersion?: 1 | 2; cgroupPath?: string };
    kubernetes?: { namespace?: string; pod?: string; node?: string };
  };
  capture: {
    start: string;
    end?: string;
    /** Seconds between samples. */
    interval: number;
    count: number;
    /** IANA zone or fixed offset of the host when it ran. */
    timezone?: string;
    locale?: string;
  };
  commands: ManifestCommand[];
}
