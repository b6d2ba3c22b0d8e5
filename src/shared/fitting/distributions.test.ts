import { describe, expect, it } from 'vitest';
import { incompleteBeta, studentTCdf, studentTQuantile } from './distributions';

describe('Student t', () => {
  // Reference quantiles t_{0.975,ν} (tables / R qt()).
  it.each([
    [1, 12.706204736174707],
    [2, 4.302652729749464],
    [5, 2.570581835636314],
    [10, 2.228138851986274],
    [30, 2.042272456301238],
    [1000, 1.9623390808],
  ])('t(0.975, %i) = %f', (nu, t) => {
    expect(studentTQuantile(0.975, nu)).toBeCloseTo(t, 9);
  });

  it('CDF and quantile are inverse', () => {
    for (const nu of [1, 3, 7.5, 40]) for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) expect(studentTCdf(studentTQuantile(p, nu), nu)).toBeCloseTo(p, 12);
  });

  it('incomplete beta symmetry I_x(a,b) = 1 − I_{1−x}(b,a)', () => {
    expect(incompleteBeta(0.3, 2.5, 4) + incompleteBeta(0.7, 4, 2.5)).toBeCloseTo(1, 14);
  });

  it('returns NaN outside the domain instead of throwing', () => {
    expect(studentTQuantile(1.2, 3)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
  });
});
