/**
 * Steady-state detection: a trailing time window is steady when its relative standard
 * deviation is at most a threshold. Commissioning uses it to pick the stretches of a duty
 * point where flow, head and power can be averaged for a pump-curve point.
 */
import { assertSameLength } from './types';

/** Options for detectSteadyState. */
export type SteadyStateOptions = {
  /** Length of the trailing window in ms (> 0). */
  windowMs: number;
  /** Largest std / |mean| accepted as steady, e.g. 0.02 for 2 %. */
  maxRelStd: number;
  /**
   * A window whose std is at most this absolute amount (values' unit) is steady regardless of
   * its mean. Default 0. Needed for signals that settle near zero, where std / |mean| explodes.
   */
  absStdFloor?: number;
  /** Fewest samples a window needs to be judged. Default 3. */
  minSamples?: number;
};

/** One steady stretch: the union of overlapping steady windows. */
export type SteadyInterval = {
  /** Index of the first steady sample. */
  startIndex: number;
  /** Index of the last steady sample (inclusive). */
  endIndex: number;
  /** Time of the first steady sample, ms epoch. */
  startMs: number;
  /** Time of the last steady sample, ms epoch. */
  endMs: number;
  /** Mean of the interval's values. */
  mean: number;
  /** Sample std / |mean| over the whole interval. */
  relStd: number;
};

/** Result of detectSteadyState. */
export type SteadyStateResult = {
  /** 1 for samples inside some steady window, else 0. */
  steady: Uint8Array;
  /** Unions of overlapping steady windows, in time order. Two plateaus that merely touch stay separate. */
  intervals: SteadyInterval[];
};

/**
 * Finds steady stretches. For each sample i, the window is every sample with time in
 * [t_i − windowMs, t_i]; it is judged only when the data reaches back to t_i − windowMs
 * (a full window). A judged window is steady when it has no NaN, at least minSamples samples
 * and std ≤ max(maxRelStd · |mean|, absStdFloor); all its samples are then marked steady.
 * Times must be non-decreasing. O(n) amortized.
 */
export function detectSteadyState(times: ArrayLike<number>, values: ArrayLike<number>, options: SteadyStateOptions): SteadyStateResult {
  assertSameLength(times, values);
  const { windowMs, maxRelStd } = options;
  if (!(windowMs > 0) || !(maxRelStd >= 0)) throw new RangeError('detectSteadyState needs windowMs > 0 and maxRelStd ≥ 0');
  const absFloor = options.absStdFloor ?? 0;
  const minSamples = Math.max(2, options.minSamples ?? 3);
  const n = times.length;
  const steady = new Uint8Array(n);
  if (n === 0) return { steady, intervals: [] };
  const t0 = times[0] as number;

  // Running sums about a shift value (reduces cancellation); re-anchored once per window length.
  let shift = 0;
  let sum = 0;
  let sumSq = 0;
  let nanCount = 0;
  let j = 0;
  let lastRebase = -Infinity;
  let markedUpTo = -1;
  const spans: Array<[number, number]> = [];
  const add = (v: number, sign: 1 | -1): void => {
    if (Number.isNaN(v)) nanCount += sign;
    else {
      const d = v - shift;
      sum += sign * d;
      sumSq += sign * d * d;
    }
  };
  for (let i = 0; i < n; i++) {
    const ti = times[i] as number;
    add(values[i] as number, 1);
    while (j < i && (times[j] as number) < ti - windowMs) add(values[j++] as number, -1);
    const len = i - j + 1;
    if (i - lastRebase > len) {
      const anchor = values[i] as number;
      shift = Number.isNaN(anchor) ? 0 : anchor;
      sum = 0;
      sumSq = 0;
      nanCount = 0;
      for (let k = j; k <= i; k++) add(values[k] as number, 1);
      lastRebase = i;
    }
    if (ti - windowMs < t0 || nanCount > 0 || len < minSamples) continue;
    const mean = shift + sum / len;
    const variance = Math.max(0, (sumSq - (sum * sum) / len) / (len - 1));
    const std = Math.sqrt(variance);
    if (std <= Math.max(maxRelStd * Math.abs(mean), absFloor)) {
      for (let k = Math.max(j, markedUpTo + 1); k <= i; k++) steady[k] = 1;
      const open = spans[spans.length - 1];
      // Windows sharing a sample belong to one stretch; a window starting after the last one ended opens a new stretch.
      if (open && j <= open[1]) open[1] = i;
      else spans.push([j, i]);
      markedUpTo = i;
    }
  }
  return { steady, intervals: spans.map(([a, b]) => intervalOf(times, values, a, b)) };
}

function intervalOf(times: ArrayLike<number>, values: ArrayLike<number>, start: number, end: number): SteadyInterval {
  let mean = 0;
  let m2 = 0;
  for (let k = start; k <= end; k++) {
    const v = values[k] as number;
    const d = v - mean;
    mean += d / (k - start + 1);
    m2 += d * (v - mean);
  }
  const count = end - start + 1;
  const std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
  const relStd = mean !== 0 ? std / Math.abs(mean) : std === 0 ? 0 : Infinity;
  return { startIndex: start, endIndex: end, startMs: times[start] as number, endMs: times[end] as number, mean, relStd };
}
