import type { SyncMethod } from "recharts";

/** Every chart of the investigation shares this id: hover one and the others follow. */
export const INVESTIGATION_SYNC_ID = "warroom-investigation";

/**
 * Charts synchronise by the time value under the pointer (recharts `syncMethod="value"`): every
 * chart of a page is drawn from the same merged rows (see merge.ts), so the hovered time is a row
 * of every chart, whatever its own series' timestamps are.
 */
export const SYNC_METHOD: SyncMethod = "value";
