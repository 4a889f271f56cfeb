-- AlterTable
ALTER TABLE "SampleChunk" ADD COLUMN     "overview" BYTEA;

-- Manual: like "data", already compressed; stored out of line without a second compression.
ALTER TABLE "SampleChunk" ALTER COLUMN "overview" SET STORAGE EXTERNAL;
