/** CSV writing for dataset export (RFC 4180 quoting; timestamps as ISO 8601 UTC). */
import { formatNumber } from './number';
import { formatIsoMs } from './timestamp';
import type { DatasetColumn, DecimalSeparator } from './types';

/** Quotes a field when it contains the delimiter, a quote or a line break. */
export function csvField(text: string, delimiter: string): string {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line: 'Name [unit]' per column (time columns say 'UTC'). */
export function csvHeader(columns: readonly DatasetColumn[], delimiter: string): string {
  return columns.map((c) => csvField(c.quantity === 'time' ? `${c.name} [UTC]` : c.unit ? `${c.name} [${c.unit}]` : c.name, delimiter)).join(delimiter);
}

/** One data line; null/NaN become empty fields. */
export function csvRow(columns: readonly DatasetColumn[], values: readonly (number | null)[], delimiter: string, decimal: DecimalSeparator): string {
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) out += delimiter;
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    out += (columns[i] as DatasetColumn).quantity === 'time' ? formatIsoMs(v) : formatNumber(v, decimal);
  }
  return out;
}
