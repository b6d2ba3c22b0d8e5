/**
 * Columnar telemetry types. Times are milliseconds since the Unix epoch (UTC) as float64, so
 * sub-millisecond resolution survives; values are float64 in the channel's unit.
 */

/** A batch of samples of one channel, columnar so it can be transferred without copying. */
export type SeriesBatch = {
  /** Channel the samples belong to. */
  channelId: string;
  /** Sample times, ms since the Unix epoch, non-decreasing. Same length as `values`. */
  times: Float64Array;
  /** Sample values in the channel's unit; NaN marks a missing or invalid sample. */
  values: Float64Array;
};

/** Plain columns of samples (times in ms epoch, values), as returned by slicing and resampling. */
export type SeriesColumns = {
  /** Sample times, ms since the Unix epoch. */
  times: Float64Array;
  /** Sample values; same length as `times`. */
  values: Float64Array;
};

/** Throws when the columns differ in length; every series function requires equal lengths. */
export function assertSameLength(times: ArrayLike<number>, values: ArrayLike<number>): void {
  if (times.length !== values.length) {
    throw new RangeError(`times and values differ in length (${times.length} vs ${values.length})`);
  }
}
