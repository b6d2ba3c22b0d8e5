import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitSystemCurve, systemHeadM } from './systemCurve';

describe('systemCurve', () => {
  it('evaluates H = H0 + k·Q²', () => {
    expect(systemHeadM({ staticHeadM: 20, k: 5e-5 }, 400)).toBeCloseTo(28, 12);
    expect(systemHeadM({ staticHeadM: 20, k: 5e-5 }, 0)).toBe(20);
  });

  it('recovers exact parameters from points on a curve', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 2, maxLength: 12 }),
        (h0, k, flows) => {
          const fit = fitSystemCurve(flows.map((q) => ({ flowM3h: q, headM: h0 + k * q * q })));
          expect(fit).toBeDefined();
          expect(fit!.staticHeadM).toBeCloseTo(h0, 6);
          expect(fit!.k).toBeCloseTo(k, 9);
          expect(fit!.rmsM).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('least-squares fit of noisy points has the expected residual', () => {
    const pts = [
      { flowM3h: 0, headM: 21 },
      { flowM3h: 200, headM: 23 },
      { flowM3h: 400, headM: 30 },
      { flowM3h: 600, headM: 40 },
    ];
    const fit = fitSystemCurve(pts)!;
    expect(fit.k).toBeGreaterThan(0);
    expect(fit.rmsM).toBeGreaterThan(0);
    expect(fit.rmsM).toBeLessThan(1);
  });

  it('cannot fit fewer than two distinct flows', () => {
    expect(fitSystemCurve([{ flowM3h: 100, headM: 20 }])).toBeUndefined();
    expect(
      fitSystemCurve([
        { flowM3h: 100, headM: 20 },
        { flowM3h: 100, headM: 21 },
      ]),
    ).toBeUndefined();
  });
});
