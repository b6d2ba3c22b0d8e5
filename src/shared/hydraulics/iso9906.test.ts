import { describe, expect, it } from 'vitest';
import { ISO9906_TOLERANCES, checkIso9906 } from './iso9906';

const head = (q: number) => 50 - 0.002 * q * q; // H(100) = 30
const eta = (q: number) => 0.016 * q - 8e-5 * q * q; // η(100) = 0.8
const curves = { headM: head, efficiency: eta, powerKw: (q: number) => 8 + 0.05 * q, flowRangeM3h: [0, 150] as [number, number] };

describe('ISO 9906:2012 acceptance', () => {
  it('tolerance table has all six grades with the documented 1B values', () => {
    expect(Object.keys(ISO9906_TOLERANCES).sort()).toEqual(['1B', '1E', '1U', '2B', '2U', '3B']);
    expect(ISO9906_TOLERANCES['1B']).toEqual({ flowMinus: 0.05, flowPlus: 0.05, headMinus: 0.03, headPlus: 0.03, powerPlus: 0.04, efficiencyMinus: 0.03 });
  });

  it('passes a curve through the guarantee point and reports the cross', () => {
    const r = checkIso9906(curves, { flowM3h: 100, headM: 30, efficiency: 0.8 }, '2B');
    expect(r.pass).toBe(true);
    expect(r.headFlow.touches).toBe('both');
    expect(r.cross).toMatchObject({ flowMinM3h: 92, flowMaxM3h: 108, headMinM: 28.5, headMaxM: 31.5 });
    expect(r.evaluationPoint!.flowM3h).toBeCloseTo(100, 6);
    expect(r.efficiency!.requiredMin).toBeCloseTo(0.76, 12);
  });

  it('passes on the horizontal bar alone when the head at Q_G is out of tolerance', () => {
    // H_G = 31.5 m at Q_G = 100: H(100) = 30 is −4.8 % (outside ±3 %), but H = 31.5 at
    // Q = √9250 = 96.18 m³/h, inside 95–105 m³/h.
    const r = checkIso9906(curves, { flowM3h: 100, headM: 31.5 }, '1B');
    expect(r.pass).toBe(true);
    expect(r.headFlow.touches).toBe('horizontal');
    expect(r.headFlow.flowsAtGuaranteeHeadM3h[0]!).toBeCloseTo(Math.sqrt(9250), 6);
  });

  it('fails when the curve misses the cross, with a plain-language message', () => {
    const r = checkIso9906(curves, { flowM3h: 100, headM: 36 }, '1B');
    expect(r.pass).toBe(false);
    expect(r.headFlow.touches).toBe('none');
    expect(r.messages.join(' ')).toMatch(/Head and flow fail/);
  });

  it('unilateral grade 1U: a curve below the guarantee fails even if close', () => {
    const r = checkIso9906(curves, { flowM3h: 100, headM: 30.3 }, '1U'); // H(100)=30 < 30.3, no minus tolerance
    expect(r.headFlow.pass).toBe(false);
    const ok = checkIso9906(curves, { flowM3h: 100, headM: 29.5 }, '1U'); // H(100) = 30 ≤ 29.5·1.06
    expect(ok.headFlow.pass).toBe(true);
  });

  it('checks efficiency at the intersection with the line through the origin', () => {
    const low = checkIso9906(curves, { flowM3h: 100, headM: 30, efficiency: 0.85 }, '1E');
    expect(low.efficiency!.pass).toBe(false);
    expect(low.pass).toBe(false);
    const grade2 = checkIso9906(curves, { flowM3h: 100, headM: 30, efficiency: 0.83 }, '2B'); // needs ≥ 0.7885
    expect(grade2.efficiency!.pass).toBe(true);
  });

  it('checks power against P_G(1 + t_P) and accepts custom tolerances', () => {
    const r = checkIso9906(curves, { flowM3h: 100, headM: 30, powerKw: 12.5 }, '1B'); // P(100) = 13 ≤ 13.0
    expect(r.power!.pass).toBe(true);
    const tight = checkIso9906(curves, { flowM3h: 100, headM: 30, powerKw: 12.5 }, { ...ISO9906_TOLERANCES['1B'], powerPlus: 0.01 });
    expect(tight.power!.pass).toBe(false);
    expect(tight.grade).toBeUndefined();
    expect(tight.tolerances.powerPlus).toBe(0.01);
  });

  it('rejects a non-positive guarantee point without throwing', () => {
    const r = checkIso9906(curves, { flowM3h: 0, headM: 30 }, '2B');
    expect(r.pass).toBe(false);
  });
});
