/**
 * Search, similar incidents and the runbook library on real data: incidents, postmortems and
 * runbooks written through the API with the words responders use, real collector bundles
 * uploaded so the analysis engine's findings exist, and a second team with look-alike text that
 * must never show.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { snippetParts } from "@/lib/db/search";
import { seedTeam, seedUser } from "@/lib/db/testing/seed";
import { callRoute } from "@/lib/http/testing/call-route";
import * as incidents from "../incidents/route";
import * as postmortem from "../incidents/[id]/postmortem/route";
import * as suggestions from "../incidents/[id]/runbook-suggestions/route";
import * as similar from "../incidents/[id]/similar/route";
import * as snapshots from "../incidents/[id]/snapshots/route";
import * as runbookItem from "../runbooks/[rid]/route";
import * as runbookVersions from "../runbooks/[rid]/versions/route";
import * as runbooks from "../runbooks/route";
import * as search from "./route";

const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");

let responder: string;
let viewer: string;
let outsider: string;
/** Past incidents and the new one. */
const inc = { disk: "", cpu: "", network: "", target: "", foreign: "" };
const rb = { disk: "", memory: "", foreign: "" };

async function newIncident(
  userId: string,
  input: { title: string; summary: string; severity?: string },
  bundle?: string,
): Promise<string> {
  const r = await callRoute(incidents.POST, {
    method: "POST",
    userId,
    json: { severity: "SEV2", environment: "vm", ...input },
  });
  expect(r.status).toBe(201);
  const id = r.data.id as string;
  if (bundle) {
    const up = await callRoute(snapshots.POST, {
      method: "POST",
      userId,
      params: { id },
      path: `/api/incidents/${id}/snapshots?role=incident`,
      body: readFileSync(path.join(SCENARIOS, `${bundle}.tar.gz`)),
      headers: { "content-type": "application/gzip" },
    });
    expect([200, 201]).toContain(up.status);
  }
  return id;
}

async function writePostmortem(userId: string, id: string, markdown: string) {
  const r = await callRoute(postmortem.POST, {
    method: "POST",
    userId,
    params: { id },
    json: { markdown, baseVersion: 0 },
  });
  expect(r.status).toBe(201);
}

beforeAll(async () => {
  const team = await seedTeam("Payments");
  responder = (await seedUser(team.id, "responder")).id;
  viewer = (await seedUser(team.id, "viewer")).id;
  const other = await seedTeam("Look-alikes");
  outsider = (await seedUser(other.id, "owner")).id;

  inc.disk = await newIncident(
    responder,
    {
      title: "Order confirmations delayed by 20 minutes",
      summary:
        "Order confirmation e-mails queued up. The orders database VM answered slowly because its virtio disk was saturated by a forgotten fio benchmark.",
    },
    "disk-random-io",
  );
  await writePostmortem(
    responder,
    inc.disk,
    [
      "# Postmortem: order confirmations delayed",
      "",
      "## Summary",
      "",
      "A fio benchmark left running on the orders database VM kept the disk vda 89% busy with a queue of 22 requests. Confirmation e-mails waited for the database.",
      "",
      "## Root cause",
      "",
      "Random 4k reads and writes at iodepth 32 saturated the virtio disk.",
      "",
      "## Action items",
      "",
      "- [ ] Alert when disk %util stays above 90% for 5 minutes",
    ].join("\n"),
  );
  inc.cpu = await newIncident(
    responder,
    {
      title: "Checkout API errors after deploy",
      summary: "Checkout API answered 502 for ten minutes: the new build pinned both CPUs at 100%.",
      severity: "SEV1",
    },
    "cpu-all-cores",
  );
  inc.network = await newIncident(
    responder,
    {
      title: "Cache timeouts from the app tier",
      summary: "Session cache calls timed out intermittently.",
    },
    "tcp-retransmits",
  );
  await writePostmortem(
    responder,
    inc.network,
    [
      "# Postmortem: cache timeouts",
      "",
      "## Root cause",
      "",
      "Packet loss on the link to the cache: TCP retransmits reached 5.7% of segments sent, so requests waited for retransmission timeouts.",
    ].join("\n"),
  );
  // The runbook made from the disk incident's postmortem (rules = its findings' rules).
  const fromPm = await callRoute(runbooks.POST, {
    method: "POST",
    userId: responder,
    json: { fromIncidentId: inc.disk },
  });
  expect(fromPm.status).toBe(201);
  rb.disk = fromPm.data.id as string;
  const mem = await callRoute(runbooks.POST, {
    method: "POST",
    userId: responder,
    json: {
      title: "Container killed by the OOM killer",
      markdown:
        "# Container killed by the OOM killer\n\n## Confirm\n\n- `cat memory.oom_control` shows oom_kill going up\n- `dmesg -T | grep -i oom`\n\n## Fix\n\nRaise memory.limit_in_bytes or fix the leak.",
      symptoms: ["processes killed", "restarts"],
      rules: ["cgroup-memory-oom", "cgroup-memory-near-limit"],
      tags: ["container", "memory"],
    },
  });
  expect(mem.status).toBe(201);
  rb.memory = mem.data.id as string;

  // The new incident: same words as the CPU one, same evidence as the disk one.
  inc.target = await newIncident(
    responder,
    {
      title: "Checkout API slow for EU customers",
      summary: "p99 of the checkout API above 3 s since 10:40.",
    },
    "heldout-disk-seqwrite",
  );

  // Another team with the same words and evidence: never seen by this one.
  inc.foreign = await newIncident(
    outsider,
    {
      title: "Checkout disk saturated by fio",
      summary: "The virtio disk was saturated; order confirmations delayed.",
    },
    "disk-random-io",
  );
  const foreignRb = await callRoute(runbooks.POST, {
    method: "POST",
    userId: outsider,
    json: { fromIncidentId: inc.foreign },
  });
  rb.foreign = foreignRb.data.id as string;
}, 120_000);

interface Result {
  kind: string;
  id: string;
  title: string;
  href: string;
  rank: number;
  snippet: { text: string; hit: boolean }[];
}

async function find(q: string, userId = viewer, extra = ""): Promise<Result[]> {
  const r = await callRoute(search.GET, {
    userId,
    path: `/api/search?q=${encodeURIComponent(q)}${extra}`,
  });
  expect(r.status).toBe(200);
  return r.data.results as Result[];
}

describe("full-text search", () => {
  it("finds incidents, postmortems and runbooks by their words, ranked, with marked snippets", async () => {
    const results = await find("disk saturated");
    // Stemming: "saturated" also finds "saturation"; the runbook is titled with the finding.
    expect(results.map((r) => `${r.kind}:${r.id}`)).toEqual(
      expect.arrayContaining([`runbook:${rb.disk}`, `incident:${inc.disk}`]),
    );
    expect(results[0]).toMatchObject({
      kind: "runbook",
      id: rb.disk,
      href: `/runbooks/${rb.disk}`,
    });
    for (let i = 1; i < results.length; i++)
      expect(results[i - 1]?.rank ?? 0).toBeGreaterThanOrEqual(results[i]?.rank ?? 0);
    const hit = results.find((r) => r.id === inc.disk);
    expect(hit?.href).toBe(`/incidents/${inc.disk}`);
    expect(hit?.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual(
      expect.arrayContaining(["disk", "saturated"]),
    );
    // Nothing of the other team, whose texts say the same.
    const ids = new Set(results.map((r) => r.id));
    expect(ids.has(inc.foreign) || ids.has(rb.foreign)).toBe(false);
  });

  it("ranks the postmortem that explains retransmits first", async () => {
    const results = await find("retransmits packet loss");
    expect(results[0]).toMatchObject({
      kind: "postmortem",
      href: `/incidents/${inc.network}/document`,
      title: expect.stringContaining("Cache timeouts") as unknown,
    });
  });

  it("reads web search syntax: phrases, or, and -exclusions; and narrows by type", async () => {
    const phrase = await find('"order confirmation"');
    expect(phrase.map((r) => r.id)).toContain(inc.disk);
    expect(phrase.map((r) => r.id)).not.toContain(inc.cpu);

    const checkout = await find("checkout", viewer, "&type=incident");
    expect(checkout.map((r) => r.id).sort()).toEqual([inc.cpu, inc.target].sort());
    const notSlow = await find("checkout -slow", viewer, "&type=incident");
    expect(notSlow.map((r) => r.id)).toEqual([inc.cpu]);
    const either = await find("oom or retransmits");
    expect(either.map((r) => r.kind).sort()).toEqual(["postmortem", "runbook"]);
    const onlyRunbooks = await find("oom", viewer, "&type=runbook");
    expect(onlyRunbooks.map((r) => r.id)).toEqual([rb.memory]);
  });

  it("answers 400 without words, and nothing for words nobody wrote", async () => {
    expect((await callRoute(search.GET, { userId: viewer, path: "/api/search?q=" })).status).toBe(
      400,
    );
    expect(
      (await callRoute(search.GET, { userId: viewer, path: "/api/search?q=x&type=tickets" }))
        .status,
    ).toBe(400);
    expect(await find("kubernetes etcd quorum")).toEqual([]);
    expect((await callRoute(search.GET, { path: "/api/search?q=disk" })).status).toBe(401);
  });

  it("shows the other team only its own", async () => {
    const theirs = await find("disk saturated", outsider);
    expect(theirs.map((r) => r.id).sort()).toEqual([inc.foreign, rb.foreign].sort());
  });

  it("splits headlines into text and matches", () => {
    expect(snippetParts("a ⟦disk⟧ is ## ⟦saturated⟧")).toEqual([
      { text: "a ", hit: false },
      { text: "disk", hit: true },
      { text: " is ", hit: false },
      { text: "saturated", hit: true },
    ]);
  });
});

describe("similar past incidents", () => {
  it("prefers the same rules and hosts over the same title words", async () => {
    const r = await callRoute(similar.GET, { userId: viewer, params: { id: inc.target } });
    expect(r.status).toBe(200);
    const list = r.data.incidents as {
      id: string;
      score: number;
      shared: { rule: string[]; host: string[]; word: string[]; domain: string[] };
      hasPostmortem: boolean;
    }[];
    expect(list[0]?.id).toBe(inc.disk);
    expect(list[0]?.shared.rule).toEqual(["disk-saturation"]);
    expect(list[0]?.shared.domain).toContain("disk");
    expect(list[0]?.hasPostmortem).toBe(true);
    const cpu = list.find((s) => s.id === inc.cpu);
    // Same words ("checkout", "api") and the same machine, but another problem: far below.
    if (cpu) {
      expect(cpu.shared.word).toEqual(expect.arrayContaining(["checkout", "api"]));
      expect(cpu.score).toBeLessThan((list[0]?.score ?? 0) / 2);
    }
    expect(list.map((s) => s.id)).not.toContain(inc.target);
    expect(list.map((s) => s.id)).not.toContain(inc.foreign);
  });

  it("is 404 for another team's incident", async () => {
    expect(
      (await callRoute(similar.GET, { userId: outsider, params: { id: inc.target } })).status,
    ).toBe(404);
  });
});

describe("runbook library", () => {
  it("suggests the runbook whose rules match the new incident's findings", async () => {
    const r = await callRoute(suggestions.GET, { userId: viewer, params: { id: inc.target } });
    expect(r.status).toBe(200);
    const list = r.data.runbooks as { id: string; matchedRules: string[] }[];
    expect(list.map((s) => s.id)).toEqual([rb.disk]);
    expect(list[0]?.matchedRules).toEqual(["disk-saturation"]);
    // The incident it was made from does not suggest it back; the CPU incident gets nothing.
    const self = await callRoute(suggestions.GET, { userId: viewer, params: { id: inc.disk } });
    expect(self.data.runbooks).toEqual([]);
    const cpu = await callRoute(suggestions.GET, { userId: viewer, params: { id: inc.cpu } });
    expect(cpu.data.runbooks).toEqual([]);
    expect(
      (await callRoute(suggestions.GET, { userId: outsider, params: { id: inc.target } })).status,
    ).toBe(404);
  });

  it("lists by words, tag and rule", async () => {
    const list = async (q: string) =>
      (
        (await callRoute(runbooks.GET, { userId: viewer, path: `/api/runbooks${q}` })).data
          .runbooks as { id: string }[]
      ).map((r) => r.id);
    expect((await list("")).sort()).toEqual([rb.disk, rb.memory].sort());
    expect(await list("?q=oom%20killer")).toEqual([rb.memory]);
    expect(await list("?tag=memory")).toEqual([rb.memory]);
    expect(await list("?tag=restarts")).toEqual([rb.memory]);
    expect(await list("?rule=disk-saturation")).toEqual([rb.disk]);
    expect(await list("?q=oom&rule=disk-saturation")).toEqual([]);
  });

  it("saves each edit as a new version, keeps the old ones, and refuses a stale base", async () => {
    const edit = {
      title: "Container killed by the OOM killer",
      markdown:
        "# Container killed by the OOM killer\n\n## Fix\n\nSet the JVM heap below the cgroup limit (-XX:MaxRAMPercentage=75).",
      symptoms: ["processes killed", "restarts"],
      rules: ["cgroup-memory-oom"],
      tags: ["container", "memory", "jvm"],
    };
    const v2 = await callRoute(runbookItem.PUT, {
      method: "PUT",
      userId: responder,
      params: { rid: rb.memory },
      json: { ...edit, baseVersion: 1 },
    });
    expect(v2.status).toBe(200);
    expect(v2.data).toMatchObject({ currentVersion: 2, version: 2, tags: edit.tags });
    const stale = await callRoute(runbookItem.PUT, {
      method: "PUT",
      userId: responder,
      params: { rid: rb.memory },
      json: { ...edit, markdown: "# lost edit", baseVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.data.error).toMatch(/version 2/);
    const versions = await callRoute(runbookVersions.GET, {
      userId: viewer,
      params: { rid: rb.memory },
    });
    expect((versions.data.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const v1 = await callRoute(runbookItem.GET, {
      userId: viewer,
      params: { rid: rb.memory },
      path: `/api/runbooks/${rb.memory}?version=1`,
    });
    expect(v1.data).toMatchObject({ version: 1, currentVersion: 2 });
    expect(v1.data.markdown).toContain("memory.oom_control");
    // Search reads the current version only.
    expect((await find("MaxRAMPercentage")).map((r) => r.id)).toEqual([rb.memory]);
    expect((await find("oom_control")).map((r) => r.id)).not.toContain(rb.memory);
  });

  it("keeps runbooks to their team, writes to responders, and audits deletions", async () => {
    for (const r of [
      await callRoute(runbookItem.GET, { userId: outsider, params: { rid: rb.memory } }),
      await callRoute(runbookVersions.GET, { userId: outsider, params: { rid: rb.memory } }),
      await callRoute(runbookItem.PUT, {
        method: "PUT",
        userId: outsider,
        params: { rid: rb.memory },
        json: {
          title: "Taken over",
          markdown: "x",
          symptoms: [],
          rules: [],
          tags: [],
          baseVersion: 2,
        },
      }),
      await callRoute(runbookItem.DELETE, {
        method: "DELETE",
        userId: outsider,
        params: { rid: rb.memory },
      }),
    ])
      expect(r.status).toBe(404);
    expect(
      (
        await callRoute(runbookItem.PUT, {
          method: "PUT",
          userId: viewer,
          params: { rid: rb.memory },
          json: {
            title: "By a viewer",
            markdown: "x",
            symptoms: [],
            rules: [],
            tags: [],
            baseVersion: 2,
          },
        })
      ).status,
    ).toBe(403);
    const del = await callRoute(runbookItem.DELETE, {
      method: "DELETE",
      userId: responder,
      params: { rid: rb.memory },
    });
    expect(del.status).toBe(204);
    expect(await db.runbookVersion.count({ where: { runbookId: rb.memory } })).toBe(0);
    expect(
      await db.auditLog.findFirst({ where: { action: "runbook.delete", targetId: rb.memory } }),
    ).toMatchObject({
      actorId: responder,
      detail: { title: "Container killed by the OOM killer" },
    });
    expect(await db.runbook.findUnique({ where: { id: rb.foreign } })).not.toBeNull();
  });
});
