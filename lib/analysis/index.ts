/**
 * lib/analysis: findings, baseline comparison and correlations over normalized snapshot series.
 * Pure (no Next, Prisma, database or filesystem): the CLI (`scripts/analyze.ts`) and the app's
 * ingest service call the same functions.
 */
export { analyze, RULES, isEnvironment, resolveEnvironment } from "./analyze";
export { Baseline, compareToBaseline, robustZ } from "./baseline";
export { correlate, correlateFinding, type CorrelateOptions } from "./correlate";
export { nextStepsFor } from "./next-steps";
export type {
  AnalysisInput,
  AnalysisOptions,
  AnalysisResult,
  CorrelationResult,
  Deviation,
  Domain,
  DrivingProcess,
  Evidence,
  EvidenceStat,
  Finding,
  NextStep,
  Severity,
  TimeWindow,
} from "./types";
export { DOMAINS } from "./types";
