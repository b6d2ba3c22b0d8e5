import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleForChart } from './downsample';
import { bucketOf, minMaxEnvelope } from './envelope';
import { lttb } from './lttb';

/** Sorted times plus values of the same length. */
const seriesArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ noNaN: true, min: -1e9, max: 1e9 })), { minLength: 0, maxLength: 600 })
  .map((pairs) => {
    const times = Float64Array.from(pairs.map((p) => p[0]).sort((a, b) => a - b));
    const values = Float64Array.from(pairs.map((p) => p[1]));
    return { times, values };
  });

describe('lttb', () => {
  it('keeps first and last points, returns at most maxPoints, indices strictly increasing', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 2, max: 700 }), ({ times, values }, maxPoints) => {
        const r = lttb(times, values, maxPoints);
        const n = times.length;
        expect(r.times.length).toBeLessThanOrEqual(Math.max(maxPoints, 0));
        expect(r.times.length).toBe(Math.min(n, maxPoints));
        if (n > 0) {
          expect(r.indices[0]).toBe(0);
          expect(r.indices[r.indices.length - 1]).toBe(n - 1);
          expect(r.times[0]).toBe(times[0]);
          expect(r.values[r.values.length - 1]).toBe(values[n - 1]);
        }
        for (let i = 1; i < r.indices.length; i++) expect(r.indices[i]).toBeGreaterThan(r.indices[i - 1] as number);
        r.indices.forEach((idx, k) => {
          expect(r.times[k]).toBe(times[idx]);
          expect(r.values[k]).toBe(values[idx]);
        });
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('picks the spike of a flat line', () => {
    const n = 10_000;
    const times = Float64Array.from({ length: n }, (_, i) => i);
    const values = new Float64Array(n);
    values[4321] = 100;
    const r = lttb(times, values, 100);
    expect(Array.from(r.indices)).toContain(4321);
  });

  it('handles tiny budgets and NaN gaps', () => {
    const times = Float64Array.from([0, 1, 2, 3, 4]);
    const values = Float64Array.from([1, NaN, NaN, 2, 3]);
    expect(Array.from(lttb(times, values, 2).indices)).toEqual([0, 4]);
    expect(Array.from(lttb(times, values, 1).indices)).toEqual([0]);
    expect(lttb(times, values, 0).indices.length).toBe(0);
    expect(lttb(times, values, 3).indices.length).toBe(3);
    expect(() => lttb(times, values.subarray(1), 3)).toThrow(RangeError);
    expect(() => lttb(times, values, NaN)).toThrow(RangeError);
    expect(lttb(times, values, Infinity).indices.length).toBe(5);
    expect(() => minMaxEnvelope(times, values, 0)).toThrow(RangeError);
    expect(() => minMaxEnvelope(times, values, NaN)).toThrow(RangeError);
  });
});

describe('minMaxEnvelope', () => {
  it("contains every original value within its bucket's min/max and counts every value", () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 300 }), ({ times, values }, buckets) => {
        const env = minMaxEnvelope(times, values, buckets);
        const n = times.length;
        if (n === 0) {
          expect(env.times.length).toBe(0);
          return;
        }
        const b = env.min.length;
        expect(b).toBeLessThanOrEqual(buckets);
        let total = 0;
        for (let i = 0; i < n; i++) {
          const k = bucketOf(times[i] as number, times[0] as number, times[n - 1] as number, b);
          expect(values[i]).toBeGreaterThanOrEqual(env.min[k] as number);
          expect(values[i]).toBeLessThanOrEqual(env.max[k] as number);
        }
        for (let k = 0; k < b; k++) total += env.count[k] as number;
        expect(total).toBe(n);
        // Each bucket's min and max are values of that bucket (tight, not just bounds).
        for (let k = 0; k < b; k++) {
          if (env.count[k] === 0) {
            expect(env.min[k]).toBeNaN();
            continue;
          }
          const members = Array.from(values).filter((_, i) => bucketOf(times[i] as number, times[0] as number, times[n - 1] as number, b) === k);
          expect(Math.min(...members)).toBe(env.min[k]);
          expect(Math.max(...members)).toBe(env.max[k]);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('ignores NaN values and handles a single timestamp', () => {
    const env = minMaxEnvelope([5, 5, 5], [1, NaN, 3], 10);
    expect(env.min.length).toBe(1);
    expect(env.min[0]).toBe(1);
    expect(env.max[0]).toBe(3);
    expect(env.count[0]).toBe(2);
    expect(env.bucketMs).toBe(0);
  });
});

describe('downsampleForChart', () => {
  it('returns LTTB points within budget and an envelope that still shows a one-sample spike', () => {
    const n = 200_000;
    const times = Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 100);
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    values[123_457] = 50;
    const chart = downsampleForChart(times, values, 2000);
    expect(chart.points.times.length).toBe(2000);
    expect(chart.envelope.min.length).toBe(1000);
    expect(Math.max(...chart.envelope.max)).toBe(50);
  });
});
