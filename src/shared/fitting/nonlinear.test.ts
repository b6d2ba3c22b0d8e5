import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitNonlinear, type NonlinearFitSpec } from './nonlinear';
import type { FitSuccess } from './types';

const x = Array.from({ length: 30 }, (_, i) => 1 + i * 0.5);
const noise = (i: number) => 0.01 * Math.sin(7.3 * i);
const y = x.map((v, i) => 5 * Math.exp(-0.3 * v) + 1 + noise(i));
const base: NonlinearFitSpec = {
  expression: 'a*exp(-b*x) + c',
  parameters: [
    { name: 'a', start: 1 },
    { name: 'b', start: 1 },
    { name: 'c', start: 0 },
  ],
  x,
  y,
};
const ok = (r: ReturnType<typeof fitNonlinear>): FitSuccess => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('fitNonlinear', () => {
  it('fits, reports engine, statistics, CV and bands', () => {
    const r = ok(fitNonlinear(base));
    expect(r.engine).toBe('lm');
    expect(r.converged).toBe(true);
    expect(r.parameters[0]!.value).toBeCloseTo(5, 1);
    expect(r.parameters[1]!.value).toBeCloseTo(0.3, 2);
    expect(r.metrics.r2).toBeGreaterThan(0.999);
    expect(r.cvRmse).toBeGreaterThan(0);
    expect(r.bands?.x).toHaveLength(101);
    expect(r.covariance).toHaveLength(3);
    expect(r.parameters.every((p) => p.stdError > 0 && p.ciLower < p.value && p.value < p.ciUpper)).toBe(true);
  });

  it('agrees between the two engines and records which one ran', () => {
    // ml-levenberg-marquardt is less robust from poor starts (from a=1, b=1 it drifts to the
    // degenerate b → ∞ solution), so both start near the answer here.
    const near = { ...base, parameters: [{ name: 'a', start: 4 }, { name: 'b', start: 0.5 }, { name: 'c', start: 0.5 }] };
    const a = ok(fitNonlinear(near));
    const b = ok(fitNonlinear({ ...near, engine: 'ml-levenberg-marquardt' }));
    expect(b.engine).toBe('ml-levenberg-marquardt');
    a.parameters.forEach((p, j) => expect(b.parameters[j]!.value).toBeCloseTo(p.value, 6));
  });

  it('finite-difference Jacobian and plain LM give the same answer', () => {
    const a = ok(fitNonlinear(base));
    const b = ok(fitNonlinear({ ...base, jacobian: 'finite-difference', acceleration: 'none' }));
    a.parameters.forEach((p, j) => expect(b.parameters[j]!.value).toBeCloseTo(p.value, 7));
    expect(b.warnings.join(' ')).toMatch(/numerically/);
  });

  it('respects bounds and flags a parameter that ends on one', () => {
    const r = ok(fitNonlinear({ ...base, parameters: [{ name: 'a', start: 1, max: 3 }, { name: 'b', start: 1 }, { name: 'c', start: 0 }] }));
    expect(r.parameters[0]!.value).toBeLessThanOrEqual(3);
    expect(r.parameters[0]!.atBound).toBe('max');
    expect(r.warnings.join(' ')).toMatch(/upper bound/);
  });

  it('applies weights by scaling residuals (a zero weight ignores an outlier)', () => {
    const yo = [...y];
    yo[10] = 50;
    const w = y.map((_, i) => (i === 10 ? 0 : 1));
    const r = ok(fitNonlinear({ ...base, y: yo, weights: w }));
    expect(r.parameters[0]!.value).toBeCloseTo(5, 1);
  });

  it('multiple starts escape a poor local minimum', () => {
    // sin(b·x) has many local minima in b; the given start is in the wrong basin.
    const xs = Array.from({ length: 60 }, (_, i) => i * 0.1);
    const ys = xs.map((v) => Math.sin(3 * v));
    const single = ok(fitNonlinear({ expression: 'sin(b*x)', parameters: [{ name: 'b', start: 0.3, min: 0.1, max: 5 }], x: xs, y: ys, cvFolds: 0 }));
    const multi = ok(fitNonlinear({ expression: 'sin(b*x)', parameters: [{ name: 'b', start: 0.3, min: 0.1, max: 5 }], x: xs, y: ys, starts: 12, cvFolds: 0 }));
    expect(multi.metrics.rss).toBeLessThanOrEqual(single.metrics.rss);
    expect(multi.parameters[0]!.value).toBeCloseTo(3, 6);
  });

  it('fits several predictors given as rows', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i % 8, Math.floor(i / 8)]);
    const z = rows.map(([a, b]) => 2 + 0.5 * a! * Math.exp(-0.2 * b!));
    const r = ok(
      fitNonlinear({ expression: 'c + d*x1*exp(-k*x2)', parameters: [{ name: 'c', start: 1 }, { name: 'd', start: 1 }, { name: 'k', start: 0.1 }], x: rows, y: z }),
    );
    expect(r.variables).toEqual(['x1', 'x2']);
    expect(r.parameters[2]!.value).toBeCloseTo(0.2, 8);
    expect(r.bands).toBeUndefined();
  });

  it('returns ok:false (never throws) for a model that is NaN at the start', () => {
    const r = fitNonlinear({ ...base, expression: 'sqrt(a - 10)*x + b + c' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('non-finite-start');
    const m = fitNonlinear({ ...base, expression: 'sqrt(a - 10)*x + b + c', engine: 'ml-levenberg-marquardt' });
    expect(m.ok).toBe(false);
  });

  it('keeps going when the model is NaN in part of parameter space (both engines)', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    const ys = xs.map((v) => 2 * Math.sqrt(v) + 0.5);
    for (const engine of ['lm', 'ml-levenberg-marquardt'] as const) {
      const r = fitNonlinear({ expression: 'a*x^b + c', parameters: [{ name: 'a', start: 1 }, { name: 'b', start: 1 }, { name: 'c', start: 0 }], x: xs, y: ys, engine });
      expect(r.ok).toBe(true);
    }
  });

  it('rejects unsafe or malformed specs with a reason', () => {
    const cases: unknown[] = [
      { ...base, expression: 'a = 1' },
      { ...base, parameters: [] },
      { ...base, y: [1, 2] },
      { ...base, weights: x.map(() => -1) },
      { ...base, parameters: [{ name: 'a', start: Number.NaN }, { name: 'b', start: 1 }, { name: 'c', start: 0 }] },
      { ...base, parameters: [{ name: 'a', start: 1, min: 2, max: 1 }, { name: 'b', start: 1 }, { name: 'c', start: 0 }] },
      null,
    ];
    for (const c of cases) {
      const r = fitNonlinear(c as NonlinearFitSpec);
      expect(r.ok).toBe(false);
    }
  });

  it('never throws, whatever it is given (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(fc.double(), { maxLength: 8 }),
        fc.array(fc.double(), { maxLength: 8 }),
        fc.double(),
        (expr, xs, ys, start) => {
          const r = fitNonlinear({ expression: expr, parameters: [{ name: 'b1', start }], x: xs, y: ys, cvFolds: 0 });
          return typeof r.ok === 'boolean';
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is structured-clone safe (no functions in the result)', () => {
    const r = fitNonlinear(base);
    expect(() => structuredClone(r)).not.toThrow();
  });
});
