/**
 * The reliability benches of issue 7 as markdown sections for `npm run bench`
 * (`npm run bench -- hostile crash load backup` runs only these). Each starts servers of its own
 * on ports 3151-3154 (data in bench-data/); docs/reliability.md explains what they prove.
 */
import { benchBackup } from "./backup";
import { benchCrash } from "./crash";
import { benchHostile } from "./hostile";
import { benchLoad } from "./load";
import { markdownTable } from "./table";

export const RELIABILITY_BENCHES = ["hostile", "crash", "load", "backup"] as const;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

export async function reliabilitySections(
  wanted: (name: string) => boolean,
  log: (line: string) => void,
): Promise<string[]> {
  const sections: string[] = [];
  if (wanted("hostile")) {
    log("hostile: 500+ malformed uploads x 2 upload routes against a real server");
    const { cases, report, rows } = await benchHostile();
    sections.push(
      [
        `## Hostile uploads: ${cases} cases x 2 routes = ${report.outcomes.length} requests (target: 4xx with a reason or 201/200, never 5xx)`,
        "",
        markdownTable(rows),
        "",
        `By status: ${JSON.stringify(report.byStatus)}. Problems: ${report.problems.length}. ` +
          `Health after: ${report.healthAfter}. Server RSS ${mb(report.rssBefore)} MB before, peak ${mb(report.rssPeak)} MB, ` +
          `${mb(report.rssAfter)} MB after. Half snapshots: ${report.integrity?.problems.length ?? "not checked"} of ${report.integrity?.snapshots ?? 0}. ` +
          `${report.seconds.toFixed(0)} s.`,
      ].join("\n"),
    );
  }
  if (wanted("crash")) {
    log("crash: kill -9 mid-ingest 40 times (20 whole tree, 20 Node only), restart, retry");
    const r = await benchCrash({ log });
    sections.push(
      [
        `## Crash safety: ${r.survived}/${r.rows.length} kills survived (6 h x 16 CPUs bundle, ${r.bundleMB.toFixed(1)} MB, ingest ${(r.ingestMs / 1000).toFixed(1)} s)`,
        "",
        markdownTable(
          r.rows.map((x) => ({
            "#": x.iteration,
            mode: x.mode,
            "kill at ms": x.killAtMs,
            "client had": x.client,
            "found after restart": x.foundAfterRestart,
            "restart ms": x.restartMs,
            "orphan stopped": x.orphanStopped,
            retry: x.retry,
            ok: x.ok ? "yes" : (x.problem ?? "no"),
          })),
        ),
      ].join("\n"),
    );
  }
  if (wanted("load")) {
    log("load: 50 concurrent 1 MB uploads for 60 s");
    const r = await benchLoad();
    const fivexx = Object.entries(r.status)
      .filter(([s]) => Number(s) >= 500)
      .reduce((a, [, n]) => a + n, 0);
    sections.push(
      [
        `## Load: ${r.concurrency} concurrent uploads of ${(r.bundleBytes / 1e6).toFixed(2)} MB bundles for ${r.seconds.toFixed(0)} s (target: zero lost, zero 5xx)`,
        "",
        "| measure | value |",
        "|---|---|",
        `| requests / 201 | ${r.requests} / ${r.created} |`,
        `| statuses | ${JSON.stringify(r.status)} |`,
        `| 5xx / dropped connections | ${fivexx} / ${r.networkErrors} |`,
        `| lost (201 id missing in the database) | ${r.lost} (snapshots in the database: ${r.snapshotsInDb}) |`,
        `| half snapshots | ${r.halfSnapshots} |`,
        `| throughput | ${r.uploadsPerSecond.toFixed(2)} uploads/s, ${r.megabytesPerSecond.toFixed(1)} MB/s |`,
        `| latency p50 / p95 / p99 / max | ${(r.p50Ms / 1000).toFixed(1)} / ${(r.p95Ms / 1000).toFixed(1)} / ${(r.p99Ms / 1000).toFixed(1)} / ${(r.maxMs / 1000).toFixed(1)} s |`,
        `| server RSS peak | ${r.rssPeakMB.toFixed(0)} MB |`,
      ].join("\n"),
    );
  }
  if (wanted("backup")) {
    log("backup: team and whole-database round trips with a 6 h capture");
    sections.push(`## Backup round trips\n\n${markdownTable(await benchBackup())}`);
  }
  return sections;
}
