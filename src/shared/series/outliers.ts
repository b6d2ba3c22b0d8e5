/**
 * Outlier detectors. Each returns the indices of flagged samples in ascending order; NaN
 * values are never flagged and never influence the statistics.
 */
import { meanStd, percentileSorted, sortedValid } from './stats';

/** Scale factor making the MAD a consistent estimator of σ for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.4826;

/** Options for hampelOutliers. */
export type HampelOptions = {
  /** Samples on each side of the centre (window = 2k + 1 samples). Default 3. */
  halfWindow?: number;
  /** Threshold in robust standard deviations. Default 3. */
  nSigma?: number;
  /**
   * Deviations from the window median at or below this absolute amount are never flagged.
   * Default 0. Set it to the sensor resolution for quantized signals, where the MAD is often 0.
   */
  minDeviation?: number;
};

function median(buf: number[]): number {
  buf.sort((a, b) => a - b);
  const n = buf.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (buf[mid] as number) : ((buf[mid - 1] as number) + (buf[mid] as number)) / 2;
}

/**
 * Hampel filter: flags x[i] when |x[i] − median(window)| > nSigma · 1.4826 · MAD(window),
 * with the window centred on i (truncated at the ends). Robust to the outliers themselves,
 * good for spikes in otherwise smooth telemetry. O(n · k log k).
 */
export function hampelOutliers(values: ArrayLike<number>, options: HampelOptions = {}): number[] {
  const k = Math.max(1, Math.floor(options.halfWindow ?? 3));
  const nSigma = options.nSigma ?? 3;
  const floor = options.minDeviation ?? 0;
  const n = values.length;
  const flagged: number[] = [];
  const win: number[] = [];
  const dev: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    win.length = 0;
    for (let j = Math.max(0, i - k); j <= Math.min(n - 1, i + k); j++) {
      const v = values[j] as number;
      if (!Number.isNaN(v)) win.push(v);
    }
    const med = median(win);
    dev.length = 0;
    for (const v of win) dev.push(Math.abs(v - med));
    const mad = median(dev);
    const d = Math.abs(x - med);
    if (d > floor && d > nSigma * MAD_TO_SIGMA * mad) flagged.push(i);
  }
  return flagged;
}

/** Options for iqrOutliers. */
export type IqrOptions = {
  /** Fence multiplier: outside [Q1 − k·IQR, Q3 + k·IQR] is an outlier. Default 1.5 (Tukey). */
  k?: number;
};

/** Tukey fences on the whole column: flags values outside [Q1 − k·IQR, Q3 + k·IQR]. */
export function iqrOutliers(values: ArrayLike<number>, options: IqrOptions = {}): number[] {
  const k = options.k ?? 1.5;
  const sorted = sortedValid(values);
  if (sorted.length === 0) return [];
  const q1 = percentileSorted(sorted, 25);
  const q3 = percentileSorted(sorted, 75);
  const lo = q1 - k * (q3 - q1);
  const hi = q3 + k * (q3 - q1);
  const flagged: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < lo || v > hi) flagged.push(i);
  }
  return flagged;
}

/** Options for zScoreOutliers. */
export type ZScoreOptions = {
  /** Flag when |x − mean| / std exceeds this. Default 3. */
  threshold?: number;
};

/**
 * Flags values more than `threshold` sample standard deviations from the mean of the whole
 * column. Simple but not robust: a large outlier inflates the std it is measured against
 * (prefer Hampel or IQR for spiky data). A constant column flags nothing.
 */
export function zScoreOutliers(values: ArrayLike<number>, options: ZScoreOptions = {}): number[] {
  const threshold = options.threshold ?? 3;
  const { mean, std } = meanStd(values);
  if (!(std > 0)) return [];
  const flagged: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Math.abs(v - mean) / std > threshold) flagged.push(i);
  }
  return flagged;
}
