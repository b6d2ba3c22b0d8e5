/**
 * Column detection (header text and sample values -> quantity and unit) and the converters that
 * turn source values into the dataset's storage units, including pressure -> head for a density.
 */
import { getConverter, parseUnit, pressureToHeadM, unitInfo, type PressureUnit, type Quantity, type UnitId } from '../units';
import { isMissingToken, parseNumber } from './number';
import { detectTimeFormat } from './timestamp';
import { STORAGE_UNITS, type ColumnMapping, type DataQuantity, type DatasetColumn, type DecimalSeparator, type TimeFormat } from './types';

/** Units of the registry's quantities that the data area maps onto its own quantities. */
const REGISTRY_QUANTITY: Partial<Record<DataQuantity, Quantity>> = {
  flow: 'flow',
  head: 'length',
  pressure: 'pressure',
  power: 'power',
  speed: 'speed',
  efficiency: 'efficiency',
  temperature: 'temperature',
};

/** Source units offered for a data quantity (unit picker options), most common first. */
export function sourceUnitsFor(quantity: DataQuantity): UnitId[] {
  const q = REGISTRY_QUANTITY[quantity];
  if (!q) return [];
  const ids: UnitId[] = [];
  for (const id of ['m3/h', 'L/s', 'm3/s', 'L/min', 'gpm', 'm', 'ft', 'bar', 'kPa', 'MPa', 'psi', 'Pa', 'mH2O', 'kW', 'W', 'hp', 'rpm', '%', 'fraction', '°C', '°F', 'K'] as UnitId[]) {
    if (unitInfo(id)?.quantity === q) ids.push(id);
  }
  return ids;
}

/** The data quantity a registry unit belongs to ('m' and 'ft' are head). */
export function quantityOfUnit(unit: UnitId): DataQuantity | undefined {
  const q = unitInfo(unit)?.quantity;
  if (q === 'length') return 'head';
  if (q === 'flow' || q === 'pressure' || q === 'power' || q === 'speed' || q === 'efficiency' || q === 'temperature') return q;
  return undefined;
}

// Keyword patterns on the header with its unit part removed; first match wins.
const KEYWORDS: Array<[RegExp, DataQuantity]> = [
  [/\b(time\s*stamp|timestamp|date\s*time|datetime|date|time|zeit|datum|horodatage|fecha)\b/i, 'time'],
  [/\b(eff|efficiency|eta|η|wirkungsgrad|rendement)\b/i, 'efficiency'],
  [/\b(flow|q|durchfluss|debit|débit|caudal|volume\s*flow)\b/i, 'flow'],
  [/\b(head|h|tdh|förderhöhe|hauteur)\b/i, 'head'],
  [/\b(speed|n|rpm|drehzahl|vitesse)\b/i, 'speed'],
  [/\b(power|p_?el|p_?shaft|leistung|puissance|kw)\b/i, 'power'],
  [/\b(pressure|press|p\d?|p_?(in|out|suct|disch|s|d)|druck|suction|discharge)\b/i, 'pressure'],
  [/\b(temp|temperature|t_?\w*)\b/i, 'temperature'],
];

/** Splits 'Flow [m3/h]', 'Flow (L/s)', 'Flow in m3/h', 'Q_m3h' or 'P1 bar' into a name and a unit. */
export function splitHeaderUnit(header: string): { name: string; unit: UnitId | undefined } {
  const h = header.trim();
  const bracket = /^(.*?)[\s_]*[[(]\s*([^\])]+?)\s*[\])]\s*$/.exec(h);
  if (bracket) {
    const unit = parseUnit(bracket[2] as string) ?? parseUnit((bracket[2] as string).replace(/^in\s+/i, ''));
    if (unit) return { name: (bracket[1] as string).trim() || h, unit };
  }
  const inUnit = /^(.*?)\s+in\s+(\S+)$/i.exec(h);
  if (inUnit) {
    const unit = parseUnit(inUnit[2] as string);
    if (unit) return { name: (inUnit[1] as string).trim(), unit };
  }
  const tail = /^(.*?)[\s_/,-]+([^\s_/,-]+(?:\/[^\s_/,-]+)?)$/.exec(h);
  if (tail) {
    const raw = tail[2] as string;
    const unit = parseUnit(raw) ?? (/^m3h$/i.test(raw) ? 'm3/h' : /^lps$/i.test(raw) ? 'L/s' : undefined);
    if (unit && (tail[1] as string).trim().length > 0) return { name: (tail[1] as string).trim(), unit };
  }
  return { name: h, unit: undefined };
}

/** What detection proposes for one source column. */
export type ColumnGuess = {
  quantity: DataQuantity;
  unit: UnitId | '';
  timeFormat?: TimeFormat;
  /** Share of samples that parse (numbers or timestamps), 0..1. */
  parseable: number;
  /** Why: which part of the header or the samples decided. */
  reason: string;
};

/** Default unit when a header names the quantity but no unit. */
const DEFAULT_SOURCE_UNIT: Partial<Record<DataQuantity, UnitId>> = { flow: 'm3/h', head: 'm', pressure: 'bar', power: 'kW', speed: 'rpm', efficiency: '%', temperature: '°C' };

/** Guesses quantity and unit of a source column from its header and sample values. */
export function guessColumn(header: string, samples: readonly string[], decimal: DecimalSeparator): ColumnGuess {
  const values = samples.filter((s) => !isMissingToken(s));
  const numeric = values.filter((s) => !Number.isNaN(parseNumber(s, decimal))).length;
  const parseableNum = values.length === 0 ? 0 : numeric / values.length;
  const { name, unit } = splitHeaderUnit(header);
  const keyword = KEYWORDS.find(([re]) => re.test(name.replace(/_/g, ' ')))?.[1];
  const time = detectTimeFormat(values, keyword === 'time');
  if (time && (keyword === 'time' || parseableNum < 0.5)) return { quantity: 'time', unit: '', timeFormat: time.format, parseable: time.coverage, reason: time.ambiguous ? `timestamps (${time.format}; day/month order ambiguous)` : `timestamps (${time.format})` };
  if (unit) {
    const q = quantityOfUnit(unit);
    if (q) {
      // 'mH2O' headers are pressure gauges reading in water column: treat as head directly.
      const quantity: DataQuantity = unit === 'mH2O' && keyword === 'head' ? 'head' : q;
      return { quantity, unit: quantity === 'head' && unit === 'mH2O' ? 'm' : unit, parseable: parseableNum, reason: `unit '${unit}' in header` };
    }
  }
  if (keyword && keyword !== 'time') {
    const fallback = DEFAULT_SOURCE_UNIT[keyword] ?? '';
    let u: UnitId | '' = fallback;
    if (keyword === 'efficiency') {
      // A column of fractions (all ≤ 1.5) is a fraction, not percent.
      const nums = values.map((s) => parseNumber(s, decimal)).filter((v) => Number.isFinite(v));
      if (nums.length > 0 && nums.every((v) => Math.abs(v) <= 1.5)) u = 'fraction';
    }
    return { quantity: keyword, unit: u, parseable: parseableNum, reason: `header word '${name}'${u ? `, unit assumed ${u}` : ''}` };
  }
  return { quantity: 'other', unit: '', parseable: parseableNum, reason: parseableNum > 0.5 ? 'numbers, quantity not recognised' : 'text column' };
}

/** A dataset column key from a display name: lower-case ASCII, digits and '_' (unique within `taken`). */
export function columnKey(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'col';
  let key = /^[0-9]/.test(base) ? `c_${base}` : base;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  taken.add(key);
  return key;
}

/** Result of valueConverter: the function from source value to storage value, or why there is none. */
export type ValueConverterResult = { ok: true; convert: (v: number) => number; storedAs: DataQuantity } | { ok: false; message: string };

/**
 * The conversion a mapped numeric column applies: source unit -> storage unit of its quantity;
 * pressure with `pressureAsHead` -> head in m for `densityKgM3`. Time and 'other' pass through.
 */
export function valueConverter(mapping: Pick<ColumnMapping, 'quantity' | 'unit' | 'pressureAsHead' | 'name'>, densityKgM3: number): ValueConverterResult {
  const { quantity, unit } = mapping;
  if (quantity === 'time' || quantity === 'other') return { ok: true, convert: (v) => v, storedAs: quantity };
  if (!unit) return { ok: false, message: `Column '${mapping.name}': choose a unit for ${quantity}` };
  if (quantity === 'pressure' && mapping.pressureAsHead) {
    if (!(densityKgM3 > 0 && densityKgM3 < 30_000)) return { ok: false, message: `Column '${mapping.name}': fluid density must be between 0 and 30000 kg/m³, got ${densityKgM3}` };
    const info = unitInfo(unit);
    if (info?.quantity !== 'pressure') return { ok: false, message: `Column '${mapping.name}': '${unit}' is not a pressure unit` };
    const perUnit = pressureToHeadM(1, unit as PressureUnit, densityKgM3);
    return { ok: true, convert: (v) => v * perUnit, storedAs: 'head' };
  }
  const target = STORAGE_UNITS[quantity];
  const c = getConverter(unit, target);
  if (!c.ok) return { ok: false, message: `Column '${mapping.name}': ${c.message}` };
  return { ok: true, convert: c.convert, storedAs: quantity };
}

/** The dataset column a mapping produces (after pressure -> head, the column is a head column in m). */
export function datasetColumnOf(mapping: ColumnMapping, storedAs: DataQuantity, sourceHeader: string): DatasetColumn {
  return { key: mapping.key, name: mapping.name, quantity: storedAs, unit: STORAGE_UNITS[storedAs], sourceColumn: sourceHeader };
}
