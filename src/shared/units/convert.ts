/**
 * Unit conversion between units of the same quantity, and pressure <-> head for a given fluid.
 */
import { STANDARD_GRAVITY_M_S2, unitInfo, type PressureUnit, type UnitId, type UnitInfo } from './registry';

/** Thrown by `convert` for unknown or incompatible units. The message names both units. */
export class UnitConversionError extends Error {
  override readonly name = 'UnitConversionError';
}

/** A precompiled conversion `(valueInFrom) => valueInTo`. */
export type Converter = (value: number) => number;

/** Result of getConverter: the converter, or why there is none. */
export type ConverterResult = { ok: true; convert: Converter } | { ok: false; message: string };

function describeUnit(id: string, info: UnitInfo | undefined): string {
  return info ? `'${id}' (${info.quantity})` : `'${id}'`;
}

/**
 * A converter from `from` to `to`, checked once; use it in hot paths. Fails for unknown units
 * and for units of different quantities, e.g. "Cannot convert 'bar' (pressure) to 'm3/h' (flow)".
 */
export function getConverter(from: string, to: string): ConverterResult {
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (!a) return { ok: false, message: `Unknown unit '${from}'` };
  if (!b) return { ok: false, message: `Unknown unit '${to}'` };
  if (a.quantity !== b.quantity) {
    return { ok: false, message: `Cannot convert ${describeUnit(from, a)} to ${describeUnit(to, b)}: different quantities` };
  }
  if (a.id === b.id) return { ok: true, convert: (v) => v };
  const { factor: fa, offset: oa } = a;
  const { factor: fb, offset: ob } = b;
  if (oa === 0 && ob === 0) {
    const k = fa / fb;
    return { ok: true, convert: (v) => v * k };
  }
  return { ok: true, convert: (v) => (v * fa + oa - ob) / fb };
}

/**
 * Converts `value` from unit `from` to unit `to` (absolute values; temperatures are treated as
 * absolute temperatures, not differences). Throws UnitConversionError for unknown or
 * incompatible units.
 */
export function convert(value: number, from: UnitId, to: UnitId): number {
  const c = getConverter(from, to);
  if (!c.ok) throw new UnitConversionError(c.message);
  return c.convert(value);
}

/** True when a value in `from` can be converted to `to`. */
export function canConvert(from: string, to: string): boolean {
  return getConverter(from, to).ok;
}

function pressurePa(value: number, unit: PressureUnit): number {
  const info = unitInfo(unit);
  if (!info || info.quantity !== 'pressure') throw new UnitConversionError(`'${unit}' is not a pressure unit`);
  return value * info.factor;
}

function checkDensity(densityKgM3: number): void {
  if (!(densityKgM3 > 0) || !Number.isFinite(densityKgM3)) {
    throw new UnitConversionError(`Fluid density must be a positive number of kg/m³, got ${densityKgM3}`);
  }
}

/**
 * Head in metres of fluid column for a pressure (or pressure difference): H = p / (ρ g).
 * Unlike the 'mH2O' unit (conventional, ρ = 1000 kg/m³), this uses the actual fluid density.
 * @param pressure value in `unit`
 * @param densityKgM3 fluid density in kg/m³ (> 0), e.g. 998.2 for water at 20 °C
 */
export function pressureToHeadM(pressure: number, unit: PressureUnit, densityKgM3: number): number {
  checkDensity(densityKgM3);
  return pressurePa(pressure, unit) / (densityKgM3 * STANDARD_GRAVITY_M_S2);
}

/** Pressure in `unit` of a fluid column of `headM` metres: p = ρ g H. Inverse of pressureToHeadM. */
export function headMToPressure(headM: number, unit: PressureUnit, densityKgM3: number): number {
  checkDensity(densityKgM3);
  return (headM * densityKgM3 * STANDARD_GRAVITY_M_S2) / pressurePa(1, unit);
}
