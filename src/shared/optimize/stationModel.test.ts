import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headAtSpeed } from '../hydraulics/affinity';
import { evalPoly } from '../hydraulics/station';
import { randomStation } from './randomStation';
import { compileStation, flowAtSpeed, pumpWindow, speedForFlow } from './stationModel';

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
});
