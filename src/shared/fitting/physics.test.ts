import { describe, expect, it } from 'vitest';
import { hydraulicPowerKw } from '../hydraulics/power';
import { checkPumpCurves } from './physics';

const head = (q: number) => 50 - 0.002 * q * q;
const eta = (q: number) => 0.016 * q - 8e-5 * q * q; // peak 0.8 at 100 m³/h

describe('checkPumpCurves', () => {
  it('accepts a physically sound set of curves', () => {
    const q = [20, 60, 100, 140];
    const h = q.map(head);
    const e = q.map(eta);
    const p = q.map((v, i) => hydraulicPowerKw(v, h[i]!) / e[i]!);
    const w = checkPumpCurves({
      flowRangeM3h: [10, 150],
      head,
      efficiency: eta,
      powerKw: (v) => hydraulicPowerKw(v, head(v)) / eta(v),
      measured: { flowM3h: q, headM: h, efficiency: e, powerKw: p },
    });
    expect(w).toEqual([]);
  });

  it('warns when head rises with flow', () => {
    const w = checkPumpCurves({ flowRangeM3h: [0, 100], head: (q) => 40 + 0.05 * q - 0.002 * q * q });
    expect(w.map((x) => x.code)).toContain('head-rises-with-flow');
  });

  it('warns about efficiency above 1, several peaks, and a peak outside the range', () => {
    expect(checkPumpCurves({ flowRangeM3h: [0, 150], efficiency: (q) => 0.02 * q - 8e-5 * q * q }).map((x) => x.code)).toContain('efficiency-out-of-range');
    expect(checkPumpCurves({ flowRangeM3h: [0, 100], efficiency: (q) => 0.5 + 0.2 * Math.sin(q / 8) }).map((x) => x.code)).toContain('efficiency-several-peaks');
    expect(checkPumpCurves({ flowRangeM3h: [0, 50], efficiency: eta }).map((x) => x.code)).toContain('efficiency-peak-outside-range');
  });

  it('warns about non-positive power and inconsistent η, ρgQH/P', () => {
    const w = checkPumpCurves({
      flowRangeM3h: [0, 100],
      powerKw: (q) => q / 10 - 1,
      measured: { flowM3h: [100], headM: [40], efficiency: [0.8], powerKw: [30] },
    });
    const codes = w.map((x) => x.code);
    expect(codes).toContain('power-not-positive');
    expect(codes).toContain('efficiency-inconsistent-with-power');
  });
});
