import { describe, expect, it } from 'vitest';
import { binSeries, niceStep, scaleFor, searchTime } from './chartMath';

const cols = (times: number[], values: number[], mins?: number[], maxs?: number[]) => ({ times, values, ...(mins ? { mins } : {}), ...(maxs ? { maxs } : {}) });

describe('searchTime', () => {
  it('finds the first index at or after a time (or strictly after)', () => {
    const t = [10, 20, 20, 30];
    expect(searchTime(t, 5)).toBe(0);
    expect(searchTime(t, 20)).toBe(1);
    expect(searchTime(t, 20, true)).toBe(3);
    expect(searchTime(t, 31)).toBe(4);
    expect(searchTime([], 1)).toBe(0);
  });
});

describe('binSeries', () => {
  it('keeps every sample in range when they fit the bins, skipping non-finite values', () => {
    const b = binSeries(cols([0, 100, 200, 300, 400], [1, NaN, 3, 4, 5]), 100, 300, 10);
    expect(b.n).toBe(2);
    expect([...b.t.subarray(0, b.n)]).toEqual([200, 300]);
    expect([...b.v.subarray(0, b.n)]).toEqual([3, 4]);
    expect(b.hasEnv).toBe(false);
  });

  it('uses the aggregated envelope of sparse history', () => {
    const b = binSeries(cols([0, 10], [5, 6], [4, 6], [7, 6]), 0, 10, 10);
    expect(b.hasEnv).toBe(true);
    expect([b.lo[0], b.hi[0], b.lo[1], b.hi[1]]).toEqual([4, 7, 6, 6]);
  });

  it('bins dense data into mean with min/max band, never more points than bins + 1', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 10);
    const values = times.map((_, i) => (i % 2 === 0 ? 0 : 10));
    const b = binSeries(cols(times, values), 0, 9990, 100);
    expect(b.n).toBeLessThanOrEqual(101);
    expect(b.n).toBeGreaterThanOrEqual(100);
    // The last bin holds only the final sample (9990 ms starts a new bin).
    for (let i = 0; i < b.n - 1; i++) {
      expect(b.lo[i]).toBe(0);
      expect(b.hi[i]).toBe(10);
      expect(b.v[i]).toBeGreaterThan(0);
      expect(b.v[i]).toBeLessThan(10);
    }
    expect(b.hasEnv).toBe(true);
  });

  it('keeps the same bins when a live window slides by less than a bin', () => {
    const times = Array.from({ length: 5000 }, (_, i) => i * 100);
    const values = times.map((t) => Math.sin(t / 3000));
    const a = binSeries(cols(times, values), 100_000, 400_000, 300);
    const b = binSeries(cols(times, values), 100_300, 400_300, 300);
    // Bins away from the edges are identical (same absolute boundaries, same samples).
    const at = (s: typeof a, t: number) => s.v[[...s.t.subarray(0, s.n)].indexOf(t)];
    const t = a.t[50]!;
    expect(at(b, t)).toBe(at(a, t));
  });

  it('reuses the buffers it is given when they are large enough', () => {
    const first = binSeries(cols([1, 2, 3], [1, 2, 3]), 0, 10, 100);
    const again = binSeries(cols([4], [9]), 0, 10, 100, first);
    expect(again).toBe(first);
    expect(again.n).toBe(1);
    expect(again.v[0]).toBe(9);
  });
});

describe('scales', () => {
  it('picks 1/2/2.5/5 × 10ⁿ steps', () => {
    expect(niceStep(0, 10, 5)).toBe(2);
    expect(niceStep(0, 1, 4)).toBe(0.25);
    expect(niceStep(0, 100, 2)).toBe(50);
    expect(niceStep(5, 5, 4)).toBe(1);
  });

  it('widens the data band with headroom to whole ticks', () => {
    const b = binSeries(cols([0, 1, 2], [1.3, 7.9, 4]), 0, 2, 10);
    const s = scaleFor([b], 5);
    expect(s.lo).toBeLessThanOrEqual(1.3);
    expect(s.hi).toBeGreaterThanOrEqual(7.9);
    expect(Math.abs(s.lo / s.step - Math.round(s.lo / s.step))).toBeLessThan(1e-9);
    expect(Math.abs(s.hi / s.step - Math.round(s.hi / s.step))).toBeLessThan(1e-9);
  });

  it('keeps the axis when new samples stay inside it', () => {
    const a = scaleFor([binSeries(cols([0, 1], [2.1, 7.7]), 0, 1, 10)], 5);
    const b = scaleFor([binSeries(cols([0, 1, 2], [2.1, 7.7, 5.5]), 0, 2, 10)], 5);
    expect(b).toEqual(a);
  });

  it('gives a usable scale for flat and empty data', () => {
    expect(scaleFor([binSeries(cols([0, 1], [3, 3]), 0, 1, 10)], 4)).toMatchObject({ lo: expect.any(Number), hi: expect.any(Number) });
    const flat = scaleFor([binSeries(cols([0, 1], [3, 3]), 0, 1, 10)], 4);
    expect(flat.hi).toBeGreaterThan(flat.lo);
    expect(flat.lo).toBeLessThan(3);
    expect(flat.hi).toBeGreaterThan(3);
    expect(scaleFor([], 4)).toEqual({ lo: 0, hi: 1, step: 0.25 });
  });
});
