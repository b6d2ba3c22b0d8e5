/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013) on typed arrays. Picks, per
 * bucket, the sample forming the largest triangle with the previously kept sample and the
 * average of the next bucket, which keeps the visual shape of a line chart.
 */
import { assertSameLength } from './types';

/** Downsampled points and the indices they were taken from. */
export type LttbResult = {
  /** Times of the kept samples (ms epoch). */
  times: Float64Array;
  /** Values of the kept samples. */
  values: Float64Array;
  /** Index of each kept sample in the input, strictly increasing. */
  indices: Uint32Array;
};

function identity(n: number, times: Float64Array | ArrayLike<number>, values: Float64Array | ArrayLike<number>): LttbResult {
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return { times: Float64Array.from(times), values: Float64Array.from(values), indices };
}

/**
 * Downsamples to at most `maxPoints` samples, always keeping the first and last sample.
 * Inputs with at most `maxPoints` samples (or maxPoints < 3) are returned whole (copied) or
 * reduced to first/last. NaN values are never picked as the "largest triangle" unless a bucket
 * holds nothing else, so gaps do not attract points.
 * @param times sample times, non-decreasing
 * @param values sample values, same length as `times`
 * @param maxPoints upper bound on the output length (≥ 2 to keep both ends)
 */
export function lttb(times: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): LttbResult {
  assertSameLength(times, values);
  if (Number.isNaN(maxPoints)) throw new RangeError('lttb: maxPoints must be a number');
  const n = times.length;
  const m = Math.floor(maxPoints);
  if (n <= m || n <= 2) return identity(n, times, values);
  if (m < 3) {
    // Not enough room for buckets: keep the ends only (or just the first when m is 1).
    const k = Math.max(0, m);
    const idx = k >= 2 ? [0, n - 1] : k === 1 ? [0] : [];
    return {
      times: Float64Array.from(idx, (i) => times[i] as number),
      values: Float64Array.from(idx, (i) => values[i] as number),
      indices: Uint32Array.from(idx),
    };
  }
  const outT = new Float64Array(m);
  const outV = new Float64Array(m);
  const outI = new Uint32Array(m);
  // Buckets cover samples 1..n-2; the first and last sample are kept as-is.
  const every = (n - 2) / (m - 2);
  // Anchor = last kept sample with a real value, so one NaN does not blind the next buckets.
  let at = times[0] as number;
  let av = values[0] as number;
  for (let j = 0; av !== av && j < n; j++) {
    at = times[j] as number;
    av = values[j] as number;
  }
  outT[0] = times[0] as number;
  outV[0] = values[0] as number;
  outI[0] = 0;
  for (let i = 0; i < m - 2; i++) {
    // Average of the next bucket (the last sample for the final bucket).
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    let cnt = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const v = values[j] as number;
      if (v === v) {
        avgT += times[j] as number;
        avgV += v;
        cnt++;
      }
    }
    if (cnt > 0) {
      avgT /= cnt;
      avgV /= cnt;
    } else {
      avgT = times[Math.min(nextStart, n - 1)] as number;
      avgV = values[Math.min(nextStart, n - 1)] as number;
    }
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    let best = -1;
    let picked = start;
    for (let j = start; j < end; j++) {
      // Twice the triangle area; the constant factor does not change the argmax.
      const area = Math.abs((at - avgT) * ((values[j] as number) - av) - (at - (times[j] as number)) * (avgV - av));
      if (area > best) {
        best = area;
        picked = j;
      }
    }
    outT[i + 1] = times[picked] as number;
    outV[i + 1] = values[picked] as number;
    outI[i + 1] = picked;
    const pv = values[picked] as number;
    if (pv === pv) {
      at = times[picked] as number;
      av = pv;
    }
  }
  outT[m - 1] = times[n - 1] as number;
  outV[m - 1] = values[n - 1] as number;
  outI[m - 1] = n - 1;
  return { times: outT, values: outV, indices: outI };
}
