/**
 * A bounded time window of one channel: a ring buffer over two Float64Arrays. Memory is fixed
 * at construction; when full, the oldest samples are overwritten and counted (principle 6:
 * bounded, with a counted overflow policy).
 */
import { assertSameLength, type SeriesBatch, type SeriesColumns } from './types';

/** Counts returned by SeriesWindow.append. */
export type AppendResult = {
  /** Samples stored. */
  accepted: number;
  /** Samples older than the newest stored sample, dropped (windows are kept in time order). */
  rejectedOutOfOrder: number;
  /** Older samples overwritten because the window was full. */
  evicted: number;
};

/** Ring buffer of (time ms epoch, value) samples in non-decreasing time order. */
export class SeriesWindow {
  /** Maximum number of samples held. */
  readonly capacity: number;
  /** Total samples overwritten since construction (or the last clear). */
  evictedTotal = 0;
  /** Total samples rejected for arriving out of time order. */
  rejectedOutOfOrderTotal = 0;
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private head = 0; // physical index of the oldest sample
  private size = 0;

  /**
   * @param capacity maximum samples kept (integer ≥ 1)
   * @param channelId channel the window belongs to, for diagnostics
   */
  constructor(
    capacity: number,
    readonly channelId = '',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`SeriesWindow capacity must be an integer ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  /** Number of samples held (≤ capacity). */
  get length(): number {
    return this.size;
  }

  /** Time of the oldest sample, or undefined when empty. */
  get firstTime(): number | undefined {
    return this.size > 0 ? this.t[this.head] : undefined;
  }

  /** Time of the newest sample, or undefined when empty. */
  get lastTime(): number | undefined {
    return this.size > 0 ? this.t[this.phys(this.size - 1)] : undefined;
  }

  private phys(i: number): number {
    const p = this.head + i;
    return p >= this.capacity ? p - this.capacity : p;
  }

  /** Time of the i-th oldest sample (0 = oldest). */
  timeAt(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`index ${i} outside 0..${this.size - 1}`);
    return this.t[this.phys(i)] as number;
  }

  /** Value of the i-th oldest sample (0 = oldest). */
  valueAt(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`index ${i} outside 0..${this.size - 1}`);
    return this.v[this.phys(i)] as number;
  }

  /**
   * Appends samples in order. A sample older than the newest stored sample is rejected and
   * counted; equal times are kept. When full, the oldest samples are overwritten and counted.
   */
  append(times: ArrayLike<number>, values: ArrayLike<number>): AppendResult {
    assertSameLength(times, values);
    let accepted = 0;
    let rejected = 0;
    let evicted = 0;
    let last = this.size > 0 ? (this.t[this.phys(this.size - 1)] as number) : -Infinity;
    const cap = this.capacity;
    for (let i = 0; i < times.length; i++) {
      const time = times[i] as number;
      // NaN times are rejected too: they cannot be ordered.
      if (!(time >= last)) {
        rejected++;
        continue;
      }
      last = time;
      if (this.size < cap) {
        const p = this.phys(this.size);
        this.t[p] = time;
        this.v[p] = values[i] as number;
        this.size++;
      } else {
        this.t[this.head] = time;
        this.v[this.head] = values[i] as number;
        this.head = this.head + 1 === cap ? 0 : this.head + 1;
        evicted++;
      }
      accepted++;
    }
    this.evictedTotal += evicted;
    this.rejectedOutOfOrderTotal += rejected;
    return { accepted, rejectedOutOfOrder: rejected, evicted };
  }

  /** Appends a columnar batch (its channelId is not checked against this window's). */
  appendBatch(batch: SeriesBatch): AppendResult {
    return this.append(batch.times, batch.values);
  }

  /** Logical index of the first sample with time ≥ t (size when none). */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.t[this.phys(mid)] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Logical index of the first sample with time > t (size when none). */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.t[this.phys(mid)] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private copy(from: number, to: number): SeriesColumns {
    const n = Math.max(0, to - from);
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    if (n === 0) return { times, values };
    const p0 = this.phys(from);
    const firstPart = Math.min(n, this.capacity - p0);
    times.set(this.t.subarray(p0, p0 + firstPart), 0);
    values.set(this.v.subarray(p0, p0 + firstPart), 0);
    if (firstPart < n) {
      times.set(this.t.subarray(0, n - firstPart), firstPart);
      values.set(this.v.subarray(0, n - firstPart), firstPart);
    }
    return { times, values };
  }

  /** Copies of the samples with fromMs ≤ time ≤ toMs (both ends inclusive). */
  slice(fromMs: number, toMs: number): SeriesColumns {
    if (!(toMs >= fromMs)) return this.copy(0, 0);
    return this.copy(this.lowerBound(fromMs), this.upperBound(toMs));
  }

  /** Copies of all samples, oldest first. */
  toColumns(): SeriesColumns {
    return this.copy(0, this.size);
  }

  /** Removes samples with time < tMs (time-based retention). Returns how many were removed. */
  dropBefore(tMs: number): number {
    const k = this.lowerBound(tMs);
    this.head = this.phys(k);
    this.size -= k;
    if (this.size === 0) this.head = 0;
    return k;
  }

  /** Removes all samples and resets the counters. */
  clear(): void {
    this.head = 0;
    this.size = 0;
    this.evictedTotal = 0;
    this.rejectedOutOfOrderTotal = 0;
  }
}
