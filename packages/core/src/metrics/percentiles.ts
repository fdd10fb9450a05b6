/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted samples is the sample at
 * rank ceil(p × n / 100). It is always one of the observed values, which is what a coach can check
 * by counting cards.
 *
 * A percentile is only reported once at least one sample can lie above it, i.e. with
 * n ≥ ceil(100 / (100 − p)) samples: 2 for the 50th, 7 for the 85th, 20 for the 95th. Below that the
 * "percentile" would just be the slowest card seen so far, so the result says "not enough data".
 */
export const reportedPercentiles = [50, 85, 95] as const;
export type ReportedPercentile = (typeof reportedPercentiles)[number];

/** Samples needed before the p-th percentile is reported. */
export function minimumSamples(p: number): number {
  return Math.ceil(100 / (100 - p));
}

/** The nearest-rank p-th percentile of ascending samples, or null with too few samples. */
export function nearestRank(sortedAscending: readonly number[], p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0 || n < minimumSamples(p)) return null;
  const rank = Math.ceil((p * n) / 100);
  return sortedAscending[Math.min(n, Math.max(1, rank)) - 1];
}

export interface PercentileValue {
  /** The value in days, or null when there is not enough data. */
  value: number | null;
  /** Samples needed before this percentile is reported. */
  needs: number;
}

/** The 50th, 85th and 95th percentiles of ascending samples. */
export function flowPercentiles(sortedAscending: readonly number[]): Record<'p50' | 'p85' | 'p95', PercentileValue> {
  const at = (p: number): PercentileValue => ({ value: nearestRank(sortedAscending, p), needs: minimumSamples(p) });
  return { p50: at(50), p85: at(85), p95: at(95) };
}
