import fc from 'fast-check';
import { compile } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { parseModel } from './expression';
import { compileModel } from './model';

describe('parseModel (restricted grammar)', () => {
  it.each([
    ['b1 = 3', /not allowed/],
    ['f(x) = x^2', /not allowed/],
    ['import({a: 1})', /not allowed/],
    ['evaluate("1+1")', /not allowed/],
    ['b1 * x > 2 ? 1 : 0', /not allowed/],
    ['[1, 2] * b1', /not allowed/],
    ['b1 * x; b1', /not allowed/],
    ['b1 * y', /Unknown name "y"/],
    ['b1 * "x"', /numeric constants/],
    ['b1 * x.a', /not allowed/],
    ['', /empty/],
  ])('rejects %s', (expr, msg) => {
    const r = parseModel(expr, ['b1'], ['x']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });

  it('rejects parameters that the model does not use', () => {
    const r = parseModel('b1*x', ['b1', 'b2'], ['x']);
    expect(r.ok).toBe(false);
  });

  it('accepts elementary functions, constants and implicit multiplication', () => {
    expect(parseModel('b1*exp(-b2*x) + atan(b3/(x-b4))/pi + 2x + log(x, 10) + mod(x, 3)', ['b1', 'b2', 'b3', 'b4'], ['x']).ok).toBe(true);
  });

  it('rejects overly long input', () => {
    expect(parseModel('b1+'.repeat(800) + 'b1', ['b1'], ['x']).ok).toBe(false);
  });
});

describe('compiled evaluator equals mathjs compile() (differential)', () => {
  const models = [
    'b1*(1-exp(-b2*x))',
    'b1 - b2*x - atan(b3/(x-b4))/pi',
    '(b1/b2)*exp(-0.5*((x-b3)/b2)^2)',
    'b1*(b2+x)^(-1/b3)',
    '(b1 + b2*x + b3*x^2)/(1 + b4*x)',
    'b1*sqrt(x) + b2*log(x) + b3*abs(x - b4) + mod(x, b2 + 3)',
    'b1*sinh(x/10) + b2*cos(x)^2 + b3*x^3 - b4*square(x) + cube(b1)',
  ];
  it.each(models)('%s', (expr) => {
    const params = ['b1', 'b2', 'b3', 'b4'].filter((p) => expr.includes(p));
    const c = compileModel(expr, params, ['x']);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const ref = compile(expr);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: params.length, maxLength: params.length }),
        fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (pv, xs) => {
          const out = new Float64Array(xs.length);
          c.model.evaluate(Float64Array.from(pv), [Float64Array.from(xs)], xs.length, out);
          xs.forEach((xv, i) => {
            const scope: Record<string, number> = { x: xv };
            params.forEach((p, j) => (scope[p] = pv[j]!));
            const r = ref.evaluate(scope) as number;
            if (typeof r !== 'number' || !Number.isFinite(r)) return;
            expect(Math.abs(out[i]! - r)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r)));
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('symbolic gradient agrees with central differences', () => {
    const c = compileModel('b1*(b2+x)^(-1/b3) + b1*exp(-b2*x)', ['b1', 'b2', 'b3'], ['x']);
    const f = compileModel('b1*(b2+x)^(-1/b3) + b1*exp(-b2*x)', ['b1', 'b2', 'b3'], ['x'], 'finite-difference');
    if (!c.ok || !f.ok) throw new Error('compile');
    expect(c.model.jacobianMode).toBe('symbolic');
    const x = Float64Array.from([1, 2, 5, 10]);
    const p = Float64Array.from([-3, 0.7, 0.9]);
    const g1 = new Float64Array(12);
    const g2 = new Float64Array(12);
    c.model.gradient(p, [x], 4, g1);
    f.model.gradient(p, [x], 4, g2);
    g1.forEach((v, i) => expect(Math.abs(v - g2[i]!)).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))));
  });

  it('patches the removable singularity of d/dn xⁿ at x = 0', () => {
    const c = compileModel('H0 - k*x^n', ['H0', 'k', 'n'], ['x']);
    if (!c.ok) throw new Error('compile');
    const g = new Float64Array(9);
    c.model.gradient(Float64Array.from([50, 0.01, 2]), [Float64Array.from([0, 1, 2])], 3, g);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    expect(g[6]).toBeCloseTo(0, 12);
  });
});
