// Prints "N passed, N failed" from the Vitest and Playwright JSON reports, so a run that executed
// no test is visible at a glance. Exits 1 when a report is missing or nothing ran.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const missing = [];

if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numTodoTests ?? 0) + (v.numPendingTests ?? 0);
} else missing.push("vitest");

if (existsSync("test-results/e2e.json")) {
  const p = JSON.parse(readFileSync("test-results/e2e.json", "utf8"));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) + (p.stats?.skipped ?? 0);
} else missing.push("playwright");

if (missing.length) console.log(`[test] no report from: ${missing.join(", ")}`);
const line = `${passed} passed, ${failed} failed`;
writeFileSync("test-results/summary.txt", `${line}\n`);
console.log(line);
process.exit(missing.length || failed || passed === 0 ? 1 : 0);
