/**
 * A whole team with one worked incident, made through the app's own functions (the paths the API
 * routes use): owner, responder, viewer; an incident with a snapshot ingested from a real bundle
 * (so findings, series, sample chunks, host events and the raw blob exist), a hypothesis, a fix, a
 * timeline note, a postmortem version, an action item, a runbook and an API token. Every free
 * text carries `marker`, so a test can scan answers for another team's data. Test-only code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { issueApiToken } from "@/lib/auth/api-tokens";
import { createActionItem } from "@/lib/db/action-items";
import { db } from "@/lib/db/client";
import { recordFix } from "@/lib/db/fixes";
import { createHypothesis } from "@/lib/db/hypotheses";
import { createIncident } from "@/lib/db/incidents";
import { savePostmortemVersion } from "@/lib/db/postmortems";
import { createRunbook } from "@/lib/db/runbooks";
import { addNote } from "@/lib/db/timeline";
import { ingestSnapshot } from "@/lib/ingest/ingest-snapshot";
import { seedTeam, seedUser } from "./seed";

export const SCENARIOS = path.join(process.cwd(), "lib", "snapshot", "fixtures", "scenarios");

export interface SeededTeam {
  marker: string;
  teamId: string;
  teamSlug: string;
  owner: { id: string; email: string };
  responder: { id: string; email: string };
  viewer: { id: string; email: string };
  viewerMembershipId: string;
  password: string;
  incidentId: string;
  snapshotId: string;
  hostId: string;
  hypothesisId: string;
  fixId: string;
  timelineEntryId: string;
  postmortemVersionId: string;
  actionItemId: string;
  runbookId: string;
  findingIds: string[];
  tokenId: string;
  tokenSecret: string;
  /** A second token, for routes that revoke one. */
  spareTokenId: string;
}

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`seed: ${what} was not created`);
  return value;
}

/** Seeds a full team; `bundle` is a file name in lib/snapshot/fixtures/scenarios. */
export async function seedIncidentTeam(
  marker: string,
  bundle = "cpu-all-cores.tar.gz",
): Promise<SeededTeam> {
  const password = `pw-${marker}-long-enough`;
  const team = await seedTeam(`Team ${marker}`);
  const owner = await seedUser(team.id, "owner", { password });
  const responder = await seedUser(team.id, "responder", { password });
  const viewer = await seedUser(team.id, "viewer", { password });
  const viewerMembership = await db.membership.findUniqueOrThrow({
    where: { teamId_userId: { teamId: team.id, userId: viewer.id } },
  });
  const incident = await createIncident(team.id, owner.id, {
    title: `Incident ${marker}`,
    severity: "SEV2",
    environment: "bare-metal",
    summary: `Summary ${marker}`,
  });
  const snap = await ingestSnapshot({
    teamId: team.id,
    bytes: readFileSync(path.join(SCENARIOS, bundle)),
    incidentId: incident.id,
    role: "incident",
    uploadedById: responder.id,
  });
  const findings = await db.finding.findMany({
    where: { incidentId: incident.id },
    select: { id: true },
  });
  const hypothesis = must(
    await createHypothesis(team.id, incident.id, responder.id, {
      text: `Hypothesis ${marker}: the CPU is saturated`,
      evidence: findings[0] ? [{ kind: "finding", findingId: findings[0].id }] : [],
    }),
    "hypothesis",
  );
  const fix = must(
    await recordFix(team.id, incident.id, responder.id, {
      description: `Fix ${marker}: moved the batch job`,
      target: `host ${marker}`,
      hypothesisId: hypothesis.id,
    }),
    "fix",
  );
  const note = must(
    await addNote(team.id, incident.id, responder.id, { message: `Note ${marker}` }),
    "timeline note",
  );
  const pm = must(
    await savePostmortemVersion(team.id, incident.id, owner.id, {
      markdown: `# Postmortem ${marker}\n\nWhat happened.`,
      baseVersion: 0,
    }),
    "postmortem",
  );
  if (pm.kind !== "saved") throw new Error("seed: postmortem save conflicted");
  const pmRow = await db.postmortemVersion.findFirstOrThrow({
    where: { incidentId: incident.id, version: pm.version.version },
    select: { id: true },
  });
  const action = must(
    await createActionItem(team.id, incident.id, owner.id, {
      title: `Action ${marker}`,
      ownerId: responder.id,
    }),
    "action item",
  );
  const runbook = must(
    await createRunbook(team.id, owner.id, {
      title: `Runbook ${marker}`,
      markdown: `# Runbook ${marker}`,
      symptoms: [`symptom ${marker}`],
      rules: [],
      tags: [marker],
      sourceIncidentId: incident.id,
    }),
    "runbook",
  );
  const token = await issueApiToken(team.id, owner.id, `token ${marker}`);
  const spare = await issueApiToken(team.id, owner.id, `spare ${marker}`);
  return {
    marker,
    teamId: team.id,
    teamSlug: team.slug,
    owner: { id: owner.id, email: owner.email },
    responder: { id: responder.id, email: responder.email },
    viewer: { id: viewer.id, email: viewer.email },
    viewerMembershipId: viewerMembership.id,
    password,
    incidentId: incident.id,
    snapshotId: snap.snapshotId,
    hostId: snap.host.id,
    hypothesisId: hypothesis.id,
    fixId: fix.id,
    timelineEntryId: note.id,
    postmortemVersionId: pmRow.id,
    actionItemId: action.id,
    runbookId: runbook.id,
    findingIds: findings.map((f) => f.id),
    tokenId: token.token.id,
    tokenSecret: token.secret,
    spareTokenId: spare.token.id,
  };
}

/** The ids and texts of a seeded team that must never appear in another team's answers. */
export function secretsOf(t: SeededTeam): string[] {
  return [
    t.marker,
    t.teamId,
    t.incidentId,
    t.snapshotId,
    t.hostId,
    t.hypothesisId,
    t.fixId,
    t.timelineEntryId,
    t.postmortemVersionId,
    t.actionItemId,
    t.runbookId,
    t.tokenId,
    t.spareTokenId,
    t.viewerMembershipId,
    t.owner.id,
    t.responder.id,
    t.viewer.id,
    t.owner.email,
    ...t.findingIds,
  ];
}
