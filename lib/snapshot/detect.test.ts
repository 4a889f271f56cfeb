/** Every real fixture is detected as the tool that printed it, by content alone. */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DETECT_CHARS, detectTool } from "./detect";
import type { ToolParser } from "./parsers/parser";
import { FIXTURES, fixture } from "./testing/fixtures";

const TOOL_OF_DIR: Record<string, string> = {
  vmstat: "vmstat",
  free: "free",
  top: "top",
  uptime: "uptime",
  dmesg: "dmesg",
  journalctl: "journalctl",
  ss: "ss",
  ip: "ip",
  df: "df",
};
const PROC: Record<string, string> = {
  meminfo: "meminfo",
  stat: "procstat",
  net_dev: "netdev",
  net_snmp: "snmp",
  pressure: "pressure",
};

function cases(): [string, string][] {
  const out: [string, string][] = [];
  for (const [dir, tool] of Object.entries(TOOL_OF_DIR)) {
    for (const f of readdirSync(path.join(FIXTURES, dir)))
      if (f.endsWith(".txt")) out.push([`${dir}/${f}`, tool]);
  }
  for (const f of readdirSync(path.join(FIXTURES, "proc"))) {
    const key = Object.keys(PROC).find((k) => f.startsWith(k));
    if (key !== undefined && f.endsWith(".txt")) out.push([`proc/${f}`, PROC[key] ?? ""]);
  }
  for (const v of ["v1", "v2"]) {
    for (const f of readdirSync(path.join(FIXTURES, "cgroup", v))) {
      if (statSync(path.join(FIXTURES, "cgroup", v, f)).isFile() && /stat|oom_control/.test(f))
        out.push([`cgroup/${v}/${f}`, "cgroup"]);
    }
  }
  return out;
}

describe("detectTool", () => {
  it.each(cases())("%s → %s (content only)", (file, tool) => {
    // Raw pressure files name their resource only through the path, and kernel messages without
    // timestamps (dmesg -t) are too plain to claim without a name; everything else needs no name.
    const needsName =
      (file.startsWith("proc/pressure_") && !file.includes("grep")) ||
      file.startsWith("dmesg/public_npd");
    const name = needsName ? file : undefined;
    expect(detectTool(fixture(file), name)?.parser.tool).toBe(tool);
  });

  it("a bare cgroup number needs its file name", () => {
    expect(detectTool(fixture("cgroup/v1/memory_failcnt_swap.txt"))).toBeUndefined();
    expect(
      detectTool(
        fixture("cgroup/v1/memory_failcnt_swap.txt"),
        "/sys/fs/cgroup/memory/x/memory.failcnt",
      )?.parser.tool,
    ).toBe("cgroup");
  });

  it.each([["\u0000\u0001binary\u00ff"], ["hello world\n"], [""], ['{"json": true}']])(
    "unrecognised: %j",
    (text) => {
      expect(detectTool(text)).toBeUndefined();
    },
  );

  it("the file name breaks a tie but never wins alone", () => {
    expect(detectTool("nothing to see\n", "vmstat.txt")).toBeUndefined();
    expect(detectTool(fixture("free/free_m.txt"), "vmstat.txt")?.parser.tool).toBe("free");
  });
});

describe("detection reads the head of a text only", () => {
  it("every detector gets at most DETECT_CHARS characters, the text's first ones", () => {
    const text = fixture("pidstat/udrw_h.txt").repeat(40);
    expect(text.length).toBeGreaterThan(DETECT_CHARS * 2);
    const seen: string[] = [];
    const spy = { tool: "spy", detect: (t: string) => (seen.push(t), 0.5), parse: () => ({}) };
    expect(detectTool(text, undefined, [spy as unknown as ToolParser])?.confidence).toBe(0.5);
    expect(seen).toEqual([text.slice(0, DETECT_CHARS)]);
  });
});
