import { benchCrash } from "../scripts/bench/crash";
import { expect, test } from "./fixtures";
import { e2eServer } from "./server-config";

/**
 * kill -9 in the middle of an ingest, twice (the sample of `scripts/bench/crash.ts`, which kills
 * 40 times): once the whole `npm start` tree with PostgreSQL (a power cut), once the Node
 * processes alone (PostgreSQL orphaned, stopped by the next start). After each restart no partial
 * snapshot is visible, and the same upload retried lands exactly once.
 */
test("kill -9 mid-ingest, machine and node: restarts, all-or-nothing snapshots, the retry lands once", async () => {
  test.setTimeout(240_000);
  const r = await benchCrash({
    iterations: 2,
    port: e2eServer.crashPort,
    hours: 1,
    cpus: 8,
    seed: Date.now() % 100_000,
    log: (l) => console.log(l),
  });
  expect(r.rows.map((x) => x.mode)).toEqual(["machine", "node"]);
  expect(r.rows.filter((x) => !x.ok)).toEqual([]);
  expect(r.rows[1]?.orphanStopped, "the restart after the node kill stopped the orphan").toBe(true);
});
