/**
 * Min/max envelope per time bucket. Drawn as a band behind the LTTB line, it guarantees that a
 * single-sample spike stays visible however far the chart is zoomed out.
 */
import { assertSameLength } from './types';

/** Min/max of the samples in equal-width time buckets. Columns have one entry per bucket. */
export type MinMaxEnvelope = {
  /** Bucket start times, ms epoch; bucket k covers [times[k], times[k] + bucketMs). The last bucket includes its end. */
  times: Float64Array;
  /** Bucket width in ms (0 when all samples share one time). */
  bucketMs: number;
  /** Smallest non-NaN value in each bucket; NaN for a bucket without values. */
  min: Float64Array;
  /** Largest non-NaN value in each bucket; NaN for a bucket without values. */
  max: Float64Array;
  /** Number of non-NaN values in each bucket. */
  count: Uint32Array;
};

/**
 * Bucket index of time `t` for `buckets` equal buckets spanning [t0, t1]. Exported so tests and
 * callers agree exactly with how samples were assigned.
 */
export function bucketOf(t: number, t0: number, t1: number, buckets: number): number {
  if (t1 <= t0) return 0;
  // Same arithmetic as minMaxEnvelope's loop, so assignments match bit for bit.
  const k = Math.floor((t - t0) * (buckets / (t1 - t0)));
  return k < 0 ? 0 : k >= buckets ? buckets - 1 : k;
}

/**
 * Min/max envelope of a series over `buckets` equal time buckets spanning its first to last
 * time. Times must be non-decreasing. An empty input gives an empty envelope.
 */
export function minMaxEnvelope(times: ArrayLike<number>, values: ArrayLike<number>, buckets: number): MinMaxEnvelope {
  assertSameLength(times, values);
  if (!(buckets >= 1) || !Number.isFinite(buckets)) throw new RangeError(`minMaxEnvelope: buckets must be a finite number ≥ 1, got ${buckets}`);
  const n = times.length;
  const t0 = n > 0 ? (times[0] as number) : 0;
  const t1 = n > 0 ? (times[n - 1] as number) : 0;
  const b = n === 0 ? 0 : t1 > t0 ? Math.max(1, Math.floor(buckets)) : 1;
  const min = new Float64Array(b).fill(NaN);
  const max = new Float64Array(b).fill(NaN);
  const count = new Uint32Array(b);
  const scale = t1 > t0 ? b / (t1 - t0) : 0;
  // Accumulate the current bucket in locals and flush on change: times are sorted, so bucket
  // indices only grow, and this keeps typed-array traffic out of the per-sample loop.
  // (No closure for the flush: captured locals would live in a context object and be slow.)
  let cur = -1;
  let lo = NaN;
  let hi = NaN;
  let cnt = 0;
  for (let i = 0; i <= n; i++) {
    let v = NaN;
    let k = -1;
    if (i < n) {
      v = values[i] as number;
      if (v !== v) continue;
      k = Math.floor(((times[i] as number) - t0) * scale);
      if (k >= b) k = b - 1;
      else if (k < 0) k = 0;
      if (k === cur) {
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
        cnt++;
        continue;
      }
    }
    if (cur >= 0) {
      if ((count[cur] as number) === 0) {
        min[cur] = lo;
        max[cur] = hi;
      } else {
        // Only for unsorted input, where a bucket can be visited twice.
        if (lo < (min[cur] as number)) min[cur] = lo;
        if (hi > (max[cur] as number)) max[cur] = hi;
      }
      count[cur] = (count[cur] as number) + cnt;
    }
    cur = k;
    lo = v;
    hi = v;
    cnt = 1;
  }
  const bucketMs = b > 0 && t1 > t0 ? (t1 - t0) / b : 0;
  const starts = new Float64Array(b);
  for (let k = 0; k < b; k++) starts[k] = t0 + k * bucketMs;
  return { times: starts, bucketMs, min, max, count };
}
