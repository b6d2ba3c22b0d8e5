/**
 * Interpolation for resampling and gap filling. Input samples with NaN values are treated as
 * absent; queries outside the data range hold the nearest end value for 'previous' and return
 * NaN for 'linear' and 'spline' (no extrapolation).
 */
import { assertSameLength } from './types';

/**
 * Interpolation method:
 * - 'previous': sample-and-hold (value of the last sample at or before the query time);
 * - 'linear': straight line between neighbouring samples;
 * - 'spline': natural cubic spline through all valid samples (smooth; may overshoot).
 */
export type InterpolationMethod = 'previous' | 'linear' | 'spline';

/** The valid (non-NaN value, finite time) samples, in order. */
function valid(times: ArrayLike<number>, values: ArrayLike<number>): { t: Float64Array; v: Float64Array } {
  let n = 0;
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i] as number) && !Number.isNaN(values[i] as number)) n++;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    const ti = times[i] as number;
    const vi = values[i] as number;
    if (Number.isFinite(ti) && !Number.isNaN(vi)) {
      t[k] = ti;
      v[k] = vi;
      k++;
    }
  }
  return { t, v };
}

/** Index of the last sample with time ≤ x, or -1. */
function floorIndex(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Second derivatives of the natural cubic spline through (t, v) (Thomas algorithm, O(n)).
 * Duplicate times are not allowed here; callers deduplicate.
 */
function splineSecondDerivatives(t: Float64Array, v: Float64Array): Float64Array {
  const n = t.length;
  const m = new Float64Array(n);
  if (n < 3) return m;
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const h0 = (t[i] as number) - (t[i - 1] as number);
    const h1 = (t[i + 1] as number) - (t[i] as number);
    const a = h0;
    const b = 2 * (h0 + h1);
    const cc = h1;
    const rhs = 6 * (((v[i + 1] as number) - (v[i] as number)) / h1 - ((v[i] as number) - (v[i - 1] as number)) / h0);
    const denom = b - a * (c[i - 1] as number);
    c[i] = cc / denom;
    d[i] = (rhs - a * (d[i - 1] as number)) / denom;
  }
  for (let i = n - 2; i >= 1; i--) m[i] = (d[i] as number) - (c[i] as number) * (m[i + 1] as number);
  return m;
}

/** Keeps the last sample of each run of equal times, so spline intervals have non-zero width. */
function dedupe(t: Float64Array, v: Float64Array): { t: Float64Array; v: Float64Array } {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (i === t.length - 1 || t[i] !== t[i + 1]) n++;
  if (n === t.length) return { t, v };
  const tt = new Float64Array(n);
  const vv = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    if (i === t.length - 1 || t[i] !== t[i + 1]) {
      tt[k] = t[i] as number;
      vv[k] = v[i] as number;
      k++;
    }
  }
  return { t: tt, v: vv };
}

/**
 * Values of the series at `at` times using `method`. NaN input values are skipped; a query
 * with no usable neighbours yields NaN.
 * @param times sample times (ms epoch), non-decreasing
 * @param values sample values, same length
 * @param at query times (any order)
 */
export function interpolateAt(times: ArrayLike<number>, values: ArrayLike<number>, at: ArrayLike<number>, method: InterpolationMethod): Float64Array {
  assertSameLength(times, values);
  const out = new Float64Array(at.length);
  const ok = valid(times, values);
  const { t, v } = method === 'spline' ? dedupe(ok.t, ok.v) : ok;
  const n = t.length;
  if (n === 0) return out.fill(NaN);
  const m = method === 'spline' ? splineSecondDerivatives(t, v) : undefined;
  const first = t[0] as number;
  const last = t[n - 1] as number;
  for (let q = 0; q < at.length; q++) {
    const x = at[q] as number;
    const i = floorIndex(t, x);
    if (method === 'previous') {
      out[q] = i < 0 ? NaN : (v[i] as number);
      continue;
    }
    if (!(x >= first && x <= last)) {
      out[q] = NaN;
      continue;
    }
    if (i >= n - 1 || t[i] === x) {
      out[q] = v[i] as number;
      continue;
    }
    const t0 = t[i] as number;
    const t1 = t[i + 1] as number;
    const v0 = v[i] as number;
    const v1 = v[i + 1] as number;
    const h = t1 - t0;
    if (!m) {
      out[q] = v0 + ((v1 - v0) * (x - t0)) / h;
    } else {
      const a = (t1 - x) / h;
      const b = (x - t0) / h;
      out[q] = a * v0 + b * v1 + (((a * a * a - a) * (m[i] as number) + (b * b * b - b) * (m[i + 1] as number)) * h * h) / 6;
    }
  }
  return out;
}

/**
 * Fills NaN values from the valid samples around them (gap fill). Leading NaNs stay NaN for
 * every method; trailing NaNs are held by 'previous' and stay NaN for 'linear'/'spline'.
 * Returns a new array; the input is unchanged.
 */
export function fillGaps(times: ArrayLike<number>, values: ArrayLike<number>, method: InterpolationMethod): Float64Array {
  assertSameLength(times, values);
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i] as number)) missing.push(times[i] as number);
  const out = Float64Array.from(values);
  if (missing.length === 0) return out;
  const filled = interpolateAt(times, values, missing, method);
  let k = 0;
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i] as number)) out[i] = filled[k++] as number;
  return out;
}

/**
 * Resamples onto a uniform grid: `count` points starting at `startMs`, `stepMs` apart.
 * Useful to align channels before combining them.
 */
export function resampleUniform(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  startMs: number,
  stepMs: number,
  count: number,
  method: InterpolationMethod,
): { times: Float64Array; values: Float64Array } {
  if (!(stepMs > 0) || !Number.isInteger(count) || count < 0) throw new RangeError('resampleUniform needs stepMs > 0 and an integer count ≥ 0');
  const grid = new Float64Array(count);
  for (let i = 0; i < count; i++) grid[i] = startMs + i * stepMs;
  return { times: grid, values: interpolateAt(times, values, grid, method) };
}
