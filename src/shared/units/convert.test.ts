import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canConvert, convert, getConverter, headMToPressure, pressureToHeadM, UnitConversionError } from './convert';
import { BASE_UNIT, QUANTITIES, UNITS, isUnitId, parseUnit, unitsFor, type UnitId } from './registry';

describe('convert', () => {
  it.each<[number, UnitId, UnitId, number]>([
    [3600, 'm3/h', 'm3/s', 1],
    [1, 'L/s', 'm3/h', 3.6],
    [60, 'L/min', 'L/s', 1],
    [100, 'gpm', 'm3/h', 22.712470704],
    [1, 'ft', 'm', 0.3048],
    [1, 'bar', 'kPa', 100],
    [1, 'psi', 'Pa', 6894.757293168361],
    [10, 'mH2O', 'bar', 0.980665],
    [1, 'MPa', 'bar', 10],
    [1, 'hp', 'W', 745.6998715822702],
    [1, 'kW', 'W', 1000],
    [85, '%', 'fraction', 0.85],
    [0, '°C', 'K', 273.15],
    [100, '°C', '°F', 212],
    [-40, '°F', '°C', -40],
    [1, 'kWh', 'J', 3.6e6],
    [1, 'MWh', 'kWh', 1000],
    [1450, 'rpm', 'rpm', 1450],
    [50, 'Hz', 'Hz', 50],
  ])('%d %s = %d %s', (value, from, to, expected) => {
    expect(convert(value, from, to)).toBeCloseTo(expected, 9);
  });

  it('rejects incompatible and unknown units with a clear message', () => {
    expect(() => convert(1, 'bar', 'm3/h')).toThrow(UnitConversionError);
    expect(() => convert(1, 'bar', 'm3/h')).toThrow("Cannot convert 'bar' (pressure) to 'm3/h' (flow): different quantities");
    expect(() => convert(1, 'rpm', 'Hz')).toThrow(/speed.*frequency/);
    expect(getConverter('furlong', 'm')).toEqual({ ok: false, message: "Unknown unit 'furlong'" });
    expect(canConvert('kW', 'hp')).toBe(true);
    expect(canConvert('kW', 'kWh')).toBe(false);
  });

  it('round-trips every pair of compatible units (property)', () => {
    const pairArb = fc.constantFrom(...QUANTITIES).chain((q) => {
      const ids = unitsFor(q).map((x) => x.id);
      return fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
    });
    fc.assert(
      fc.property(pairArb, fc.double({ min: -1e9, max: 1e9, noNaN: true }), ([a, b], x) => {
        const back = convert(convert(x, a, b), b, a);
        // Temperatures have offsets (e.g. 273.15): the error scales with the offset, not with x.
        expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(x), 1000));
      }),
      { numRuns: 2000, seed: 17 },
    );
  });

  it('is transitive through the base unit (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNITS), fc.constantFrom(...UNITS), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b, x) => {
        fc.pre(a.quantity === b.quantity);
        const base = BASE_UNIT[a.quantity];
        const direct = convert(x, a.id, b.id);
        const viaBase = convert(convert(x, a.id, base), base, b.id);
        expect(Math.abs(direct - viaBase)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(direct), 1000));
      }),
      { numRuns: 2000, seed: 18 },
    );
  });
});

describe('pressure and head', () => {
  it('converts pressure to head for a given fluid density', () => {
    // 1 bar of water at 998.2 kg/m³ is about 10.2157 m.
    expect(pressureToHeadM(1, 'bar', 998.2)).toBeCloseTo(1e5 / (998.2 * 9.80665), 12);
    // By definition 1 mH2O is exactly 1 m of water at 1000 kg/m³.
    expect(pressureToHeadM(1, 'mH2O', 1000)).toBeCloseTo(1, 12);
    expect(pressureToHeadM(14.5038, 'psi', 1000)).toBeCloseTo(10.197, 3);
    expect(() => pressureToHeadM(1, 'bar', 0)).toThrow(UnitConversionError);
    expect(() => pressureToHeadM(1, 'm' as never, 1000)).toThrow("'m' is not a pressure unit");
  });

  it('headMToPressure inverts pressureToHeadM (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...unitsFor('pressure').map((x) => x.id)), fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: 500, max: 2000, noNaN: true }), (unit, p, rho) => {
        const u = unit as Parameters<typeof pressureToHeadM>[1];
        const back = headMToPressure(pressureToHeadM(p, u, rho), u, rho);
        expect(Math.abs(back - p)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(p), 1));
      }),
      { numRuns: 500, seed: 19 },
    );
  });
});

describe('unit table', () => {
  it('lists units per quantity for pickers, base unit first-class', () => {
    expect(unitsFor('flow').map((u) => u.id)).toEqual(['m3/h', 'L/s', 'm3/s', 'L/min', 'gpm']);
    expect(unitsFor('temperature').map((u) => u.id)).toEqual(['°C', '°F', 'K']);
    for (const q of QUANTITIES) expect(unitsFor(q).some((u) => u.id === BASE_UNIT[q])).toBe(true);
    expect(new Set(UNITS.map((u) => u.id)).size).toBe(UNITS.length);
  });

  it('parses loose spellings', () => {
    expect(parseUnit('m³/h')).toBe('m3/h');
    expect(parseUnit('M3/H')).toBe('m3/h');
    expect(parseUnit('degC')).toBe('°C');
    expect(parseUnit('PSI')).toBe('psi');
    expect(parseUnit('mWC')).toBe('mH2O');
    expect(parseUnit('kwh')).toBe('kWh');
    expect(parseUnit('bogus')).toBeUndefined();
    expect(parseUnit('__proto__')).toBeUndefined();
    expect(isUnitId('L/s')).toBe(true);
    expect(isUnitId('l/s')).toBe(false);
  });
});
