/**
 * Chart-ready downsampling: an LTTB line plus a min/max envelope, as the UI architecture asks
 * (at most about 2,000 points per series, spikes always visible).
 */
import { minMaxEnvelope, type MinMaxEnvelope } from './envelope';
import { lttb, type LttbResult } from './lttb';

/** Default point budget per series for charts (see ARCHITECTURE.md, UI). */
export const DEFAULT_CHART_POINTS = 2000;

/** Options for downsampleForChart. */
export type ChartDownsampleOptions = {
  /** Envelope bucket count; default floor(maxPoints / 2), since each bucket draws two values. */
  envelopeBuckets?: number;
};

/** What a chart draws for one series. */
export type ChartSeries = {
  /** The line: LTTB-selected samples, first and last always included, at most maxPoints. */
  points: LttbResult;
  /** The band: min/max per equal time bucket over the same range. */
  envelope: MinMaxEnvelope;
};

/**
 * Downsamples a series for drawing: LTTB points (≤ maxPoints) and a min/max envelope.
 * @param times ms epoch, non-decreasing
 * @param values same length as times; NaN = gap
 * @param maxPoints point budget for the line, default DEFAULT_CHART_POINTS
 */
export function downsampleForChart(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  maxPoints: number = DEFAULT_CHART_POINTS,
  options: ChartDownsampleOptions = {},
): ChartSeries {
  const buckets = options.envelopeBuckets ?? Math.max(1, Math.floor(maxPoints / 2));
  return { points: lttb(times, values, maxPoints), envelope: minMaxEnvelope(times, values, buckets) };
}
