import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitDesignMatrix, fitLinearModel, fitPolynomial } from './linearModels';
import { computeBands, makePredictor } from './predict';
import type { FitSuccess } from './types';

const ok = (r: ReturnType<typeof fitPolynomial>): FitSuccess => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('fitPolynomial', () => {
  it('recovers an exact polynomial in powers of the original x, far from the origin', () => {
    const x = Array.from({ length: 30 }, (_, i) => 1000 + i * 3.5);
    const c = [12.5, -0.75, 3e-4, -2e-8];
    const y = x.map((v) => c[0]! + c[1]! * v + c[2]! * v * v + c[3]! * v ** 3);
    const r = ok(fitPolynomial(x, y, 3));
    r.parameters.forEach((p, j) => expect(p.value / c[j]! - 1).toBeLessThan(1e-8));
    expect(r.parameters.map((p) => p.name)).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(r.engine).toBe('linear-qr');
    expect(r.metrics.rss).toBeLessThan(1e-18);
  });

  it('recovers random exact polynomials (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 7, maxLength: 7 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (deg, coefs, shift) => {
          const x = Array.from({ length: 25 }, (_, i) => shift + i * 0.4);
          const y = x.map((v) => coefs.slice(0, deg + 1).reduce((s, cj, j) => s + cj * v ** j, 0));
          const r = fitPolynomial(x, y, deg, { cvFolds: 0, bandPoints: 0 });
          if (!r.ok) return false;
          const scale = Math.max(...y.map(Math.abs), 1);
          // Residuals at rounding level relative to the data scale.
          return r.residuals.every((e) => Math.abs(e) <= 1e-9 * scale);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('reports standard errors, metrics, CV and bands for noisy data', () => {
    const x = Array.from({ length: 40 }, (_, i) => i);
    const y = x.map((v, i) => 3 + 0.5 * v - 0.01 * v * v + (i % 2 ? 0.1 : -0.1));
    const r = ok(fitPolynomial(x, y, 2));
    expect(r.metrics.dof).toBe(37);
    expect(r.metrics.r2).toBeGreaterThan(0.99);
    expect(r.metrics.adjR2).toBeLessThan(r.metrics.r2);
    expect(r.cvRmse).toBeGreaterThan(0);
    expect(r.cvFolds).toBe(5);
    for (const p of r.parameters) {
      expect(p.stdError).toBeGreaterThan(0);
      expect(p.ciLower).toBeLessThan(p.value);
      expect(p.ciUpper).toBeGreaterThan(p.value);
    }
    const b = r.bands!;
    expect(b.x).toHaveLength(101);
    for (let i = 0; i < b.x.length; i++) {
      expect(b.predictionLower[i]!).toBeLessThan(b.confidenceLower[i]!);
      expect(b.confidenceUpper[i]!).toBeLessThan(b.predictionUpper[i]!);
    }
    // Bands recomputed from the plain-data result agree with the ones shipped in it.
    const again = computeBands(r, b.x)!;
    expect(again.confidenceUpper[50]!).toBeCloseTo(b.confidenceUpper[50]!, 10);
    expect(makePredictor(r)!([10])[0]!).toBeCloseTo(r.fitted[10]!, 10);
  });

  it('rejects bad degrees and too few points without throwing', () => {
    expect(fitPolynomial([1, 2, 3], [1, 2, 3], 0).ok).toBe(false);
    expect(fitPolynomial([1, 2, 3], [1, 2, 3], 11).ok).toBe(false);
    const r = fitPolynomial([1, 2], [1, 2], 3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('too-few-points');
    const same = fitPolynomial([2, 2, 2, 2], [1, 2, 3, 4], 1);
    expect(same.ok).toBe(false);
  });

  it('drops non-finite rows with a warning', () => {
    const r = ok(fitPolynomial([0, 1, Number.NaN, 3, 4], [1, 3, 5, 7, 9], 1));
    expect(r.residuals).toHaveLength(4);
    expect(r.warnings.join(' ')).toMatch(/left out/);
    expect(r.parameters[1]!.value).toBeCloseTo(2, 12);
  });

  it('weights: a zero weight removes a point from the fit', () => {
    const x = [0, 1, 2, 3, 4];
    const y = [1, 3, 5, 100, 9];
    const r = ok(fitPolynomial(x, y, 1, { weights: [1, 1, 1, 0, 1] }));
    expect(r.parameters[0]!.value).toBeCloseTo(1, 10);
    expect(r.parameters[1]!.value).toBeCloseTo(2, 10);
  });
});

describe('fitLinearModel (pump forms)', () => {
  const q = [0, 20, 40, 60, 80, 100, 120];
  it('pump-head-quadratic returns H0 and k of H = H0 − kQ²', () => {
    const h = q.map((v) => 48 - 0.0015 * v * v);
    const r = ok(fitLinearModel('pump-head-quadratic', q, h));
    expect(r.parameters.map((p) => p.name)).toEqual(['H0', 'k']);
    expect(r.parameters[0]!.value).toBeCloseTo(48, 10);
    expect(r.parameters[1]!.value).toBeCloseTo(0.0015, 12);
    expect(r.expression).toBe('H0 - k*x^2');
  });

  it('pump-efficiency-cubic-origin passes through the origin and uses the uncentred R²', () => {
    const eta = q.map((v) => 0.02 * v - 1.2e-4 * v * v + 1e-7 * v ** 3);
    const r = ok(fitLinearModel('pump-efficiency-cubic-origin', q, eta));
    expect(r.metrics.r2Uncentred).toBe(true);
    expect(r.parameters[0]!.value).toBeCloseTo(0.02, 12);
    expect(makePredictor(r)!([0])[0]).toBe(0);
  });

  it('rejects an unknown kind', () => {
    const r = fitLinearModel('poly11' as 'poly1', q, q);
    expect(r.ok).toBe(false);
  });
});

describe('fitDesignMatrix', () => {
  it('solves a general linear model with refinement', () => {
    const t = Array.from({ length: 20 }, (_, i) => i / 2);
    const cols = [t.map(() => 1), t.map(Math.sin), t.map((v) => Math.exp(-v))];
    const y = t.map((v) => 2 + 3 * Math.sin(v) - 4 * Math.exp(-v));
    const r = fitDesignMatrix({ columns: cols, names: ['a', 'b', 'c'], y });
    expect(r.ok).toBe(true);
    if (r.ok) [2, 3, -4].forEach((v, j) => expect(r.parameters[j]!.value).toBeCloseTo(v, 12));
  });

  it('reports a rank-deficient design as a failure', () => {
    const r = fitDesignMatrix({ columns: [[1, 2, 3, 4], [2, 4, 6, 8]], names: ['a', 'b'], y: [1, 2, 3, 4] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('singular');
  });
});
