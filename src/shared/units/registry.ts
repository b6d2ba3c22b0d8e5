/**
 * The unit table. Each unit maps to its quantity's base unit by `base = value * factor + offset`.
 * Factors are exact definitions where one exists (NIST SP 811 / ISO 80000); comments say which.
 */

/** Physical quantities the workbench converts between. */
export type Quantity =
  | 'flow'
  | 'length'
  | 'pressure'
  | 'power'
  | 'speed'
  | 'frequency'
  | 'efficiency'
  | 'temperature'
  | 'energy';

/** Volumetric flow units. Base: m³/s. */
export type FlowUnit = 'm3/h' | 'm3/s' | 'L/s' | 'L/min' | 'gpm';
/** Length and head units. Base: m. */
export type LengthUnit = 'm' | 'ft';
/** Pressure units. Base: Pa. */
export type PressureUnit = 'bar' | 'kPa' | 'Pa' | 'MPa' | 'psi' | 'mH2O';
/** Power units. Base: W. */
export type PowerUnit = 'kW' | 'W' | 'hp';
/** Rotational speed units. Base: rpm. */
export type SpeedUnit = 'rpm';
/** Frequency units (e.g. VFD output). Base: Hz. */
export type FrequencyUnit = 'Hz';
/** Efficiency units. Base: fraction (0..1). */
export type EfficiencyUnit = '%' | 'fraction';
/** Temperature units (absolute temperatures, not differences). Base: K. */
export type TemperatureUnit = '°C' | '°F' | 'K';
/** Energy units. Base: J. */
export type EnergyUnit = 'kWh' | 'MWh' | 'J' | 'kJ' | 'MJ';

/** Any supported unit id. Ids are the canonical spellings shown in the UI. */
export type UnitId = FlowUnit | LengthUnit | PressureUnit | PowerUnit | SpeedUnit | FrequencyUnit | EfficiencyUnit | TemperatureUnit | EnergyUnit;

/** One row of the unit table. */
export type UnitInfo = {
  /** Canonical id, e.g. 'm3/h'. */
  id: UnitId;
  /** What the unit measures. */
  quantity: Quantity;
  /** Display label, e.g. 'm³/h'. */
  label: string;
  /** Long name for tooltips. */
  name: string;
  /** Multiply a value in this unit by `factor` (then add `offset`) to get the quantity's base unit. */
  factor: number;
  /** Added after scaling; non-zero only for °C and °F. */
  offset: number;
};

/** Standard gravity, m/s² (ISO 80000-3); defines the conventional metre of water and the horsepower. */
export const STANDARD_GRAVITY_M_S2 = 9.80665;
const US_GALLON_M3 = 3.785411784e-3; // exact by definition (231 in³)
const FOOT_M = 0.3048; // exact (international foot)
const POUND_KG = 0.45359237; // exact
const INCH_M = 0.0254; // exact
const PSI_PA = (POUND_KG * STANDARD_GRAVITY_M_S2) / (INCH_M * INCH_M); // 6894.757293168361 Pa
const MECHANICAL_HP_W = 550 * FOOT_M * POUND_KG * STANDARD_GRAVITY_M_S2; // 745.69987158227022 W
const CONVENTIONAL_MH2O_PA = 1000 * STANDARD_GRAVITY_M_S2; // 9806.65 Pa (water at 1000 kg/m³, g_n)

function u(id: UnitId, quantity: Quantity, label: string, name: string, factor: number, offset = 0): UnitInfo {
  return Object.freeze({ id, quantity, label, name, factor, offset });
}

/** Every unit, grouped by quantity in picker order (most common first). */
export const UNITS: readonly UnitInfo[] = Object.freeze([
  u('m3/h', 'flow', 'm³/h', 'cubic metres per hour', 1 / 3600),
  u('L/s', 'flow', 'L/s', 'litres per second', 1e-3),
  u('m3/s', 'flow', 'm³/s', 'cubic metres per second', 1),
  u('L/min', 'flow', 'L/min', 'litres per minute', 1e-3 / 60),
  u('gpm', 'flow', 'gpm (US)', 'US gallons per minute', US_GALLON_M3 / 60),
  u('m', 'length', 'm', 'metres', 1),
  u('ft', 'length', 'ft', 'feet', FOOT_M),
  u('bar', 'pressure', 'bar', 'bar', 1e5),
  u('kPa', 'pressure', 'kPa', 'kilopascals', 1e3),
  u('Pa', 'pressure', 'Pa', 'pascals', 1),
  u('MPa', 'pressure', 'MPa', 'megapascals', 1e6),
  u('psi', 'pressure', 'psi', 'pounds-force per square inch', PSI_PA),
  u('mH2O', 'pressure', 'mH₂O', 'conventional metres of water (9806.65 Pa)', CONVENTIONAL_MH2O_PA),
  u('kW', 'power', 'kW', 'kilowatts', 1e3),
  u('W', 'power', 'W', 'watts', 1),
  u('hp', 'power', 'hp', 'mechanical horsepower (745.7 W)', MECHANICAL_HP_W),
  u('rpm', 'speed', 'rpm', 'revolutions per minute', 1),
  u('Hz', 'frequency', 'Hz', 'hertz', 1),
  u('%', 'efficiency', '%', 'percent', 0.01),
  u('fraction', 'efficiency', '–', 'fraction (0..1)', 1),
  u('°C', 'temperature', '°C', 'degrees Celsius', 1, 273.15),
  u('°F', 'temperature', '°F', 'degrees Fahrenheit', 5 / 9, 273.15 - (32 * 5) / 9),
  u('K', 'temperature', 'K', 'kelvin', 1),
  u('kWh', 'energy', 'kWh', 'kilowatt-hours', 3.6e6),
  u('MWh', 'energy', 'MWh', 'megawatt-hours', 3.6e9),
  u('J', 'energy', 'J', 'joules', 1),
  u('kJ', 'energy', 'kJ', 'kilojoules', 1e3),
  u('MJ', 'energy', 'MJ', 'megajoules', 1e6),
]);

/** Base unit of each quantity. */
export const BASE_UNIT: Readonly<Record<Quantity, UnitId>> = Object.freeze({
  flow: 'm3/s',
  length: 'm',
  pressure: 'Pa',
  power: 'W',
  speed: 'rpm',
  frequency: 'Hz',
  efficiency: 'fraction',
  temperature: 'K',
  energy: 'J',
});

/** All quantities, in UI order. */
export const QUANTITIES: readonly Quantity[] = Object.freeze(['flow', 'length', 'pressure', 'power', 'speed', 'frequency', 'efficiency', 'temperature', 'energy']);

const BY_ID: ReadonlyMap<string, UnitInfo> = new Map(UNITS.map((x) => [x.id, x]));

/**
 * Alternative spellings accepted by parseUnit (CSV headers, PLC tags). Keys are lower-cased
 * with spaces removed.
 */
const ALIASES: Readonly<Record<string, UnitId>> = {
  'm3/h': 'm3/h', 'm³/h': 'm3/h', 'm^3/h': 'm3/h', 'cmh': 'm3/h', 'm3/hr': 'm3/h',
  'l/s': 'L/s', 'lps': 'L/s', 'm3/s': 'm3/s', 'm³/s': 'm3/s', 'm^3/s': 'm3/s',
  'l/min': 'L/min', 'lpm': 'L/min', 'gpm': 'gpm', 'usgpm': 'gpm', 'gal/min': 'gpm', 'gpm(us)': 'gpm',
  'm': 'm', 'ft': 'ft', 'feet': 'ft',
  'bar': 'bar', 'kpa': 'kPa', 'pa': 'Pa', 'mpa': 'MPa', 'psi': 'psi',
  'mh2o': 'mH2O', 'mh₂o': 'mH2O', 'mwc': 'mH2O', 'mws': 'mH2O',
  'kw': 'kW', 'w': 'W', 'hp': 'hp', 'rpm': 'rpm', 'r/min': 'rpm', '1/min': 'rpm', 'hz': 'Hz',
  '%': '%', 'percent': '%', 'fraction': 'fraction', '-': 'fraction', '–': 'fraction',
  '°c': '°C', 'degc': '°C', 'c': '°C', '℃': '°C', '°f': '°F', 'degf': '°F', 'f': '°F', '℉': '°F', 'k': 'K',
  'kwh': 'kWh', 'mwh': 'MWh', 'j': 'J', 'kj': 'kJ', 'mj': 'MJ',
};

/** The table row for a unit id, or undefined when the id is unknown. */
export function unitInfo(id: string): UnitInfo | undefined {
  return BY_ID.get(id);
}

/** True when `id` is a canonical unit id. */
export function isUnitId(id: string): id is UnitId {
  return BY_ID.has(id);
}

/** Canonical id for a loosely written unit ('m³/h', 'degC', 'PSI'), or undefined. */
export function parseUnit(text: string): UnitId | undefined {
  if (isUnitId(text)) return text;
  const key = text.replace(/\s+/g, '').toLowerCase();
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

/** Units of one quantity, in picker order. */
export function unitsFor(quantity: Quantity): readonly UnitInfo[] {
  return UNITS.filter((x) => x.quantity === quantity);
}
