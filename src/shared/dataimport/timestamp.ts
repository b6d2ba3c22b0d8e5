/**
 * Timestamp parsing for logger and spreadsheet exports. Every format yields milliseconds since
 * the Unix epoch; text without a zone offset is read as UTC or as local time of the parsing
 * machine (`NaiveTimeZone`). Strict: out-of-range fields (month 13, 31 April, minute 60) are
 * invalid, never rolled over.
 */
import { parseNumber } from './number';
import type { NaiveTimeZone, TimeFormat } from './types';

const TIME = String.raw`(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|[+-]\d{2}:?\d{2})?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})([./-])(\d{1,2})\2(\d{1,2})${TIME}$`);

/** Days between the Excel epoch (1899-12-30, accounting for Excel's 1900 leap-year bug) and 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 70 ? 2000 + y : 1900 + y; // two-digit years: 00-69 -> 2000s, 70-99 -> 1900s (POSIX strptime rule)
}

/** ms epoch from calendar fields, or NaN when a field is out of range. */
function compose(y: number, mo: number, d: number, time: (string | undefined)[], zone: NaiveTimeZone): number {
  const [hs, mis, ss, frac, ampm, offset] = time;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let h = hs === undefined ? 0 : Number(hs);
  const mi = mis === undefined ? 0 : Number(mis);
  const s = ss === undefined ? 0 : Number(ss);
  if (ampm) {
    if (h < 1 || h > 12) return NaN;
    const pm = ampm.toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || mi > 59 || s > 59) return NaN;
  const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    if (offMin > 14 * 60) return NaN;
    return Date.UTC(y, mo - 1, d, h, mi, s) + ms - sign * offMin * 60_000;
  }
  if (offset === undefined && time[5] === undefined && zone === 'local') return new Date(y, mo - 1, d, h, mi, s).getTime() + ms;
  return Date.UTC(y, mo - 1, d, h, mi, s) + ms;
}

/** Offset 'Z' means UTC; compose() treats a missing offset per `zone`. */
function composeZ(y: number, mo: number, d: number, m: RegExpExecArray, first: number, zone: NaiveTimeZone): number {
  const time = [m[first], m[first + 1], m[first + 2], m[first + 3], m[first + 4], m[first + 5]];
  if (time[5] === 'Z' || time[5] === 'z') return compose(y, mo, d, [...time.slice(0, 5), '+00:00'], zone);
  return compose(y, mo, d, time, zone);
}

/**
 * Parses `text` as a timestamp in `format`; NaN when it does not match. Never throws.
 * @param zone how to read times without an offset (default 'utc')
 */
export function parseTimestamp(text: string, format: TimeFormat, zone: NaiveTimeZone = 'utc'): number {
  const s = text.trim();
  if (s.length === 0 || s.length > 48) return NaN;
  switch (format) {
    case 'iso': {
      const m = ISO.exec(s);
      return m ? composeZ(Number(m[1]), Number(m[2]), Number(m[3]), m, 4, zone) : NaN;
    }
    case 'ymd': {
      const m = YMD.exec(s);
      return m ? composeZ(Number(m[1]), Number(m[3]), Number(m[4]), m, 5, zone) : NaN;
    }
    case 'dmy':
    case 'mdy': {
      const m = DMY.exec(s);
      if (!m) return NaN;
      const a = Number(m[1]);
      const b = Number(m[3]);
      const y = fullYear(m[4] as string);
      return format === 'dmy' ? composeZ(y, b, a, m, 5, zone) : composeZ(y, a, b, m, 5, zone);
    }
    case 'epoch-s':
    case 'epoch-ms': {
      const v = parseNumber(s, '.');
      if (!Number.isFinite(v)) return NaN;
      return format === 'epoch-s' ? Math.round(v * 1e6) / 1e3 : v;
    }
    case 'excel': {
      const v = parseNumber(s, '.');
      return excelSerialToMs(v, zone);
    }
  }
}

/** ms epoch of an Excel serial day number (a naive local date-time in the workbook). */
export function excelSerialToMs(serial: number, zone: NaiveTimeZone = 'utc'): number {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return NaN; // 9999-12-31
  const utc = Math.round((serial - EXCEL_EPOCH_DAYS) * MS_PER_DAY);
  if (zone === 'utc') return utc;
  const d = new Date(utc);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()).getTime();
}

/** Result of detectTimeFormat. */
export type TimeFormatGuess = {
  format: TimeFormat;
  /** Share of non-empty samples the format parses (0..1). */
  coverage: number;
  /** True when day-first and month-first both read every sample (e.g. 03/04/2025). */
  ambiguous: boolean;
};

/**
 * The timestamp format that parses most samples (undefined when none parses at least half).
 * Numeric samples are Unix ms above 1e11 (after 1973), Unix seconds between 1e8 and 1e11, and
 * Excel serials between 1 and 1e6 only when `allowNumeric` (a header that says "time").
 */
export function detectTimeFormat(samples: readonly string[], allowNumeric = false): TimeFormatGuess | undefined {
  const values = samples.map((s) => s.trim()).filter((s) => s.length > 0);
  if (values.length === 0) return undefined;
  const cover = (f: TimeFormat): number => values.filter((v) => !Number.isNaN(parseTimestamp(v, f))).length / values.length;
  const text: TimeFormat[] = ['iso', 'ymd', 'dmy', 'mdy'];
  let best: TimeFormatGuess | undefined;
  for (const f of text) {
    const c = cover(f);
    if (c >= 0.5 && (!best || c > best.coverage)) best = { format: f, coverage: c, ambiguous: false };
  }
  if (best && (best.format === 'dmy' || best.format === 'mdy')) {
    const d = cover('dmy');
    const m = cover('mdy');
    // Day-first wins ties: the workbench's users and most logger exports outside the US write dates that way.
    best = d >= m ? { format: 'dmy', coverage: d, ambiguous: d === m } : { format: 'mdy', coverage: m, ambiguous: false };
  }
  if (best || !allowNumeric) return best;
  const nums = values.map((v) => parseNumber(v, '.'));
  if (nums.some((n) => Number.isNaN(n))) return undefined;
  const median = [...nums].sort((a, b) => a - b)[nums.length >> 1] as number;
  if (median > 1e11) return { format: 'epoch-ms', coverage: 1, ambiguous: false };
  if (median > 1e8) return { format: 'epoch-s', coverage: 1, ambiguous: false };
  if (median >= 1 && median < 1e6) return { format: 'excel', coverage: 1, ambiguous: false };
  return undefined;
}

/** Formats ms epoch as ISO 8601 UTC with milliseconds ('2025-01-14T08:00:00.000Z'); '' for NaN. */
export function formatIsoMs(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}
