import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headAtSpeed } from '../hydraulics/affinity';
import { evalPoly } from '../hydraulics/station';
import { randomStation } from './randomStation';
import { compileStation, flowAtSpeed, pumpWindow, quadraticRootIn, speedForFlow } from './stationModel';
import { brent } from './roots';

const model = compileStation(randomStation(5, { pumps: 3, variableSpeed: 3 }));

describe('stationModel', () => {
  it('flowAtSpeed puts the pump on the affinity-scaled curve at the given head', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 10, max: 40, noNaN: true }), (i, u, headM) => {
        const p = model.pumps[i]!;
        const w = pumpWindow(p, headM);
        if (!w.feasible) return;
        const s = w.sLo + u * (w.sHi - w.sLo);
        const q = flowAtSpeed(p, headM, s);
        expect(headAtSpeed((x) => evalPoly(p.headCoeffs, x), q, s)).toBeCloseTo(headM, 8);
        // Inside the speed-scaled flow window.
        expect(q).toBeGreaterThanOrEqual(s * p.qMin * (1 - 1e-9));
        expect(q).toBeLessThanOrEqual(s * p.qMax * (1 + 1e-9));
      }),
    );
  });

  it('speedForFlow inverts flowAtSpeed within the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 10, max: 40, noNaN: true }), (i, u, headM) => {
        const p = model.pumps[i]!;
        const w = pumpWindow(p, headM);
        if (!w.feasible) return;
        const target = w.flowLoM3h + u * (w.flowHiM3h - w.flowLoM3h);
        const { speedRatio } = speedForFlow(p, w, headM, target);
        expect(speedRatio).toBeGreaterThanOrEqual(w.sLo - 1e-12);
        expect(speedRatio).toBeLessThanOrEqual(w.sHi + 1e-12);
        expect(flowAtSpeed(p, headM, speedRatio)).toBeCloseTo(target, 6);
      }),
    );
  });

  it('flow grows with speed at a fixed head', () => {
    const p = model.pumps[0]!;
    const w = pumpWindow(p, 25);
    expect(w.feasible).toBe(true);
    let prev = -Infinity;
    for (let k = 0; k <= 20; k++) {
      const q = flowAtSpeed(p, 25, w.sLo + ((w.sHi - w.sLo) * k) / 20);
      expect(q).toBeGreaterThan(prev);
      prev = q;
    }
  });

  it('a fixed-speed pump has a window only where its rated curve reaches the head', () => {
    const fixed = compileStation(randomStation(5, { pumps: 2, variableSpeed: 0 })).pumps[0]!;
    const inside = pumpWindow(fixed, 0.5 * (fixed.hAtQMin + fixed.hAtQMax));
    expect(inside).toMatchObject({ feasible: true, sLo: 1, sHi: 1 });
    expect(pumpWindow(fixed, fixed.hAtQMin * 1.01).feasible).toBe(false);
    expect(pumpWindow(fixed, fixed.hAtQMax * 0.99).feasible).toBe(false);
  });

  it('finds the best-efficiency flow of a parabolic efficiency curve', () => {
    for (const p of model.pumps) {
      // η = ηmax(2x − x²) peaks at the vertex −c1 / (2 c2).
      const vertex = -p.effCoeffs[1]! / (2 * p.effCoeffs[2]!);
      expect(p.qBep).toBeCloseTo(vertex, 4);
    }
  });

  it('quadraticRootIn agrees with a bracketed solve and rejects roots outside the interval', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e-3, max: -1e-6, noNaN: true }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, u) => {
        // Decreasing on [lo, hi] for the chosen coefficients; pick a level between its end values.
        const lo = Math.max(0, b / (-2 * a)) + 1;
        const hi = lo + 300;
        const f = (x: number) => 60 + b * x + a * x * x;
        const level = f(hi) + u * (f(lo) - f(hi));
        const x = quadraticRootIn(a, b, 60 - level, lo, hi);
        const ref = brent((y) => f(y) - level, lo, hi, 1e-12).x;
        expect(x).toBeCloseTo(ref, 6);
      }),
    );
    expect(quadraticRootIn(-1, 0, 1, 2, 3)).toBeNaN();
    expect(quadraticRootIn(0, -2, 4, 0, 5)).toBe(2);
  });

  it('non-quadratic (cubic) head curves use the bracketed solver with the same result', () => {
    const st = randomStation(6, { pumps: 1, variableSpeed: 1 });
    const pump = st.pumps[0]!;
    // Add a small cubic term that keeps the curve decreasing over the window.
    const [c0, c1, c2] = pump.head.coeffs as [number, number, number];
    pump.head.coeffs = [c0, c1, c2 * 0.8, (c2 * 0.2) / pump.flowRange[1]];
    const p = compileStation(st).pumps[0]!;
    const headM = 0.5 * (p.hAtQMin + p.hAtQMax) * 0.8;
    const w = pumpWindow(p, headM);
    expect(w.feasible).toBe(true);
    const s = 0.5 * (w.sLo + w.sHi);
    const q = flowAtSpeed(p, headM, s);
    expect(headAtSpeed((x) => evalPoly(p.headCoeffs, x), q, s)).toBeCloseTo(headM, 8);
    expect(speedForFlow(p, w, headM, q).speedRatio).toBeCloseTo(s, 8);
  });
});
