/** Summary of a sample: count, median and 90th percentile (nearest-rank), undefined values when empty. */
export interface Distribution {
  count: number;
  median?: number;
  p90?: number;
}

/**
 * Nearest-rank percentile (the smallest value with at least p% of the sample at or below it): always a
 * value that occurred, no interpolation, easy to check by hand.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export const percentile = (values: readonly number[], p: number): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
};

/** Count, median and p90 of a sample. */
export const distribution = (values: readonly number[]): Distribution => ({
  count: values.length,
  median: percentile(values, 50),
  p90: percentile(values, 90),
});
