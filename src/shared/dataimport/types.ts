/**
 * Types of the data-import area: what a dataset column is, how a source column maps onto one,
 * and the dialect of a delimited text file.
 */
import type { UnitId } from '../units';

/**
 * What a dataset column measures. Values are stored in the project's storage unit for the
 * quantity (see STORAGE_UNITS): flow m³/h, head m, pressure bar, power kW, speed rpm,
 * efficiency fraction, time ms since the Unix epoch, temperature °C; 'other' is stored as read.
 */
export type DataQuantity = 'flow' | 'head' | 'pressure' | 'power' | 'speed' | 'efficiency' | 'time' | 'temperature' | 'other';

/** Every data quantity, in picker order. */
export const DATA_QUANTITIES: readonly DataQuantity[] = ['time', 'flow', 'head', 'pressure', 'power', 'speed', 'efficiency', 'temperature', 'other'];

/** The unit each quantity is stored in (the shared `datasets` format). 'time' is ms epoch, 'other' has no unit. */
export const STORAGE_UNITS: Readonly<Record<DataQuantity, string>> = {
  flow: 'm3/h',
  head: 'm',
  pressure: 'bar',
  power: 'kW',
  speed: 'rpm',
  efficiency: 'fraction',
  time: 'ms',
  temperature: '°C',
  other: '',
};

/**
 * One column of a stored dataset (one entry of `datasets.columns_json`). Values of the column
 * are stored in `unit` (the storage unit of `quantity`).
 */
export type DatasetColumn = {
  /** Stable key, unique in the dataset: lower-case letters, digits and '_' (e.g. 'flow', 'p_out'). */
  key: string;
  /** Display name, e.g. 'Flow' or the source header. */
  name: string;
  quantity: DataQuantity;
  /** Storage unit (STORAGE_UNITS[quantity]); '' for 'other'. */
  unit: string;
  /** Header (or 1-based column letter/number) of the source column it came from; '' for derived columns. */
  sourceColumn: string;
};

/** Decimal separator of numbers in a text file. */
export type DecimalSeparator = '.' | ',';

/** Character encodings the importer reads. */
export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const TEXT_ENCODINGS: readonly TextEncodingId[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Field delimiters the detector tries. */
export const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** How a delimited text file is written. */
export type CsvDialect = {
  encoding: TextEncodingId;
  /** One character: ',', ';', '\t' or '|' (any single character is accepted). */
  delimiter: string;
  decimal: DecimalSeparator;
  /** 1-based line number of the header row; 0 = the file has no header (columns are named by number). */
  headerRow: number;
};

/**
 * Timestamp formats the importer understands. 'iso' = ISO 8601 / RFC 3339 (with 'T' or space);
 * 'dmy'/'mdy'/'ymd' = numeric dates with '.', '/' or '-' separators and an optional time;
 * 'epoch-s'/'epoch-ms' = Unix time in seconds / milliseconds; 'excel' = Excel serial day number
 * (days since 1899-12-30).
 */
export type TimeFormat = 'iso' | 'dmy' | 'mdy' | 'ymd' | 'epoch-s' | 'epoch-ms' | 'excel';
export const TIME_FORMATS: readonly TimeFormat[] = ['iso', 'dmy', 'mdy', 'ymd', 'epoch-s', 'epoch-ms', 'excel'];

/** How timestamps without a zone offset are read: as UTC, or as local time of the machine parsing them. */
export type NaiveTimeZone = 'utc' | 'local';

/**
 * How one source column becomes one dataset column. Source columns without a mapping (or with
 * `include: false`) are skipped.
 */
export type ColumnMapping = {
  /** 0-based index of the source column (field position in the row). */
  sourceIndex: number;
  include: boolean;
  /** Dataset column key (unique); derived from the name when empty. */
  key: string;
  /** Display name. */
  name: string;
  /** What the source column measures ('pressure' can be stored as head, see `pressureAsHead`). */
  quantity: DataQuantity;
  /** Unit of the source values (a UnitId of the quantity), '' for time/other. */
  unit: UnitId | '';
  /** For time columns: the format; detected when undefined. */
  timeFormat?: TimeFormat;
  /** For pressure columns: store as head in m using the import's fluid density. */
  pressureAsHead?: boolean;
};

/** One rejected source row: where and why. */
export type InvalidRow = {
  /** 1-based line number in the file (XLSX: the sheet's row number). */
  line: number;
  /** Every problem found in the row, e.g. "Flow [m3/h]: 'abc' is not a number". */
  reasons: string[];
  /** The row's text (fields joined by the delimiter), cut to 200 characters. */
  text: string;
};
