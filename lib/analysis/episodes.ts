/**
 * Sustained conditions: runs of samples where a condition holds for long enough, with hysteresis.
 *
 * A run starts at a sample where `enter(i)` holds and continues while `stay(i)` holds (the stay
 * level is laxer than the enter level, as in Netdata's `($status >= $WARNING) ? 75 : 85`), so a
 * value that hovers around the threshold gives one long run instead of many short ones. A run also
 * ends at a gap in the samples (more than three intervals without data): a finding never bridges
 * time nobody measured. A run counts when it lasts `minDurationMs` and has `minSamples` samples:
 * one spike is never "sustained".
 */
import { clamp } from "./stats";

export interface Episode {
  /** Index of the first sample. */
  start: number;
  /** Index of the last sample (inclusive). */
  end: number;
  /** Time of the first and last sample (ms). */
  from: number;
  to: number;
  /** Covered time: last − first + one interval (each sample stands for the interval before it). */
  durationMs: number;
}

export interface SustainOptions {
  /** Typical sampling interval (ms). */
  intervalMs: number;
  minDurationMs: number;
  minSamples: number;
}

export function findEpisodes(
  times: ArrayLike<number>,
  start: number,
  end: number,
  enter: (i: number) => boolean,
  stay: (i: number) => boolean,
  opts: SustainOptions,
): Episode[] {
  const out: Episode[] = [];
  const maxGap = 3 * opts.intervalMs;
  let runStart = -1;
  let last = -1;
  const close = (): void => {
    if (runStart < 0) return;
    const from = times[runStart] ?? 0;
    const to = times[last] ?? 0;
    const durationMs = to - from + opts.intervalMs;
    if (durationMs >= opts.minDurationMs && last - runStart + 1 >= opts.minSamples)
      out.push({ start: runStart, end: last, from, to, durationMs });
    runStart = -1;
  };
  for (let i = start; i < end; i++) {
    if (runStart >= 0) {
      const gap = (times[i] ?? 0) - (times[last] ?? 0);
      if (gap > maxGap || !stay(i)) {
        close();
      } else {
        last = i;
        continue;
      }
    }
    if (enter(i)) {
      runStart = i;
      last = i;
    }
  }
  close();
  return out;
}

/** The longest episode (ties: the earliest). */
export function longest(episodes: readonly Episode[]): Episode | undefined {
  let best: Episode | undefined;
  for (const e of episodes) if (best === undefined || e.durationMs > best.durationMs) best = e;
  return best;
}

/** Total covered time of the episodes. */
export function coveredMs(episodes: readonly Episode[]): number {
  let sum = 0;
  for (const e of episodes) sum += e.durationMs;
  return sum;
}

/**
 * How long a condition must hold before it is a finding, for a window of `spanMs`: a quarter of
 * the window, at least `minMs` (a short capture still needs more than a blip) and at most `maxMs`
 * (the alert yardsticks' "for" durations: a day-long capture should not need hours).
 */
export function sustainFor(spanMs: number, minMs: number, maxMs: number): number {
  return clamp(spanMs / 4, minMs, maxMs);
}
