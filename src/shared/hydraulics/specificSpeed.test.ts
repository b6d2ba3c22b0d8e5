import { describe, expect, it } from 'vitest';
import { impellerTypeFromNq, specificSpeedDimensionless, specificSpeedNq } from './specificSpeed';

describe('specific speed', () => {
  it('n_q = n·√Q/H^0.75 with Q in m³/s', () => {
    // 1450 rpm, 360 m³/h = 0.1 m³/s, 30 m: 1450·√0.1 / 30^0.75
    expect(specificSpeedNq(1450, 360, 30)).toBeCloseTo((1450 * Math.sqrt(0.1)) / 30 ** 0.75, 10);
    expect(specificSpeedNq(1450, 360, 30)).toBeCloseTo(35.77, 2);
  });

  it('divides flow by the eyes and head by the stages', () => {
    const single = specificSpeedNq(2900, 180, 40);
    expect(specificSpeedNq(2900, 360, 40, { doubleSuction: true })).toBeCloseTo(single, 10);
    expect(specificSpeedNq(2900, 180, 120, { stages: 3 })).toBeCloseTo(single, 10);
  });

  it('dimensionless ω_s ≈ n_q / 52.9', () => {
    const nq = specificSpeedNq(1450, 360, 30);
    expect(specificSpeedDimensionless(1450, 360, 30)).toBeCloseTo(nq / 52.9, 2);
  });

  it('is NaN for non-positive inputs and classifies impellers', () => {
    expect(specificSpeedNq(0, 100, 10)).toBeNaN();
    expect(specificSpeedNq(1450, 100, -1)).toBeNaN();
    expect(impellerTypeFromNq(25)).toBe('radial');
    expect(impellerTypeFromNq(100)).toBe('mixed-flow');
    expect(impellerTypeFromNq(220)).toBe('axial');
  });
});
