-- CreateEnum
CREATE TYPE "SnapshotRole" AS ENUM ('baseline', 'incident', 'verify');

-- CreateEnum
CREATE TYPE "HypothesisStatus" AS ENUM ('proposed', 'testing', 'confirmed', 'refuted');

-- CreateEnum
CREATE TYPE "ActionItemStatus" AS ENUM ('open', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('scribe', 'responder');

-- AlterTable
ALTER TABLE "TimelineEntry" ADD COLUMN     "editedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "tool" TEXT,
    "fileName" TEXT,
    "capturedFrom" TIMESTAMPTZ(3),
    "capturedTo" TIMESTAMPTZ(3),
    "timeAnchor" TEXT NOT NULL,
    "seriesCount" INTEGER NOT NULL,
    "pointCount" INTEGER NOT NULL,
    "eventCount" INTEGER NOT NULL,
    "inputs" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "uploadedById" TEXT,
    "tokenId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotBlob" (
    "snapshotId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SnapshotBlob_pkey" PRIMARY KEY ("snapshotId")
);

-- CreateTable
CREATE TABLE "IncidentSnapshot" (
    "incidentId" TEXT NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "role" "SnapshotRole" NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentSnapshot_pkey" PRIMARY KEY ("incidentId","snapshotId")
);

-- CreateTable
CREATE TABLE "Series" (
    "id" BIGSERIAL NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "labelsKey" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "sinceBoot" DOUBLE PRECISION,
    "firstAt" TIMESTAMPTZ(3),
    "lastAt" TIMESTAMPTZ(3),
    "pointCount" INTEGER NOT NULL,

    CONSTRAINT "Series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampleChunk" (
    "seriesId" BIGINT NOT NULL,
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "endAt" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SampleChunk_pkey" PRIMARY KEY ("seriesId","startAt")
);

-- CreateTable
CREATE TABLE "HostEvent" (
    "id" BIGSERIAL NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3),
    "uptimeS" DOUBLE PRECISION,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "attrs" JSONB NOT NULL,

    CONSTRAINT "HostEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentPresence" (
    "connectionId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentPresence_pkey" PRIMARY KEY ("connectionId")
);

-- CreateTable
CREATE TABLE "IncidentParticipant" (
    "incidentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentParticipant_pkey" PRIMARY KEY ("incidentId","userId")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "hostId" TEXT,
    "snapshotId" TEXT,
    "rule" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "processes" JSONB NOT NULL,
    "nextSteps" JSONB NOT NULL,
    "windowFrom" TIMESTAMPTZ(3),
    "windowTo" TIMESTAMPTZ(3),
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hypothesis" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "HypothesisStatus" NOT NULL DEFAULT 'proposed',
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Hypothesis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fix" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "appliedAt" TIMESTAMPTZ(3) NOT NULL,
    "authorId" TEXT,
    "hypothesisId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Fix_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostmortemVersion" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostmortemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Runbook" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "symptoms" TEXT[],
    "rules" TEXT[],
    "tags" TEXT[],
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "sourceIncidentId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Runbook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunbookVersion" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunbookVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "incidentId" TEXT,
    "title" TEXT NOT NULL,
    "ownerId" TEXT,
    "dueDate" DATE,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'open',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Snapshot_hostId_capturedFrom_idx" ON "Snapshot"("hostId", "capturedFrom");

-- CreateIndex
CREATE UNIQUE INDEX "Snapshot_teamId_sha256_key" ON "Snapshot"("teamId", "sha256");

-- CreateIndex
CREATE INDEX "IncidentSnapshot_snapshotId_idx" ON "IncidentSnapshot"("snapshotId");

-- CreateIndex
CREATE INDEX "Series_snapshotId_metric_idx" ON "Series"("snapshotId", "metric");

-- CreateIndex
CREATE INDEX "Series_hostId_metric_idx" ON "Series"("hostId", "metric");

-- CreateIndex
CREATE INDEX "HostEvent_snapshotId_idx" ON "HostEvent"("snapshotId");

-- CreateIndex
CREATE INDEX "HostEvent_hostId_at_idx" ON "HostEvent"("hostId", "at");

-- CreateIndex
CREATE INDEX "IncidentPresence_incidentId_lastSeenAt_idx" ON "IncidentPresence"("incidentId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Finding_incidentId_score_idx" ON "Finding"("incidentId", "score");

-- CreateIndex
CREATE INDEX "Hypothesis_incidentId_idx" ON "Hypothesis"("incidentId");

-- CreateIndex
CREATE INDEX "Fix_incidentId_appliedAt_idx" ON "Fix"("incidentId", "appliedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PostmortemVersion_incidentId_version_key" ON "PostmortemVersion"("incidentId", "version");

-- CreateIndex
CREATE INDEX "Runbook_teamId_idx" ON "Runbook"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "RunbookVersion_runbookId_version_key" ON "RunbookVersion"("runbookId", "version");

-- CreateIndex
CREATE INDEX "ActionItem_teamId_status_idx" ON "ActionItem"("teamId", "status");

-- CreateIndex
CREATE INDEX "ActionItem_incidentId_idx" ON "ActionItem"("incidentId");

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotBlob" ADD CONSTRAINT "SnapshotBlob_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentSnapshot" ADD CONSTRAINT "IncidentSnapshot_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentSnapshot" ADD CONSTRAINT "IncidentSnapshot_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampleChunk" ADD CONSTRAINT "SampleChunk_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HostEvent" ADD CONSTRAINT "HostEvent_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentPresence" ADD CONSTRAINT "IncidentPresence_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentParticipant" ADD CONSTRAINT "IncidentParticipant_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fix" ADD CONSTRAINT "Fix_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fix" ADD CONSTRAINT "Fix_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostmortemVersion" ADD CONSTRAINT "PostmortemVersion_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Runbook" ADD CONSTRAINT "Runbook_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Runbook" ADD CONSTRAINT "Runbook_sourceIncidentId_fkey" FOREIGN KEY ("sourceIncidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookVersion" ADD CONSTRAINT "RunbookVersion_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Chunks and bundles are already compressed: skip PostgreSQL's own TOAST compression attempt.
ALTER TABLE "SampleChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "SnapshotBlob" ALTER COLUMN "data" SET STORAGE EXTERNAL;

-- Full-text search (lib/db/search.ts): generated tsvector columns the Prisma schema does not model.
ALTER TABLE "Incident" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', coalesce("title", '') || ' ' || coalesce("summary", ''))) STORED;
CREATE INDEX "Incident_searchVector_idx" ON "Incident" USING GIN ("searchVector");
ALTER TABLE "PostmortemVersion" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', coalesce("markdown", ''))) STORED;
CREATE INDEX "PostmortemVersion_searchVector_idx" ON "PostmortemVersion" USING GIN ("searchVector");
ALTER TABLE "RunbookVersion" ADD COLUMN "searchVector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english', coalesce("markdown", ''))) STORED;
CREATE INDEX "RunbookVersion_searchVector_idx" ON "RunbookVersion" USING GIN ("searchVector");
