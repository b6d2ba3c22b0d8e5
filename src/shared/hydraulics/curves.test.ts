import { describe, expect, it } from 'vitest';
import { evaluateCurve, operatingPoint, systemHeadM } from './curves';

describe('curves', () => {
  it('evaluates polynomial curves by Horner', () => {
    expect(evaluateCurve({ coefficients: [50, 0.01, -0.002], flowRangeM3h: [0, 150] }, 100)).toBeCloseTo(50 + 1 - 20, 12);
  });

  it('finds the operating point of a pump and a system curve', () => {
    const pump = (q: number) => 50 - 0.002 * q * q;
    const sys = { staticHeadM: 20, k: 0.001 };
    const op = operatingPoint(pump, (q) => systemHeadM(sys, q), [0, 200])!;
    expect(op.flowM3h).toBeCloseTo(100, 6); // 50 − 0.002Q² = 20 + 0.001Q² → Q = 100
    expect(op.headM).toBeCloseTo(30, 6);
  });

  it('returns undefined when the curves do not cross in the range', () => {
    expect(operatingPoint(() => 10, () => 20, [0, 100])).toBeUndefined();
  });
});
