import { describe, expect, it } from 'vitest';
import { findBestEfficiencyPoint } from './bep';

describe('findBestEfficiencyPoint', () => {
  it('finds the analytic maximum of a parabola through the origin', () => {
    const b = findBestEfficiencyPoint((q) => 0.016 * q - 8e-5 * q * q, [0, 180])!;
    expect(b.flowM3h).toBeCloseTo(100, 6);
    expect(b.efficiency).toBeCloseTo(0.8, 12);
    expect(b.atRangeLimit).toBe(false);
  });

  it('finds the maximum of a cubic efficiency curve', () => {
    // η = aQ + bQ² + cQ³, dη/dQ = 0 at Q* = (−b − √(b² − 3ac)) / 3c
    const a = 0.02;
    const bb = -1.2e-4;
    const c = 1e-7;
    const qStar = (-bb - Math.sqrt(bb * bb - 3 * a * c)) / (3 * c);
    const r = findBestEfficiencyPoint((q) => a * q + bb * q * q + c * q ** 3, [0, 200])!;
    expect(r.flowM3h).toBeCloseTo(qStar, 5);
  });

  it('reports a maximum at the end of the range', () => {
    const r = findBestEfficiencyPoint((q) => 0.01 * q, [0, 50])!;
    expect(r.atRangeLimit).toBe(true);
    expect(r.flowM3h).toBe(50);
  });

  it('returns undefined for an empty range or a curve that is nowhere finite', () => {
    expect(findBestEfficiencyPoint((q) => q, [5, 5])).toBeUndefined();
    expect(findBestEfficiencyPoint(() => Number.NaN, [0, 1])).toBeUndefined();
  });
});
