/**
 * Every tool parser, in one list. Detection asks each for its confidence (highest wins; ties go to
 * the parser the file name names), `--tool NAME` picks by `tool`. Order matters only for equal
 * confidence without a file-name hint: earlier wins.
 */
import { cgroupParser } from "./cgroup";
import { dfParser } from "./df";
import { freeParser } from "./free";
import { iostatParser } from "./iostat";
import { ipLinkParser } from "./ip-link";
import { dmesgParser, journalctlParser } from "./kernel-log";
import { meminfoParser } from "./meminfo";
import { mpstatParser } from "./mpstat";
import { netDevParser } from "./net-dev";
import { netSnmpParser } from "./net-snmp";
import type { ToolParser } from "./parser";
import { pidstatParser } from "./pidstat";
import { pressureParser } from "./pressure";
import { procStatParser } from "./proc-stat";
import { sadfParser } from "./sadf";
import { sarParser } from "./sar";
import { ssParser } from "./ss";
import { topParser } from "./top";
import { uptimeParser } from "./uptime";
import { vmstatParser } from "./vmstat";

export const PARSERS: readonly ToolParser[] = [
  // sysstat; a new tool's parser goes in this list too.
  iostatParser,
  mpstatParser,
  pidstatParser,
  sarParser,
  sadfParser,
  vmstatParser,
  freeParser,
  topParser,
  uptimeParser,
  dmesgParser,
  journalctlParser,
  ssParser,
  ipLinkParser,
  meminfoParser,
  procStatParser,
  netDevParser,
  netSnmpParser,
  pressureParser,
  cgroupParser,
  dfParser,
];

export function parserByName(name: string): ToolParser | undefined {
  return PARSERS.find((p) => p.tool === name);
}

export function toolNames(): string[] {
  return PARSERS.map((p) => p.tool);
}
