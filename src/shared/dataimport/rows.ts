/**
 * Row conversion: source fields (CSV text or spreadsheet cells) -> one typed row in storage
 * units, or the reasons the row is invalid. Pure and allocation-light: the importer calls it a
 * million times.
 */
import { columnKey, datasetColumnOf, valueConverter } from './columns';
import { isMissingToken, parseNumber } from './number';
import { excelSerialToMs, parseTimestamp } from './timestamp';
import type { ColumnMapping, DatasetColumn, DecimalSeparator, NaiveTimeZone, TimeFormat } from './types';

/** Options of a RowConverter. */
export type RowConverterOptions = {
  mappings: readonly ColumnMapping[];
  /** Source headers by position (names used in error reasons and `sourceColumn`). */
  headers: readonly string[];
  decimal: DecimalSeparator;
  /** Fluid density for pressure -> head, kg/m³. */
  densityKgM3: number;
  zone: NaiveTimeZone;
  /** Fields every row must have (CSV); undefined = no check (spreadsheets). */
  expectedFields?: number;
};

type Compiled = { index: number; name: string; time: TimeFormat | undefined; convert: (v: number) => number };

/** Thrown by the RowConverter constructor for a mapping that cannot work (unit mismatch, bad density). */
export class MappingError extends Error {
  override readonly name = 'MappingError';
}

const MAX_CELL_IN_REASON = 40;

/** Format names in error reasons ("… is not an ISO 8601 timestamp"). */
const FORMAT_PHRASE: Record<TimeFormat, string> = {
  iso: 'an ISO 8601 timestamp',
  dmy: 'a day.month.year timestamp',
  mdy: 'a month/day/year timestamp',
  ymd: 'a year/month/day timestamp',
  'epoch-s': 'a Unix time in seconds',
  'epoch-ms': 'a Unix time in milliseconds',
  excel: 'an Excel serial date',
};

function show(text: string): string {
  const s = text.length > MAX_CELL_IN_REASON ? `${text.slice(0, MAX_CELL_IN_REASON)}…` : text;
  return `'${s}'`;
}

/** A cell of an ExcelJS row: formula results, rich text and hyperlinks reduced to their value. */
function cellValue(cell: unknown): unknown {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell !== 'object' || cell instanceof Date) return cell;
  const o = cell as { result?: unknown; richText?: Array<{ text: string }>; text?: unknown; error?: unknown };
  if ('result' in o) return cellValue(o.result);
  if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
  if (o.error !== undefined) return String(o.error);
  if (o.text !== undefined) return cellValue(o.text);
  return String(cell);
}

/** Converts source rows to storage-unit rows following column mappings. */
export class RowConverter {
  /** The dataset columns produced, in output order. */
  readonly columns: DatasetColumn[];
  private readonly compiled: Compiled[];
  private readonly decimal: DecimalSeparator;
  private readonly zone: NaiveTimeZone;
  private readonly expectedFields: number | undefined;

  constructor(options: RowConverterOptions) {
    this.decimal = options.decimal;
    this.zone = options.zone;
    this.expectedFields = options.expectedFields;
    const taken = new Set<string>();
    this.columns = [];
    this.compiled = [];
    const included = options.mappings.filter((m) => m.include);
    if (included.length === 0) throw new MappingError('Choose at least one column to import');
    for (const m of included) {
      if (!Number.isInteger(m.sourceIndex) || m.sourceIndex < 0) throw new MappingError(`Column '${m.name}': bad source index ${m.sourceIndex}`);
      const c = valueConverter(m, options.densityKgM3);
      if (!c.ok) throw new MappingError(c.message);
      if (m.quantity === 'time' && !m.timeFormat) throw new MappingError(`Column '${m.name}': choose a timestamp format`);
      const key = m.key && !taken.has(m.key) && /^[a-z][a-z0-9_]{0,63}$/.test(m.key) ? (taken.add(m.key), m.key) : columnKey(m.name || `col ${m.sourceIndex + 1}`, taken);
      const header = options.headers[m.sourceIndex] ?? `column ${m.sourceIndex + 1}`;
      this.columns.push(datasetColumnOf({ ...m, key }, c.storedAs, header));
      this.compiled.push({ index: m.sourceIndex, name: m.name || header, time: m.quantity === 'time' ? m.timeFormat : undefined, convert: c.convert });
    }
  }

  /**
   * Converts one row into `out` (length = columns.length; NaN = missing). Returns undefined when
   * the row is valid, else the reasons it is not. Never throws.
   */
  convert(fields: readonly unknown[], out: Float64Array): string[] | undefined {
    let reasons: string[] | undefined;
    const n = fields.length;
    if (this.expectedFields !== undefined && n !== this.expectedFields) {
      // A trailing delimiter (one extra empty field) is common in logger exports and harmless.
      const trailingEmpty = n === this.expectedFields + 1 && String(fields[n - 1] ?? '').trim() === '';
      if (!trailingEmpty) return [`expected ${this.expectedFields} fields, found ${n}`];
    }
    let present = 0;
    for (let c = 0; c < this.compiled.length; c++) {
      const col = this.compiled[c] as Compiled;
      const cell = fields[col.index];
      let v: number;
      if (typeof cell === 'string' && cell.length > 0) {
        // Fast path for CSV text (the common case by far).
        v = col.time ? parseTimestamp(cell, col.time, this.zone) : parseNumber(cell, this.decimal);
        if (!Number.isNaN(v)) {
          if (!col.time) v = col.convert(v);
          if (Number.isFinite(v)) {
            out[c] = v;
            present++;
            continue;
          }
        }
      }
      const raw = cellValue(cell);
      if (raw === undefined || (typeof raw === 'string' && isMissingToken(raw))) {
        if (col.time) (reasons ??= []).push(`${col.name}: missing timestamp`);
        out[c] = NaN;
        continue;
      }
      if (col.time) {
        v = this.parseTime(raw, col.time);
        if (Number.isNaN(v)) {
          (reasons ??= []).push(`${col.name}: ${show(String(raw instanceof Date ? raw.toISOString() : raw))} is not ${FORMAT_PHRASE[col.time]}`);
          continue;
        }
      } else {
        v = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? (raw ? 1 : 0) : raw instanceof Date ? NaN : parseNumber(String(raw), this.decimal);
        if (Number.isNaN(v)) {
          (reasons ??= []).push(`${col.name}: ${show(String(raw instanceof Date ? raw.toISOString() : raw))} is not a number${typeof raw === 'string' ? ` (decimal '${this.decimal}')` : ''}`);
          continue;
        }
        v = col.convert(v);
        if (!Number.isFinite(v)) {
          (reasons ??= []).push(`${col.name}: ${show(String(raw))} is out of range`);
          continue;
        }
      }
      out[c] = v;
      present++;
    }
    if (reasons) return reasons;
    if (present === 0) return ['no values'];
    return undefined;
  }

  private parseTime(raw: unknown, format: TimeFormat): number {
    if (raw instanceof Date) {
      const t = raw.getTime();
      // Spreadsheet dates are naive: ExcelJS hands them over as if UTC.
      return this.zone === 'utc' || Number.isNaN(t) ? t : excelSerialToMs(t / 86_400_000 + 25569, 'local');
    }
    if (typeof raw === 'number') {
      if (format === 'excel') return excelSerialToMs(raw, this.zone);
      if (format === 'epoch-s') return raw * 1000;
      if (format === 'epoch-ms') return raw;
      return NaN;
    }
    return parseTimestamp(String(raw), format, this.zone);
  }
}

/** The row's fields as text for the invalid-rows report (joined by `delimiter`, cut to 200 characters). */
export function rowText(fields: readonly unknown[], delimiter: string): string {
  const s = fields.map((f) => {
    const v = cellValue(f);
    return v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  }).join(delimiter);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
