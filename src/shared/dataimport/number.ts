/**
 * Number parsing for imported text in either decimal convention ('1234.5' or '1234,5'), with
 * optional digit grouping ('1,234.5', '1.234,5', '1 234,5', "1'234.5"). Strict: anything else
 * ('12.3.4', '1,2' with a '.' decimal, '0x10', 'Infinity') is invalid, so a bad logger value is
 * reported instead of silently misread.
 */
import type { DecimalSeparator } from './types';

const SIMPLE_DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SIMPLE_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
// Groups of exactly three digits after a 1-3 digit lead, one consistent group separator.
const GROUPED_DOT = /^[+-]?\d{1,3}([,' \u00a0\u202f])\d{3}(?:\1\d{3})*(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}([.' \u00a0\u202f])\d{3}(?:\1\d{3})*(?:,\d*)?(?:[eE][+-]?\d+)?$/;
const GROUP_CHARS = /[,.' \u00a0\u202f]/g;

/** Text that means "no value" in logger and spreadsheet exports (compared case-insensitively, trimmed). */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '-', '--', '---', '#n/a', '?']);

/** True when the (untrimmed) cell text means a missing value: empty, 'NA', 'N/A', 'NaN', 'null', '-', '#N/A', ... */
export function isMissingToken(text: string): boolean {
  if (text.length === 0) return true;
  if (text.length > 16) return false; // longer than any token even with padding: skip the trim
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

/**
 * Parses a number written with `decimal` as the decimal separator. Surrounding spaces are
 * ignored. Returns NaN when the text is not a number in that convention (missing-value tokens
 * are NaN too; check isMissingToken first to tell them apart). Never throws.
 */
export function parseNumber(text: string, decimal: DecimalSeparator): number {
  let s = text;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(s.length - 1);
  if (c0 === 32 || cl === 32 || c0 === 9 || cl === 9 || c0 === 0xa0 || cl === 0xa0) s = s.trim();
  if (s.length === 0 || s.length > 64) return NaN;
  if (decimal === '.') {
    if (SIMPLE_DOT.test(s)) return Number(s);
    if (GROUPED_DOT.test(s)) return Number(s.replace(GROUP_CHARS, (ch) => (ch === '.' ? '.' : '')));
    return NaN;
  }
  if (SIMPLE_COMMA.test(s)) return Number(s.replace(',', '.'));
  if (GROUPED_COMMA.test(s)) return Number(s.replace(GROUP_CHARS, (ch) => (ch === ',' ? '.' : '')));
  return NaN;
}

/**
 * Which decimal separator a set of numeric-looking samples uses: ',' when some sample only
 * parses with a decimal comma and none only with a point; '.' otherwise. `ambiguous` is true
 * when no sample decided (e.g. all integers).
 */
export function detectDecimal(samples: readonly string[]): { decimal: DecimalSeparator; ambiguous: boolean; commaVotes: number; pointVotes: number } {
  let commaVotes = 0;
  let pointVotes = 0;
  for (const raw of samples) {
    const s = raw.trim();
    if (s.length === 0) continue;
    const asPoint = !Number.isNaN(parseNumber(s, '.'));
    const asComma = !Number.isNaN(parseNumber(s, ','));
    if (asPoint && asComma) {
      // '1,234' / '1.234' read as grouping in one convention: a lone 3-digit tail is weak evidence; a shorter or longer tail decides.
      if (/^[+-]?\d+,\d{1,2}$|^[+-]?\d+,\d{4,}$/.test(s)) commaVotes++;
      else if (/^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$/.test(s)) pointVotes++;
      continue;
    }
    if (asComma) commaVotes++;
    else if (asPoint) pointVotes++;
  }
  return { decimal: commaVotes > pointVotes ? ',' : '.', ambiguous: commaVotes === 0 && pointVotes === 0, commaVotes, pointVotes };
}

/** Formats a number for CSV export with the given decimal separator (shortest round-trip form). */
export function formatNumber(value: number, decimal: DecimalSeparator): string {
  const s = String(value);
  return decimal === '.' ? s : s.replace('.', ',');
}
