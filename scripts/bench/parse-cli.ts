/**
 * `npx tsx scripts/bench/parse-cli.ts [--mb 100] [--runs 3] [TOOL|capture|capture-1-thread...]`
 *
 * Prints the parse benchmark (scripts/bench/parse.ts) as a markdown table: per tool and for the
 * capture (directory and .tar.gz, on all cores and in one thread), the input size, awk `{n+=NF}`
 * wall time, our read + parse time, their ratio (target: <= 2), the range of the rounds' ratios
 * and the number of points parsed. Inputs are built under bench-data/parse/ on the first run
 * (about 100 MB each).
 */
import { loadavg } from "node:os";
import { closeParsePool } from "../../lib/snapshot/parallel";
import { BENCH_INPUTS, CAPTURE_ROWS, benchTable, runParseBench } from "./parse";

const NAMES: readonly string[] = [...BENCH_INPUTS.map((b) => b.tool), ...CAPTURE_ROWS];

function usage(why: string): never {
  process.stderr.write(
    `parse-cli: ${why}\nusage: parse-cli [--mb N] [--runs N] [${NAMES.join("|")}]...\n`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let mb = 100;
  let runs = 3;
  const tools: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--mb" || a === "--runs") {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v <= 0) usage(`${a} needs a positive number`);
      if (a === "--mb") mb = v;
      else runs = Math.round(v);
    } else if (NAMES.includes(a)) tools.push(a);
    else usage(`unknown argument ${a}`);
  }
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  process.stderr.write(`load average before: ${load()}\n`);
  const rows = await runParseBench({
    mb,
    runs,
    ...(tools.length > 0 ? { tools } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`load average after: ${load()}\n`);
  await closeParsePool();
  process.stdout.write(`${benchTable(rows)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`parse-cli: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
