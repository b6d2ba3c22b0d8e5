import { openSync, readSync, closeSync } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createChunkDecoder, detectDialect, detectEncoding, guessColumn, sampleLines, bomLength, type DecimalSeparator, type TextEncodingId } from '#shared/dataimport/index';
import type { ImportPreview } from '#shared/rpc/domains/data';
import { PREVIEW_BYTES } from './limits';
import { DataError } from './uploads';

/** Rows shown in the preview table; samples used to guess each column. */
const PREVIEW_ROWS = 50;
const RAW_LINES = 30;
const GUESS_SAMPLES = 200;

export type FileFormat = 'csv' | 'xlsx';

/** CSV or XLSX, by the zip signature (XLSX is a zip) and then the name. */
export function fileFormat(file: string, name: string): FileFormat {
  const head = readHead(file, 4);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    if (/\.xls[xm]$/i.test(name) || !/\.(csv|txt|tsv|dat)$/i.test(name)) return 'xlsx';
    throw new DataError('VALIDATION', `'${name}' is a zip archive, not a CSV text file`);
  }
  if (/\.xls$/i.test(name)) throw new DataError('VALIDATION', `'${name}' is an old binary Excel file (.xls); save it as .xlsx or CSV`);
  return 'csv';
}

export function readHead(file: string, bytes: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } finally {
    closeSync(fd);
  }
}

export type PreviewOptions = { encoding?: string | undefined; delimiter?: string | undefined; decimal?: DecimalSeparator | undefined; headerRow?: number | undefined; sheet?: string | undefined };

/** Preview of a CSV file: dialect detection on the first 256 KiB, overridden by `options`. */
export function previewCsv(file: string, fileName: string, sizeBytes: number, options: PreviewOptions): ImportPreview {
  const head = readHead(file, PREVIEW_BYTES);
  const detectedEnc = detectEncoding(head);
  const enc = (options.encoding ?? detectedEnc.encoding) as TextEncodingId;
  const dec = createChunkDecoder(enc);
  const bom = bomLength(head, enc);
  const text = dec.write(head.subarray(bom)) + (head.length < PREVIEW_BYTES ? dec.end() : '');
  const isPrefix = sizeBytes > head.length;
  const lines = sampleLines(text, 400, isPrefix);
  const detected = detectDialect(lines.slice(0, 60));
  const delimiter = options.delimiter ?? detected.delimiter;
  const decimal = options.decimal ?? detected.decimal;
  const headerRow = options.headerRow ?? detected.headerRow;
  const sample = lines.join('\n');
  let records: Array<{ record: string[]; info: { lines: number } }> = [];
  try {
    records = parseSync(sample, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, info: true, skip_records_with_error: true, quote: '"' }) as unknown as typeof records;
  } catch {
    records = [];
  }
  const headerRec = headerRow > 0 ? records.find((r) => r.info.lines === headerRow) : undefined;
  const dataRecs = records.filter((r) => r.info.lines > Math.max(headerRow, 0) && (headerRow > 0 || r.info.lines >= detected.firstDataRow));
  const width = Math.max(headerRec?.record.length ?? 0, mostCommon(dataRecs.slice(0, 100).map((r) => r.record.length)));
  const headers = Array.from({ length: width }, (_, i) => (headerRec?.record[i] ?? '').trim() || `Column ${i + 1}`);
  const columns = headers.map((h, i) => {
    const g = guessColumn(h, dataRecs.slice(0, GUESS_SAMPLES).map((r) => r.record[i] ?? ''), decimal);
    return { index: i, header: h, quantity: g.quantity, unit: g.unit, ...(g.timeFormat ? { timeFormat: g.timeFormat } : {}), parseable: g.parseable, reason: g.reason };
  });
  return {
    format: 'csv',
    fileName,
    sizeBytes,
    detected: { encoding: detectedEnc.encoding, encodingReason: detectedEnc.reason, delimiter: detected.delimiter, decimal: detected.decimal, headerRow: detected.headerRow, notes: detected.notes },
    options: { encoding: enc, delimiter, decimal, headerRow },
    sheets: [],
    rawLines: lines.slice(0, RAW_LINES).map((t, i) => ({ line: i + 1, text: t.length > 300 ? `${t.slice(0, 300)}…` : t })),
    headers,
    rows: dataRecs.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.info.lines, fields: r.record.map((f) => (f.length > 100 ? `${f.slice(0, 100)}…` : f)) })),
    columns,
  };
}

function mostCommon(values: number[]): number {
  const freq = new Map<number, number>();
  let best = 0;
  let bestN = 0;
  for (const v of values) {
    const n = (freq.get(v) ?? 0) + 1;
    freq.set(v, n);
    if (n > bestN) [best, bestN] = [v, n];
  }
  return best;
}

/** A spreadsheet cell as preview text. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().replace('.000Z', 'Z');
  if (typeof cell === 'object') {
    const o = cell as { result?: unknown; richText?: Array<{ text: string }>; text?: unknown; error?: unknown };
    if ('result' in o) return cellText(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.error !== undefined) return String(o.error);
    if (o.text !== undefined) return cellText(o.text);
  }
  return String(cell);
}

/** The first rows of one sheet (streamed: a large workbook is not loaded whole). */
export async function readSheetHead(file: string, sheet: string | undefined, maxRows: number): Promise<{ sheets: string[]; sheet: string; rows: Array<{ line: number; cells: unknown[] }> }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const sheets: string[] = [];
  let chosen: string | undefined;
  const rows: Array<{ line: number; cells: unknown[] }> = [];
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    sheets.push(name);
    if (chosen !== undefined || (sheet !== undefined && name !== sheet)) continue;
    chosen = name;
    for await (const row of ws) {
      rows.push({ line: row.number, cells: (row.values as unknown[]).slice(1) });
      if (rows.length >= maxRows) break;
    }
  }
  if (sheet !== undefined && chosen === undefined) throw new DataError('NOT_FOUND', `Sheet '${sheet}' not found; the workbook has ${sheets.map((s) => `'${s}'`).join(', ')}`);
  if (chosen === undefined) throw new DataError('VALIDATION', 'The workbook has no sheets');
  return { sheets, sheet: chosen, rows };
}

/** Preview of an XLSX sheet: the header is the first row whose cells are mostly text followed by a row of mostly values. */
export async function previewXlsx(file: string, fileName: string, sizeBytes: number, options: PreviewOptions): Promise<ImportPreview> {
  let head: Awaited<ReturnType<typeof readSheetHead>>;
  try {
    head = await readSheetHead(file, options.sheet, 300);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('VALIDATION', `'${fileName}' could not be read as an XLSX workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  const textRows = head.rows.map((r) => ({ line: r.line, fields: r.cells.map(cellText) }));
  const isValueRow = (cells: unknown[]) => cells.filter((c) => typeof c === 'number' || c instanceof Date || (c && typeof c === 'object' && 'result' in c)).length >= Math.max(1, cells.filter((c) => c !== null && c !== undefined).length * 0.5);
  const firstData = head.rows.findIndex((r) => isValueRow(r.cells));
  const detectedHeader = firstData > 0 ? (head.rows[firstData - 1]?.line ?? 0) : 0;
  const headerRow = options.headerRow ?? detectedHeader;
  const headerRec = textRows.find((r) => r.line === headerRow);
  const dataRows = textRows.filter((r) => r.line > headerRow);
  const width = Math.max(headerRec?.fields.length ?? 0, ...dataRows.slice(0, 100).map((r) => r.fields.length), 0);
  const headers = Array.from({ length: width }, (_, i) => (headerRec?.fields[i] ?? '').trim() || `Column ${i + 1}`);
  const columns = headers.map((h, i) => {
    const g = guessColumn(h, dataRows.slice(0, GUESS_SAMPLES).map((r) => r.fields[i] ?? ''), '.');
    return { index: i, header: h, quantity: g.quantity, unit: g.unit, ...(g.timeFormat ? { timeFormat: g.timeFormat } : {}), parseable: g.parseable, reason: g.reason };
  });
  return {
    format: 'xlsx',
    fileName,
    sizeBytes,
    detected: { encoding: 'utf-8', encodingReason: 'XLSX text is always Unicode', delimiter: '\t', decimal: '.', headerRow: detectedHeader, notes: [] },
    options: { encoding: 'utf-8', delimiter: '\t', decimal: '.', headerRow, sheet: head.sheet },
    sheets: head.sheets,
    rawLines: textRows.slice(0, RAW_LINES).map((r) => ({ line: r.line, text: r.fields.join('\t').slice(0, 300) })),
    headers,
    rows: dataRows.slice(0, PREVIEW_ROWS),
    columns,
  };
}
