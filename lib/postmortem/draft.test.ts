import { describe, expect, it } from "vitest";
import type { Evidence } from "@/lib/analysis/types";
import { actionItemsInMarkdown } from "./action-items";
import { suggestAlert } from "./alert";
import type { DossierFinding, PostmortemDossier } from "./dossier";
import { POSTMORTEM_SECTIONS, renderPostmortemDraft } from "./draft";
import { renderMarkdown } from "./markdown";
import { runbookFromIncident } from "./runbook";

const window = { from: "2026-12-04T17:17:12Z", to: "2026-12-04T17:17:46Z" };

function ev(
  metric: string,
  observed: number,
  threshold: number,
  unit: string,
  extra: Partial<Evidence> = {},
): Evidence {
  return {
    metric,
    labels: { device: "vda" },
    ...window,
    observed,
    threshold,
    stat: "mean",
    unit,
    samples: 35,
    ...extra,
  };
}

/** The findings the analysis engine gives for the disk-random-io capture against idle-baseline. */
const diskSaturation: DossierFinding = {
  rule: "disk-saturation",
  domain: "disk",
  severity: "critical",
  kind: "saturation",
  title: "Disk vda saturated",
  summary:
    "vda was busy 89.1% of the time with 22.2 requests queued on average (means over 35 samples, 17:17:12–17:17:46 UTC).",
  hostname: "vm",
  evidence: [
    ev("disk.util_pct", 89.14, 80, "%", { baseline: 0.13 }),
    ev("disk.queue_depth", 22.21, 10, "", { baseline: 0.02 }),
    ev("disk.reads_per_s", 51323, 0, "/s", { baseline: 13.32 }),
  ],
};

const normalSteal: DossierFinding = {
  rule: "cpu-steal",
  domain: "virtualization",
  severity: "info",
  title: "Some CPU steal",
  summary: "Normal for this host.",
  hostname: "vm",
  normalForHost: true,
  evidence: [{ ...ev("cpu.steal_pct", 3, 10, "%"), labels: { cpu: "all" } }],
};

function dossier(over: Partial<PostmortemDossier> = {}): PostmortemDossier {
  return {
    incident: {
      key: "INC-7",
      title: "Checkout p99 above 3 s | db-1",
      summary: "All EU customers saw checkout timeouts for 20 minutes.",
      severity: "SEV2",
      status: "resolved",
      environment: "vm",
      startedAt: "2026-12-04T17:10:00Z",
      detectedAt: "2026-12-04T17:15:00Z",
      mitigatedAt: "2026-12-04T17:30:00Z",
      resolvedAt: "2026-12-04T17:45:00Z",
      closedAt: null,
      commander: "Ana Lima",
    },
    generatedAt: "2026-12-04T18:00:00Z",
    hosts: [{ hostname: "vm", roles: ["baseline", "incident", "verify"] }],
    baseline: "baseline snapshot of vm, 2026-12-04 17:09 UTC",
    findings: [diskSaturation, normalSteal],
    hypotheses: [
      {
        text: "A fio benchmark left running saturates vda",
        status: "confirmed",
        author: "Ana Lima",
        findings: [diskSaturation],
        windows: [{ ...window, metrics: ["disk.util_pct{device=vda}"] }],
      },
      {
        text: "The database is swapping",
        status: "refuted",
        author: "Bo",
        findings: [],
        windows: [],
      },
    ],
    fixes: [
      {
        description: "Stopped the fio job",
        target: "vm",
        appliedAt: "2026-12-04T17:18:10Z",
        author: "Ana Lima",
      },
    ],
    verification: {
      hasVerifySnapshot: true,
      hasBaseline: true,
      rows: [
        {
          hostname: "vm",
          metric: "disk.util_pct",
          labels: { device: "vda" },
          unit: "%",
          stat: "median",
          before: 89.6,
          after: 0.2,
          baseline: 0.1,
          verdict: "back-to-baseline",
          reason: "",
        },
        {
          hostname: "vm",
          metric: "disk.queue_depth",
          labels: { device: "vda" },
          unit: "",
          stat: "median",
          before: 22,
          after: 0.01,
          baseline: 0.02,
          verdict: "back-to-baseline",
          reason: "",
        },
      ],
    },
    timeline: [
      {
        at: "2026-12-04T17:18:10Z",
        kind: "fix",
        message: "Fix applied on vm: Stopped the fio job",
        author: "Ana Lima",
      },
      {
        at: "2026-12-04T17:15:00Z",
        kind: "note",
        message: "Pager: checkout latency | p99 3.2 s",
        author: "Bo",
      },
    ],
    actionItems: [],
    ...over,
  };
}

describe("renderPostmortemDraft", () => {
  const md = renderPostmortemDraft(dossier());

  it("has every section, in order", () => {
    const headings = md
      .split("\n")
      .filter((l) => l.startsWith("## "))
      .map((l) => l.slice(3));
    expect(headings).toEqual([...POSTMORTEM_SECTIONS]);
    expect(md.startsWith("# INC-7: Checkout p99 above 3 s | db-1 — postmortem\n")).toBe(true);
  });

  it("puts the evidence numbers in the root cause: observed vs threshold vs baseline", () => {
    expect(md).toContain(
      "**A fio benchmark left running saturates vda** (hypothesis by Ana Lima, confirmed)",
    );
    expect(md).toContain(
      "| Disk vda saturated | vm | `disk.util_pct{device=vda}` | 89.1% (mean of 35 samples) | 80% | 0.13% | 17:17:12–17:17:46 UTC |",
    );
    expect(md).toContain(
      "| Disk vda saturated | vm | `disk.queue_depth{device=vda}` | 22.2 (mean of 35 samples) | 10 | 0.02 |",
    );
    // Context evidence (no threshold) stays out of the table.
    expect(md).not.toContain("disk.reads_per_s");
    expect(md).toContain("- ~~The database is swapping~~");
  });

  it("summarises, times and credits the fix and the verification", () => {
    expect(md).toContain(
      "SEV2 incident on `vm` (vm), detected 2026-12-04 17:15 UTC, started 2026-12-04 17:10 UTC; status **resolved**.",
    );
    expect(md).toContain(
      "The analysis found: Disk vda saturated (Disk utilisation (vda) 89.1% against a threshold of 80%, baseline 0.13%).",
    );
    expect(md).toContain(
      "Root cause (confirmed): A fio benchmark left running saturates vda. Fixed by: Stopped the fio job on vm at 2026-12-04 17:18 UTC.",
    );
    expect(md).toContain("| Milestone | When (UTC) |");
    expect(md).toContain("| Mitigated | 2026-12-04 17:30 |");
    expect(md).toContain("Time to mitigate: 20 min.");
    expect(md).toContain("- **2026-12-04 17:18 UTC** on `vm` by Ana Lima: Stopped the fio job");
    expect(md).toContain(
      "After the fix, 2 of 2 checked metrics are back to baseline (overall: back to baseline).",
    );
    expect(md).toContain(
      "| vm | Disk utilisation (vda) (median) | 0.1% | 89.6% | 0.2% | Back to baseline |",
    );
  });

  it("escapes table separators in user text and sorts the timeline", () => {
    const t = md.indexOf("Pager: checkout latency \\| p99 3.2 s");
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(md.indexOf("| Fix applied on vm"));
  });

  it("derives the alert from the top finding that is not normal for the host", () => {
    expect(md).toContain("**alert when disk.util_pct{device=vda} > 80% for 5 min**");
    expect(md).toContain(
      'expr: rate(node_disk_io_time_seconds_total{device="vda"}[1m]) * 100 > 80',
    );
    expect(md).toContain("the incident showed 89.1% where 0.13% is normal");
  });

  it("suggests action items when none exist, and lists real ones with owners", () => {
    expect(actionItemsInMarkdown(md)).toEqual([
      "Add the alert: alert when disk.util_pct{device=vda} > 80% for 5 min",
      "Save this postmortem as a runbook for the next incident like it",
    ]);
    const withItems = renderPostmortemDraft(
      dossier({
        actionItems: [
          {
            title: "Move benchmarks to the batch node",
            owner: "Bo",
            dueDate: "2026-12-11",
            status: "open",
          },
          { title: "Alert on disk util", owner: null, dueDate: null, status: "done" },
          { title: "Buy faster disks", owner: null, dueDate: null, status: "cancelled" },
        ],
      }),
    );
    expect(withItems).toContain(
      "- [ ] Move benchmarks to the batch node — owner: Bo, due 2026-12-11",
    );
    expect(withItems).toContain("- [x] Alert on disk util — owner: unassigned");
    expect(actionItemsInMarkdown(withItems)).toEqual(["Move benchmarks to the batch node"]);
  });

  it("says what is missing instead of inventing it", () => {
    const bare = renderPostmortemDraft(
      dossier({
        hypotheses: [],
        fixes: [],
        verification: null,
        timeline: [],
        findings: [],
        baseline: null,
        incident: { ...dossier().incident, summary: "", commander: null, mitigatedAt: null },
      }),
    );
    expect(bare).toContain("_No hypothesis is confirmed yet");
    expect(bare).toContain("_No change recorded yet (Fix step)._");
    expect(bare).toContain("_No after-fix capture yet");
    expect(bare).toContain("_No finding to derive an alert from._");
    expect(bare).toContain("Keep a baseline for these hosts");
    expect(bare).not.toContain("Time to mitigate");
  });

  it("is deterministic", () => {
    expect(renderPostmortemDraft(dossier())).toBe(md);
  });
});

describe("suggestAlert", () => {
  it("pages after a minute on errors and names the direction of headroom metrics", () => {
    const oom: DossierFinding = {
      ...diskSaturation,
      rule: "memory-oom-kill",
      title: "OOM kills",
      evidence: [{ ...ev("kernel.oom_kill_events", 2, 0, "count"), labels: {}, stat: "count" }],
    };
    expect(suggestAlert([oom])?.sentence).toBe(
      "alert when kernel.oom_kill_events increases by more than 0 within 5 min",
    );
    const low: DossierFinding = {
      ...diskSaturation,
      rule: "memory-low-available",
      title: "Low memory",
      evidence: [{ ...ev("mem.available_pct", 3.2, 10, "%"), labels: {} }],
    };
    const a = suggestAlert([low]);
    expect(a?.sentence).toBe("alert when mem.available_pct < 10% for 5 min");
    expect(a?.promql).toBe(
      "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100 < 10",
    );
    expect(suggestAlert([normalSteal])).toBeNull();
  });
});

describe("renderMarkdown", () => {
  it("renders tables and task lists of the draft", () => {
    const html = renderMarkdown(renderPostmortemDraft(dossier()));
    expect(html).toContain("<h2>Root cause</h2>");
    expect(html).toContain("<td>89.1% (mean of 35 samples)</td>");
    expect(html).toContain(
      '<li class="task"><span role="img" aria-label="to do">☐</span> Add the alert:',
    );
    expect(renderMarkdown("- [x] done thing\n- [ ] open thing")).toBe(
      '<ul>\n<li class="task"><span role="img" aria-label="done">☑</span> done thing</li>\n<li class="task"><span role="img" aria-label="to do">☐</span> open thing</li>\n</ul>\n',
    );
  });

  it("neutralises raw HTML and script URLs", () => {
    const html = renderMarkdown(
      [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(2)">',
        "[a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](java&#x73;cript:alert(5)) [d](vbscript:x) [e](data:text/html;base64,PHNjcmlwdD4=)",
        "![i](javascript:alert(6))",
        "[ok](https://example.com/runbook)",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/src="\s*javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(
      '<a href="https://example.com/runbook" rel="noopener noreferrer nofollow">ok</a>',
    );
  });
});

describe("runbookFromIncident", () => {
  it("keeps the finding rules and symptoms, and the postmortem as the details", () => {
    const md = renderPostmortemDraft(dossier());
    const r = runbookFromIncident({
      incidentKey: "INC-7",
      incidentTitle: "Checkout p99 above 3 s",
      environment: "vm",
      postmortemMarkdown: md,
      findings: [
        {
          ...diskSaturation,
          nextSteps: [
            { tool: "iotop", command: "iotop -oPa", why: "who issues the I/O", layer: "os" },
          ],
        },
        normalSteal,
      ],
      fixes: [{ description: "Stopped the fio job", target: "vm" }],
    });
    expect(r.rules).toEqual(["disk-saturation"]);
    expect(r.symptoms).toEqual(["Disk vda saturated"]);
    expect(r.tags).toEqual(["disk", "vm"]);
    expect(r.title).toBe("Runbook: Disk <device> saturated");
    expect(r.markdown).toContain("- `iotop -oPa` — who issues the I/O");
    expect(r.markdown).toContain("### Root cause");
    expect(r.markdown).not.toContain("# INC-7");
  });
});
