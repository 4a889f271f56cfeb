import { describe, expect, it } from "vitest";
import type { ParseContext, ParseResult } from "../types";
import { ParseError, pointsOf } from "../types";
import { pidstatParser } from "./pidstat";
import {
  bytesProperty,
  checkInvariants,
  fixture,
  fixtureNames,
  fixtureTexts,
  mutationProperty,
  series,
  times,
  values,
} from "./sysstat/test-helpers";

const KB = 1024;

const parse = (name: string, ctx: ParseContext = {}) => {
  const r = pidstatParser.parse(fixture("pidstat", name), ctx);
  checkInvariants(r);
  return r;
};

describe("pidstat: real outputs", () => {
  it.each(fixtureNames("pidstat"))("%s: detected as pidstat, parsed without warnings", (name) => {
    const text = fixture("pidstat", name);
    expect(pidstatParser.detect(text, name)).toBeGreaterThanOrEqual(0.9);
    const r = pidstatParser.parse(text, { tz: name.includes("_de") ? "Europe/Berlin" : "UTC" });
    checkInvariants(r);
    expect(r.warnings).toEqual([]);
    expect(r.series.length).toBeGreaterThan(0);
  });

  it("-u -d -r -w in separate tables: metrics per {pid, command}", () => {
    const r = parse("udrw.txt");
    const stress = { pid: "8158", command: "stress-ng-cpu" };
    expect(pointsOf(series(r, "proc.cpu_pct", stress))).toEqual([
      ["2026-12-04T16:42:17Z", 96.08],
      ["2026-12-04T16:42:18Z", 100],
    ]);
    expect(values(series(r, "proc.wait_pct", stress))).toEqual([1.96, 0]);
    expect(values(series(r, "proc.involuntary_switches_per_s", stress))).toEqual([240.2, 5]);
    expect(values(series(r, "proc.context_switches_per_s", stress))).toEqual([240.2, 5]);
    const fio = { pid: "8153", command: "fio" };
    expect(values(series(r, "proc.mem_rss_bytes", fio))[0]).toBe(29852 * KB);
    expect(values(series(r, "proc.mem_vsz_bytes", fio))[0]).toBe(441164 * KB);
    expect(values(series(r, "proc.voluntary_switches_per_s", fio))).toEqual([95.1, 98]);
    expect(values(series(r, "proc.minor_faults_per_s", { pid: "4838", command: "bash" }))[0]).toBe(
      144.12,
    );
  });

  it("-h: one line per process, same metrics", () => {
    const r = parse("udrw_h.txt");
    const k = { pid: "24", command: "ksoftirqd/1" };
    expect(pointsOf(series(r, "proc.voluntary_switches_per_s", k))[0]).toEqual([
      "2026-12-04T16:42:21Z",
      1541.58,
    ]);
    expect(pointsOf(series(r, "proc.context_switches_per_s", k))[0]).toEqual([
      "2026-12-04T16:42:21Z",
      1541.58 + 255.45,
    ]);
    expect(values(series(r, "proc.mem_rss_bytes", { pid: "1", command: "process_api" }))[0]).toBe(
      11664 * KB,
    );
  });

  it("-t: thread rows carry the process pid and a tid; |__ is not part of the command", () => {
    const r = parse("t_uw.txt");
    expect(
      values(
        series(r, "proc.voluntary_switches_per_s", { pid: "8420", tid: "8429", command: "fio" }),
      ),
    ).toEqual([5.94, 6]);
    expect(
      values(series(r, "proc.voluntary_switches_per_s", { pid: "8430", command: "fio" })),
    ).toEqual([897.03, 899]);
    expect(values(series(r, "proc.cpu_pct", { pid: "8430", tid: "8430", command: "fio" }))).toEqual(
      [3.96, 3],
    );
    expect(values(series(r, "proc.cpu_pct", { pid: "8424", command: "stress-ng-cpu" }))).toEqual([
      99.01, 100,
    ]);
    const h = parse("t_h_ur.txt");
    expect(
      values(series(h, "proc.mem_rss_bytes", { pid: "8496", tid: "8496", command: "fio" })),
    ).toEqual([6684 * KB, 6684 * KB]);
  });

  it("en_US 12-hour times; de_DE decimal commas and DD.MM.YYYY in Europe/Berlin", () => {
    const us = parse("u_en_us.txt");
    expect(pointsOf(series(us, "proc.cpu_pct", { pid: "8534", command: "stress-ng-cpu" }))).toEqual(
      [
        ["2026-12-04T16:42:34Z", 101],
        ["2026-12-04T16:42:35Z", 99],
      ],
    );
    const de = parse("ur_h_de.txt", { tz: "Europe/Berlin" });
    const s = series(de, "proc.minor_faults_per_s", { pid: "1087", command: "bash" });
    expect(pointsOf(s)[0]).toEqual(["2026-12-04T16:42:39Z", 208.91]);
    expect(values(series(de, "proc.mem_pct", { pid: "1087", command: "bash" }))[0]).toBe(0.02);
  });

  it("-H: epoch seconds are absolute UTC times whatever the zone", () => {
    const r = parse("u_h_epoch.txt", { tz: "America/New_York" });
    const bash = { pid: "8755", command: "bash" };
    expect(pointsOf(series(r, "proc.read_bytes_per_s", bash))).toEqual([
      ["2026-12-04T16:42:43Z", 24854.37 * KB],
      ["2026-12-04T16:42:44Z", 51200 * KB],
    ]);
    expect(values(series(r, "proc.write_bytes_per_s", bash))).toEqual([37281.55 * KB, 38400 * KB]);
  });

  it("-l -U: full command lines (with spaces) as the command label, USER instead of UID", () => {
    const r = parse("l_U_u.txt");
    expect(
      values(series(r, "proc.cpu_pct", { pid: "8828", command: "stress-ng-cpu [run]" })),
    ).toEqual([101, 99.01]);
    const fio = r.series.find((s) => s.metric === "proc.cpu_pct" && s.labels.pid === "8834");
    expect(fio?.labels.command).toBe(
      "fio --name=wr --directory=/tmp/wrfio --rw=randrw --bs=4k --size=16M --direct=1 --time_based --runtime=4 --ioengine=psync --rate_iops=300",
    );
  });

  it("no interval: one report since process start → sinceBoot", () => {
    const r = parse("u_oneshot.txt");
    const s = series(r, "proc.cpu_pct", { pid: "8869", command: "stress-ng-cpu" });
    expect(s.sinceBoot).toBe(0.17);
    expect(pointsOf(s)).toEqual([]);
  });

  it("sysstat 10 (CentOS 7) -hl: epoch Time, no %wait, trailing blanks trimmed from commands", () => {
    const r = parse("jc_centos77_sysstat10_hl.txt");
    expect(r.host).toEqual({
      hostname: "localhost",
      kernel: "3.10.0-1062.1.2.el7.x86_64",
      nCpu: 1,
    });
    const init = {
      pid: "1",
      command: "/usr/lib/systemd/systemd --switched-root --system --deserialize 22",
    };
    expect(series(r, "proc.system_pct", init).sinceBoot).toBe(0.03);
    const dockerd = r.series.find((s) => s.metric === "proc.cpu_pct" && s.labels.pid === "1221");
    expect(dockerd?.sinceBoot).toBe(0.09);
    expect(dockerd?.labels.command?.startsWith("/usr/bin/dockerd-current --add-runtime")).toBe(
      true,
    );
    expect(r.series.some((s) => s.metric === "proc.wait_pct")).toBe(false);
    expect(r.series.every((s) => pointsOf(s).length === 0)).toBe(true);
  });

  it("times of day without any date: seconds since the first one, with a warning", () => {
    const text = fixture("pidstat", "udrw.txt");
    const r = pidstatParser.parse(text.slice(text.indexOf("\n") + 1), {});
    checkInvariants(r);
    expect(times(series(r, "proc.cpu_pct", { pid: "8158", command: "stress-ng-cpu" }))).toEqual([
      1, 2,
    ]);
    expect(r.warnings.some((w) => w.includes("without a date"))).toBe(true);
  });
});

describe("pidstat: negative cases", () => {
  it("empty input gives an empty result", () => {
    expect(pidstatParser.parse("\n", {}).series).toEqual([]);
  });

  it.each([
    ["iostat", "x_t_iso.txt"],
    ["mpstat", "P_ALL.txt"],
    ["sar", "A.txt"],
  ])("%s/%s: detect ≈ 0 and parse throws ParseError", (tool, name) => {
    const text = fixture(tool, name);
    expect(pidstatParser.detect(text, name)).toBeLessThanOrEqual(0.05);
    expect(() => pidstatParser.parse(text, {})).toThrow(ParseError);
  });

  it("a row cut before its command: warned, other rows kept", () => {
    const text = fixture("pidstat", "udrw.txt");
    const at = text.indexOf("16:42:17        0      8169");
    const r = pidstatParser.parse(`${text.slice(0, at + 40)}\n${text.slice(at + 100)}`, {});
    checkInvariants(r);
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(values(series(r, "proc.cpu_pct", { pid: "8158", command: "stress-ng-cpu" }))[0]).toBe(
      96.08,
    );
  });

  it("mutated real outputs: only ParseError, never NaN or unordered points", () => {
    mutationProperty(pidstatParser, fixtureTexts("pidstat"), 300);
  });
});

describe("pidstat: read as bytes", () => {
  it("gives what the decoded text gives, whole or a chunk at a time (mutated real outputs, raw bytes, BOM)", () => {
    bytesProperty(pidstatParser, fixtureTexts("pidstat"), 150);
  });

  it("a command outside ASCII keeps its name; a BOM before the header is not part of it", () => {
    const text = fixture("pidstat", "udrw_h.txt").replaceAll(" fio\n", " fiö\n");
    expect(text).toContain("fiö");
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const r = pidstatParser.parseBytes?.(bytes, {}) as ParseResult;
    checkInvariants(r);
    expect(r.warnings).toEqual([]);
    expect(r.series.some((s) => s.labels.command === "fiö")).toBe(true);
    expect(r.series.some((s) => s.labels.command === "fio")).toBe(false);
    expect(r).toEqual(pidstatParser.parse(text, {}));
  });
});
