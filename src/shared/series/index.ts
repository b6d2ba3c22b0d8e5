/** Series maths: columnar batches, windows, downsampling, interpolation, outliers, statistics. */
export { assertSameLength, type SeriesBatch, type SeriesColumns } from './types';
export { lttb, type LttbResult } from './lttb';
export { bucketOf, minMaxEnvelope, type MinMaxEnvelope } from './envelope';
export { DEFAULT_CHART_POINTS, downsampleForChart, type ChartDownsampleOptions, type ChartSeries } from './downsample';
export { SeriesWindow, type AppendResult } from './window';
export { fillGaps, interpolateAt, resampleUniform, type InterpolationMethod } from './interpolate';
export { MAD_TO_SIGMA, hampelOutliers, iqrOutliers, zScoreOutliers, type HampelOptions, type IqrOptions, type ZScoreOptions } from './outliers';
export { meanStd, percentile, percentileSorted, percentiles, sortedValid, summarize, type SeriesStats } from './stats';
export { detectSteadyState, type SteadyInterval, type SteadyStateOptions, type SteadyStateResult } from './steady';
