import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_FORMAT, type Manifest, type ManifestCommand } from "@/lib/snapshot/manifest";

// Runs the real collector script. Keep the captures short: the whole file should stay ~10 s.

const SCRIPT = path.join(import.meta.dirname, "warroom-collect");
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const PHASES = ["start", "during", "end", "once"];
const SADC = ["/usr/lib/sysstat/sadc", "/usr/lib64/sa/sadc", "/usr/lib/sa/sadc"].find((p) =>
  existsSync(p),
);

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, args, {
      env: { ...process.env, WARROOM_TOKEN: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function readBundle(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  ex.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => void chunks.push(c as Buffer));
    stream.on("end", () => {
      if (header.type === "file")
        files.set(header.name.replace(/^\.\//, ""), Buffer.concat(chunks));
      next();
    });
    stream.resume();
  });
  Readable.from([gunzipSync(await readFile(file))]).pipe(ex);
  await once(ex, "finish");
  return files;
}

function onPath(tool: string, pathVar = process.env.PATH ?? ""): boolean {
  return pathVar.split(":").some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A bin directory with links to everything on PATH except `hidden`. */
function pathWithout(hidden: string[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const d of (process.env.PATH ?? "").split(":")) {
    if (!d || !existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      if (hidden.includes(name) || existsSync(path.join(dir, name))) continue;
      symlinkSync(path.join(d, name), path.join(dir, name));
    }
  }
  return dir;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing: ${what}`);
  return value;
}

function manifestOf(files: Map<string, Buffer>): Manifest {
  const raw = must(files.get("manifest.json"), "manifest.json in the bundle");
  return JSON.parse(raw.toString("utf8")) as Manifest;
}

/** Text of a command's output file in the bundle. */
function output(files: Map<string, Buffer>, c: ManifestCommand): string {
  const file = must(c.file, `${c.name} has no file`);
  return must(files.get(file), `${file} in the bundle`).toString("utf8");
}

function command(m: Manifest, name: string): ManifestCommand {
  return must(
    m.commands.find((x) => x.name === name),
    `command ${name} in the manifest`,
  );
}

let tmp: string;
// The two captures are mostly sleeping tools: start them together to keep the file short.
let fullRun: Promise<RunResult>;
let missingRun: Promise<RunResult>;
const locale = 'x"y\\z\tq\u0001w\nv';
const cgroup = '/we"ird\\pa th';

async function startMissingRun(): Promise<RunResult> {
  const bin = pathWithout(["iostat", "mpstat"], path.join(tmp, "bin"));
  // A day of sysstat history for "today", made by sadc (two 1 s samples), when sysstat is here.
  const saDir = path.join(tmp, "sa");
  mkdirSync(saDir);
  if (SADC) {
    const day = String(new Date().getDate()).padStart(2, "0");
    await new Promise((resolve) =>
      spawn(SADC, ["-S", "XALL", "1", "2", path.join(saDir, `sa${day}`)]).on("close", resolve),
    );
  }
  const out = path.join(tmp, "missing.tar.gz");
  return run(["--duration", "1", "--quiet", "--cgroup", cgroup, "--output", out], {
    PATH: bin,
    LC_ALL: "",
    LANG: locale,
    WARROOM_SYSSTAT_DIRS: saDir,
  });
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "warroom-collect-test-"));
  mkdirSync(path.join(tmp, "full"));
  fullRun = run(["--duration", "3", "--interval", "1", "--output", path.join(tmp, "full") + "/"]);
  missingRun = startMissingRun();
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("warroom-collect: a 3 s capture", () => {
  let result: RunResult;
  let files: Map<string, Buffer>;
  let manifest: Manifest;

  beforeAll(async () => {
    result = await fullRun;
    const bundle = must(result.stdout.trim().split("\n").pop(), "bundle path on stdout");
    files = await readBundle(bundle);
    manifest = manifestOf(files);
  }, 30_000);

  it("exits 0, prints the bundle path on stdout and progress on stderr", () => {
    expect(result.code, result.stderr).toBe(0);
    const printed = result.stdout.trim();
    expect(printed).toMatch(/warroom-.*\.tar\.gz$/);
    expect(path.dirname(printed)).toBe(path.join(tmp, "full"));
    expect(result.stderr).toMatch(/s left/);
  });

  it("writes a manifest that follows lib/snapshot/manifest.ts", () => {
    expect(manifest.format).toBe(BUNDLE_FORMAT);
    expect(manifest.collector?.version).toMatch(/^\d+\.\d+\.\d+$/);
    const { host, capture } = manifest;
    expect(host.hostname).toBe(os.hostname());
    expect(host.kernel).toBe(os.release());
    expect(typeof host.os).toBe("string");
    expect(host.nCpu).toBe(os.availableParallelism());
    expect(host.memoryBytes).toBe(os.totalmem());
    expect(["bare-metal", "vm", "container", "kubernetes"]).toContain(host.environment);
    expect(host.virtualization).toBeTruthy();
    if (host.environment === "container" || host.environment === "kubernetes") {
      expect(host.container?.runtime).toBeTruthy();
    } else {
      expect(host.container).toBeUndefined();
    }
    expect(capture.start).toMatch(ISO_UTC);
    expect(capture.end).toMatch(ISO_UTC);
    expect(Date.parse(must(capture.end, "capture.end"))).toBeGreaterThanOrEqual(
      Date.parse(capture.start) + 3000,
    );
    expect(capture.interval).toBe(1);
    expect(capture.count).toBe(3);
    expect(capture.timezone).toBeTruthy();
    expect(capture.locale).toBeTruthy();
    const allowed = [
      "name",
      "argv",
      "file",
      "exitCode",
      "missing",
      "phase",
      "startedAt",
      "endedAt",
    ];
    const names = new Set<string>();
    for (const c of manifest.commands) {
      expect(
        Object.keys(c).filter((k) => !allowed.includes(k)),
        c.name,
      ).toEqual([]);
      expect(c.name).toMatch(/^[a-z0-9_]+$/);
      expect(names.has(c.name), `duplicate ${c.name}`).toBe(false);
      names.add(c.name);
      expect(c.argv.length).toBeGreaterThan(0);
      expect(Number.isInteger(c.exitCode)).toBe(true);
      expect(PHASES).toContain(c.phase);
      if (c.file) {
        expect(c.file).toBe(`cmd/${c.name}.txt`);
        expect(files.has(c.file), c.file).toBe(true);
        expect(c.missing).toBeUndefined();
        expect(c.startedAt).toMatch(ISO_UTC);
        expect(c.endedAt).toMatch(ISO_UTC);
      } else {
        expect(c.missing, `${c.name} has neither file nor missing`).toBeTruthy();
      }
    }
    // Every file under cmd/ is described by the manifest.
    const described = new Set(manifest.commands.map((c) => c.file));
    for (const f of files.keys()) if (f.startsWith("cmd/")) expect(described.has(f), f).toBe(true);
  });

  it("captures every present tool into a non-empty cmd/ file", () => {
    const expected: Array<[string, string, string]> = [
      // [manifest name, tool, argv fragment]
      ["uptime_start", "uptime", "uptime"],
      ["uptime_end", "uptime", "uptime"],
      ["free_start", "free", "-b"],
      ["free_end", "free", "-b"],
      ["vmstat", "vmstat", "-t"],
      ["mpstat", "mpstat", "ALL"],
      ["iostat", "iostat", "-xz"],
      ["pidstat", "pidstat", "-w"],
      ["sar_net_dev", "sar", "DEV,EDEV"],
      ["sar_net_tcp", "sar", "TCP,ETCP"],
      ["sar_queue", "sar", "-q"],
      ["sar_cpu", "sar", "-u"],
      ["sar_mem", "sar", "-r"],
      ["sar_disk", "sar", "-d"],
      ["top", "top", "-b"],
      ["ss_start", "ss", "-s"],
      ["ip_link_start", "ip", "link"],
      ["df_start", "df", "-P"],
    ];
    for (const [name, tool, fragment] of expected) {
      const c = command(manifest, name);
      expect(c.argv[0]).toBe(tool);
      expect(c.argv, name).toContain(fragment);
      if (onPath(tool)) {
        expect(c.exitCode, name).toBe(0);
        expect(output(files, c).length, `${c.file} is empty`).toBeGreaterThan(0);
      } else {
        expect(c.exitCode).toBe(127);
        expect(c.missing).toMatch(/not installed/);
      }
    }
    // Interval tools sample `count` intervals (vmstat and iostat print a since-boot report first).
    if (onPath("mpstat")) expect(command(manifest, "mpstat").argv.slice(-2)).toEqual(["1", "3"]);
    if (onPath("vmstat")) expect(command(manifest, "vmstat").argv.slice(-2)).toEqual(["1", "4"]);
    // Point-in-time files at both ends.
    for (const f of ["meminfo", "proc_stat", "net_dev", "net_snmp"]) {
      for (const phase of ["start", "end"]) {
        const c = command(manifest, `${f}_${phase}`);
        expect(c.phase).toBe(phase);
        expect(c.argv[0]).toBe("cat");
        expect(output(files, c).length).toBeGreaterThan(0);
      }
    }
    // Kernel log: dmesg or journalctl, or recorded as not permitted.
    const klog = manifest.commands.find(
      (c) => c.name === "dmesg" || c.name === "journalctl_kernel",
    );
    expect(klog).toBeDefined();
    if (!klog?.file) expect(klog?.missing).toMatch(/not permitted|not installed/);
  });

  it("reads the collector's own cgroup files (v1 or v2) at start and end", () => {
    const cg = manifest.commands.filter((c) => c.name.startsWith("cgroup_"));
    expect(cg.length).toBeGreaterThan(0);
    const v2 = cg.some((c) => c.name === "cgroup_memory_current_start");
    const wanted = v2
      ? ["cpu_stat", "memory_current", "memory_max", "memory_events"]
      : [
          "cpu_stat",
          "memory_usage_in_bytes",
          "memory_limit_in_bytes",
          "memory_failcnt",
          "memory_oom_control",
        ];
    for (const w of wanted) {
      for (const phase of ["start", "end"]) {
        const c = command(manifest, `cgroup_${w}_${phase}`);
        expect(c.argv[1]).toMatch(/^\/sys\/fs\/cgroup\//);
        if (c.file) expect(files.get(c.file)?.length).toBeGreaterThan(0);
        else expect(c.missing).toMatch(/no such file|not permitted/);
      }
    }
  });

  it("records how the environment was detected", () => {
    const c = command(manifest, "environment");
    const text = output(files, c);
    expect(text).toMatch(
      new RegExp(`^decision: environment=${manifest.host.environment} virtualization=`, "m"),
    );
    expect(text).toMatch(/^reason: .+/m);
    expect(text).toMatch(/^\/\.dockerenv: (present|absent)$/m);
  });
});

describe("warroom-collect: missing tools and awkward strings", () => {
  let result: RunResult;
  let manifest: Manifest;
  let files: Map<string, Buffer>;

  beforeAll(async () => {
    result = await missingRun;
    const out = path.join(tmp, "missing.tar.gz");
    files = await readBundle(out);
    manifest = manifestOf(files);
  }, 30_000);

  it("records a tool hidden from PATH as missing, not fatal", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    for (const name of ["iostat", "mpstat"]) {
      const c = command(manifest, name);
      expect(c.exitCode).toBe(127);
      expect(c.missing).toBe(`not installed: ${name}`);
      expect(c.file).toBeUndefined();
      expect(files.has(`cmd/${name}.txt`)).toBe(false);
    }
    if (onPath("vmstat")) expect(command(manifest, "vmstat").exitCode).toBe(0);
  });

  it.skipIf(!SADC || !onPath("sadf"))("converts today's sysstat history with sadf -j", () => {
    const today = command(manifest, "sadf_today");
    expect(today.exitCode, files.get("err/sadf_today.txt")?.toString()).toBe(0);
    expect(today.argv.slice(0, 2)).toEqual(["sadf", "-j"]);
    const json = JSON.parse(output(files, today)) as {
      sysstat: { hosts: Array<{ statistics: unknown[] }> };
    };
    expect(json.sysstat.hosts[0]?.statistics.length).toBeGreaterThan(0);
    const yesterday = command(manifest, "sadf_yesterday");
    expect(yesterday.exitCode).toBe(2);
    expect(yesterday.missing).toMatch(/no sysstat history for yesterday/);
  });

  it("escapes quotes, backslashes and control characters in the JSON", () => {
    expect(manifest.capture.locale).toBe(locale);
    const c = command(manifest, "cgroup_cpu_stat_start");
    expect(c.argv[1]).toContain(cgroup);
    expect(c.exitCode).toBe(2);
    expect(c.missing).toContain(`no cgroup ${cgroup}`);
  });
});

describe("warroom-collect: arguments", () => {
  it.each([
    [["--duration", "abc"], /--duration/],
    [["--interval", "0"], /--interval/],
    [["--duration", "2", "--interval", "5"], /at least --interval/],
    [["--role", "boss", "--url", "http://localhost:1"], /--role/],
    [["--frobnicate"], /unknown argument/],
    [["--duration"], /needs a value/],
    [["--url", "http://localhost:1"], /WARROOM_TOKEN/],
    [["--incident", "abc"], /only make sense with --url/],
    [["--cgroup", "relative/path"], /absolute path/],
  ])("rejects %j with exit 2 and a message", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("exits 1 when the output cannot be written", async () => {
    const r = await run(["--duration", "1", "--output", path.join(tmp, "nope", "x.tar.gz")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write output/);
  });

  it("prints help and version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--duration/);
    const version = await run(["--version"]);
    expect(version.stdout).toMatch(/^warroom-collect \d+\.\d+\.\d+\n$/);
  });
});

describe.skipIf(!onPath("curl"))("warroom-collect: upload", () => {
  let server: Server;
  let port: number;
  let status = 201;
  const seen: Array<{ req: IncomingMessage; body: Buffer }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ req, body: Buffer.concat(chunks) });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(status < 300 ? '{"id":"snap_1"}' : '{"error":"bad token"}');
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("posts the bundle with the bearer token and keeps it on disk", async () => {
    const out = path.join(tmp, "upload.tar.gz");
    const r = await run(
      ["--duration", "1", "--quiet", "--output", out, "--url", `http://127.0.0.1:${port}/`].concat([
        "--incident",
        "inc_42",
        "--role",
        "incident",
      ]),
      { WARROOM_TOKEN: "s3cret" },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const { req, body } = must(seen.at(-1), "a request to the server");
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/ingest?incident=inc_42&role=incident");
    expect(req.headers.authorization).toBe("Bearer s3cret");
    expect(req.headers["content-type"]).toBe("application/gzip");
    expect(body.equals(await readFile(out))).toBe(true);
  }, 20_000);

  it("exits 3 when the server refuses, and leaves the bundle for a manual upload", async () => {
    status = 401;
    const out = path.join(tmp, "refused.tar.gz");
    const r = await run(
      ["--duration", "1", "--quiet", "--output", out, "--url", `http://127.0.0.1:${port}`],
      { WARROOM_TOKEN: "wrong" },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/upload failed/);
    expect(r.stderr).toMatch(/bad token/);
    expect(existsSync(out)).toBe(true);
  }, 20_000);
});

describe("warroom-collect: shellcheck", () => {
  it("is clean with shellcheck -s sh", async () => {
    if (!onPath("shellcheck")) {
      throw new Error(
        "shellcheck is not installed: install it (apt-get install shellcheck) to run this check; CI installs it",
      );
    }
    const r = await new Promise<RunResult>((resolve, reject) => {
      const child = spawn("shellcheck", ["-s", "sh", SCRIPT], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
