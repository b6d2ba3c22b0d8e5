import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillGaps, interpolateAt, resampleUniform } from './interpolate';
import { hampelOutliers, iqrOutliers, zScoreOutliers } from './outliers';
import { meanStd, percentile, percentiles, summarize } from './stats';
import { detectSteadyState } from './steady';

describe('interpolation', () => {
  const times = [0, 10, 20, 30];
  const values = [0, 10, 40, 90];

  it('linear, previous and spline agree with the samples at sample times', () => {
    for (const method of ['linear', 'previous', 'spline'] as const) {
      expect(Array.from(interpolateAt(times, values, times, method))).toEqual(values);
    }
  });

  it('interpolates between samples and does not extrapolate', () => {
    expect(Array.from(interpolateAt(times, values, [5, 25, -1, 31], 'linear'))).toEqual([5, 65, NaN, NaN]);
    expect(Array.from(interpolateAt(times, values, [5, 25, -1, 31], 'previous'))).toEqual([0, 40, NaN, 90]);
    const s = interpolateAt(times, values, [5, 15, 25, 40], 'spline');
    expect(s[0]).toBeGreaterThan(0);
    expect(s[1]).toBeGreaterThan(10);
    expect(s[1]).toBeLessThan(40);
    expect(s[3]).toBeNaN();
  });

  it('reproduces straight lines exactly with the natural spline', () => {
    const t = [0, 1, 3, 7, 8];
    const v = t.map((x) => 2 * x + 1);
    const q = [0.5, 2, 5, 7.5];
    const s = interpolateAt(t, v, q, 'spline');
    q.forEach((x, i) => expect(s[i]).toBeCloseTo(2 * x + 1, 10));
  });

  it('fills NaN gaps from neighbours, skipping invalid samples and duplicate times', () => {
    expect(Array.from(fillGaps([0, 1, 2, 3, 4], [NaN, 1, NaN, 3, NaN], 'linear'))).toEqual([NaN, 1, 2, 3, NaN]);
    expect(Array.from(fillGaps([0, 1, 2, 3, 4], [NaN, 1, NaN, 3, NaN], 'previous'))).toEqual([NaN, 1, 1, 3, 3]);
    expect(Array.from(fillGaps([0, 1, 1, 2, 3], [0, 5, 1, NaN, 3], 'spline'))[3]).toBeTypeOf('number');
    expect(Array.from(fillGaps([0, 1], [NaN, NaN], 'spline'))).toEqual([NaN, NaN]);
  });

  it('resamples onto a uniform grid', () => {
    const r = resampleUniform(times, values, 0, 5, 4, 'linear');
    expect(Array.from(r.times)).toEqual([0, 5, 10, 15]);
    expect(Array.from(r.values)).toEqual([0, 5, 10, 25]);
    expect(() => resampleUniform(times, values, 0, 0, 4, 'linear')).toThrow(RangeError);
  });

  it('linear interpolation stays within the neighbouring values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (vals, frac) => {
        const t = vals.map((_, i) => i * 10);
        const x = frac * t[t.length - 1]!;
        const y = interpolateAt(t, vals, [x], 'linear')[0] as number;
        const i = Math.min(Math.floor(x / 10), vals.length - 2);
        const lo = Math.min(vals[i]!, vals[i + 1]!);
        const hi = Math.max(vals[i]!, vals[i + 1]!);
        expect(y).toBeGreaterThanOrEqual(lo - 1e-6);
        expect(y).toBeLessThanOrEqual(hi + 1e-6);
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe('stats', () => {
  it('summarizes with type-7 percentiles and sample std, ignoring NaN', () => {
    const s = summarize([1, 2, 3, 4, NaN, 5]);
    expect(s).toMatchObject({ count: 5, min: 1, max: 5, mean: 3, p50: 3 });
    expect(s.std).toBeCloseTo(Math.sqrt(2.5));
    expect(s.p95).toBeCloseTo(4.8);
    expect(s.p99).toBeCloseTo(4.96);
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentiles([3, 1, 2], [0, 100])).toEqual([1, 3]);
    expect(summarize([]).mean).toBeNaN();
    expect(meanStd([7]).std).toBe(0);
    expect(percentile([1, 2], 101)).toBeNaN();
  });

  it('percentiles are monotone in p and bounded by min/max (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 100 }), (vals) => {
        const [p0, p50, p95, p100] = percentiles(vals, [0, 50, 95, 100]) as [number, number, number, number];
        expect(p0).toBe(Math.min(...vals));
        expect(p100).toBe(Math.max(...vals));
        expect(p50).toBeLessThanOrEqual(p95);
        expect(p0).toBeLessThanOrEqual(p50);
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('outliers', () => {
  const base = Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i / 3));
  const spiky = base.slice();
  spiky[10] = 160;
  spiky[30] = 40;

  it('Hampel flags isolated spikes only', () => {
    expect(hampelOutliers(spiky)).toEqual([10, 30]);
    expect(hampelOutliers(base)).toEqual([]);
    // Quantized flat signal: MAD is 0; minDeviation keeps one-count noise from being flagged.
    const flat = [5, 5, 5, 6, 5, 5, 5, 5];
    expect(hampelOutliers(flat)).toEqual([3]);
    expect(hampelOutliers(flat, { minDeviation: 1 })).toEqual([]);
    expect(hampelOutliers([NaN, 1, NaN])).toEqual([]);
  });

  it('IQR and z-score flag the extremes', () => {
    expect(iqrOutliers(spiky)).toEqual([10, 30]);
    expect(zScoreOutliers(spiky, { threshold: 3 })).toEqual([10, 30]);
    expect(zScoreOutliers([1, 1, 1])).toEqual([]);
    expect(iqrOutliers([])).toEqual([]);
  });
});

describe('steady state', () => {
  // 1 Hz samples: ramp 0..59 s, steady around 100 from 60..179 s (±0.5 %), step, steady around 150.
  const times = Array.from({ length: 300 }, (_, i) => i * 1000);
  const values = times.map((t, i) => {
    const s = t / 1000;
    if (s < 60) return s * (100 / 60);
    if (s < 180) return 100 + 0.5 * Math.sin(i);
    return 150 + 0.3 * Math.cos(i);
  });

  it('finds the two plateaus and not the ramp', () => {
    const r = detectSteadyState(times, values, { windowMs: 20_000, maxRelStd: 0.01 });
    expect(r.intervals.length).toBe(2);
    const [a, b] = r.intervals as [(typeof r.intervals)[0], (typeof r.intervals)[0]];
    // A window may reach back over the last ramp samples while its spread is still under 1 %.
    expect(a.startMs).toBeGreaterThanOrEqual(55_000);
    expect(a.startMs).toBeLessThan(62_000);
    expect(a.endMs).toBe(179_000);
    expect(a.mean).toBeCloseTo(100, 0);
    expect(b.startMs).toBe(180_000);
    expect(b.endIndex).toBe(299);
    expect(b.relStd).toBeLessThan(0.01);
    expect(r.steady[30]).toBe(0);
  });

  it('does not judge partial windows, treats NaN as unsteady, and supports an absolute floor', () => {
    const t = [0, 1000, 2000, 3000, 4000, 5000];
    expect(detectSteadyState(t, [1, 1, 1, 1, 1, 1], { windowMs: 10_000, maxRelStd: 0.01 }).intervals).toEqual([]);
    expect(detectSteadyState(t, [1, 1, NaN, 1, 1, 1], { windowMs: 2000, maxRelStd: 0.01 }).intervals.map((x) => [x.startIndex, x.endIndex])).toEqual([[3, 5]]);
    const nearZero = [0.001, -0.001, 0.002, 0, -0.002, 0.001];
    expect(detectSteadyState(t, nearZero, { windowMs: 2000, maxRelStd: 0.01 }).intervals).toEqual([]);
    expect(detectSteadyState(t, nearZero, { windowMs: 2000, maxRelStd: 0.01, absStdFloor: 0.01 }).intervals.length).toBe(1);
    expect(() => detectSteadyState(t, nearZero, { windowMs: 0, maxRelStd: 0.01 })).toThrow(RangeError);
  });

  it('agrees with a direct per-window computation (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 90, max: 110, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 10 }), (vals, w) => {
        const t = vals.map((_, i) => i * 1000);
        const windowMs = w * 1000;
        const r = detectSteadyState(t, vals, { windowMs, maxRelStd: 0.05, minSamples: 2 });
        const expected = new Uint8Array(vals.length);
        for (let i = 0; i < vals.length; i++) {
          if (t[i]! - windowMs < 0) continue;
          const win = vals.slice(i - w, i + 1);
          const { mean, std } = meanStd(win);
          if (std <= 0.05 * Math.abs(mean) * (1 + 1e-9)) for (let k = i - w; k <= i; k++) expected[k] = 1;
        }
        expect(Array.from(r.steady)).toEqual(Array.from(expected));
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
