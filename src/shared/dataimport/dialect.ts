/**
 * Dialect detection for delimited text: which delimiter, which decimal separator and which line
 * holds the header, judged from the first lines of the file.
 */
import { detectDecimal, isMissingToken, parseNumber } from './number';
import { detectTimeFormat } from './timestamp';
import { DELIMITERS, type DecimalSeparator } from './types';

/**
 * Splits one line into fields (RFC 4180 quoting with '"', doubled quotes inside quotes). Used
 * for detection and previews; the importer itself streams with csv-parse.
 */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim().length === 0) {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
    i++;
  }
  out.push(field);
  return out;
}

/** The first `max` lines of `text` (CR, LF or CRLF endings); the last line is dropped when `text` is a cut prefix. */
export function sampleLines(text: string, max: number, isPrefix: boolean): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (isPrefix && lines.length > 1) lines.pop();
  return lines.slice(0, max);
}

function looksLikeValue(field: string): boolean {
  const s = field.trim();
  if (isMissingToken(s)) return true;
  if (!Number.isNaN(parseNumber(s, '.')) || !Number.isNaN(parseNumber(s, ','))) return true;
  return detectTimeFormat([s]) !== undefined;
}

/** Result of detectDialect; each choice comes with the evidence shown in the wizard. */
export type DialectGuess = {
  delimiter: string;
  decimal: DecimalSeparator;
  /** 1-based header line, 0 = no header. */
  headerRow: number;
  /** 1-based first data line. */
  firstDataRow: number;
  /** Fields per data row (the most common count). */
  columnCount: number;
  notes: string[];
};

/**
 * Guesses the dialect from the first lines of a file. Each candidate delimiter is scored by how
 * many lines split into the most common field count and how many of those fields read as values
 * (numbers in either convention, timestamps, missing tokens); preamble lines before the header
 * (logger name, serial number) are skipped.
 */
export function detectDialect(lines: readonly string[]): DialectGuess {
  const nonEmpty = lines.map((l, i) => ({ line: l, no: i + 1 })).filter((x) => x.line.trim().length > 0);
  let best: { delimiter: string; score: number; mode: number } = { delimiter: ',', score: -1, mode: 1 };
  for (const d of DELIMITERS) {
    const counts = nonEmpty.map((x) => splitLine(x.line, d).length);
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 1;
    let modeN = 0;
    for (const [c, n] of freq) if (c > 1 && (n > modeN || (n === modeN && c > mode))) [mode, modeN] = [c, n];
    if (mode < 2) continue;
    let valueFields = 0;
    let fields = 0;
    nonEmpty.forEach((x, i) => {
      if (counts[i] !== mode) return;
      for (const f of splitLine(x.line, d)) {
        fields++;
        if (looksLikeValue(f)) valueFields++;
      }
    });
    const score = (modeN / Math.max(1, nonEmpty.length)) * (0.5 + (0.5 * valueFields) / Math.max(1, fields));
    if (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && mode > best.mode)) best = { delimiter: d, score, mode };
  }
  const notes: string[] = [];
  const delimiter = best.delimiter;
  const mode = best.mode;
  if (best.score < 0) notes.push('No delimiter splits the lines consistently; assuming one column per line.');
  // Data starts at the first run of 3 lines (or fewer at the end) with the common field count and mostly value fields.
  const rows = nonEmpty.map((x) => ({ no: x.no, fields: splitLine(x.line, delimiter) }));
  const isData = (r: { fields: string[] }): boolean => r.fields.length === mode && r.fields.filter(looksLikeValue).length >= Math.ceil(mode * 0.6);
  let dataStart = rows.findIndex((r, i) => isData(r) && rows.slice(i, i + 3).every(isData));
  if (dataStart < 0) dataStart = rows.findIndex(isData);
  let headerRow = 0;
  let firstDataRow = rows[0]?.no ?? 1;
  if (dataStart >= 0) {
    firstDataRow = (rows[dataStart] as { no: number }).no;
    const prev = rows[dataStart - 1];
    if (prev && prev.fields.length >= mode - 1 && prev.fields.filter(looksLikeValue).length < prev.fields.length / 2) headerRow = prev.no;
    else notes.push('No header row found; columns are named by position.');
  }
  const numericFields: string[] = [];
  for (const r of rows.slice(Math.max(0, dataStart))) for (const f of r.fields) if (f.trim().length > 0 && detectTimeFormat([f]) === undefined) numericFields.push(f);
  const dec = detectDecimal(numericFields);
  if (dec.ambiguous) notes.push('Decimal separator not evident (no fractional numbers in the sample); assuming a point.');
  return { delimiter, decimal: dec.decimal, headerRow, firstDataRow, columnCount: mode, notes };
}
