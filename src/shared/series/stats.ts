/**
 * Descriptive statistics over a value column. NaN values are ignored everywhere (they mark
 * missing samples); results over no values are NaN.
 */

/** Summary of a value column. All fields except `count` are in the values' unit. */
export type SeriesStats = {
  /** Number of non-NaN values. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (divides by count - 1); 0 for a single value. */
  std: number;
  /** Median. */
  p50: number;
  p95: number;
  p99: number;
};

/** The non-NaN values, sorted ascending (a new array). */
export function sortedValid(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/**
 * Percentile `p` (0..100) of an ascending-sorted array, interpolating linearly between closest
 * ranks (Hyndman & Fan type 7: numpy's default, Excel PERCENTILE.INC).
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 100)) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Percentile `p` (0..100) of unsorted values (type 7). Sorts a copy: O(n log n). */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileSorted(sortedValid(values), p);
}

/** Several percentiles at once, sorting only once. */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = sortedValid(values);
  return ps.map((p) => percentileSorted(sorted, p));
}

/** Mean and sample standard deviation (Welford's algorithm, numerically stable). */
export function meanStd(values: ArrayLike<number>): { count: number; mean: number; std: number } {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    count++;
    const d = v - mean;
    mean += d / count;
    m2 += d * (v - mean);
  }
  if (count === 0) return { count, mean: NaN, std: NaN };
  return { count, mean, std: count > 1 ? Math.sqrt(m2 / (count - 1)) : 0 };
}

/** Count, min, max, mean, std and p50/p95/p99 of the values. */
export function summarize(values: ArrayLike<number>): SeriesStats {
  const sorted = sortedValid(values);
  const { count, mean, std } = meanStd(sorted);
  return {
    count,
    min: count > 0 ? (sorted[0] as number) : NaN,
    max: count > 0 ? (sorted[count - 1] as number) : NaN,
    mean,
    std,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
  };
}
