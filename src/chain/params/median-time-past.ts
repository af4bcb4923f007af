/**
 * Median time past: the median timestamp of the last (up to) 11 blocks. A new
 * block's time must be strictly greater than the median time past of its
 * parent; locktime finality is also judged against it.
 */

export const MEDIAN_TIME_SPAN = 11;

/** Median of the given timestamps (the most recent last); the upper middle for even counts, as Bitcoin does. */
export function medianTimePast(times: readonly number[]): number {
  if (times.length === 0) return 0;
  const window = times.slice(-MEDIAN_TIME_SPAN).sort((a, b) => a - b);
  return window[Math.floor(window.length / 2)] as number;
}
