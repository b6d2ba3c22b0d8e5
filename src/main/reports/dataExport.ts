import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { ExportWhat } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import { stableOrder } from '../exchange/bundle';
import { quoteIdent } from './context';
import type { IStore, SqlValue } from '../store/types';

/** Excel's sheet row limit (including the header row). */
const XLSX_MAX_ROWS = 1_048_575;
const PAGE = 5_000;

/** Which tables carry each area's data: exact names or prefixes (an area's tables share a prefix). */
const AREA_TABLES: Record<ExportWhat, { exact: string[]; prefixes: string[] }> = {
  datasets: { exact: ['datasets', 'dataset_columns', 'dataset_rows'], prefixes: ['dataset_'] },
  fits: { exact: ['fits', 'fit_results', 'curve_fits'], prefixes: ['fit_'] },
  alarms: { exact: ['alarms', 'alarm_rules', 'alarm_history', 'alarm_events'], prefixes: ['alarm_'] },
  optimization: { exact: ['optimization_runs', 'stations'], prefixes: ['optimization_', 'optimize_', 'opt_'] },
  history: { exact: ['events'], prefixes: [] },
};

export async function tablesFor(store: IStore, what: ExportWhat): Promise<string[]> {
  const names = (await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((r) => r.name);
  const spec = AREA_TABLES[what];
  return names.filter((n) => spec.exact.includes(n) || spec.prefixes.some((p) => n.startsWith(p)));
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space). */
export function csvField(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* pages(store: IStore, table: string, columns: string[]): AsyncGenerator<Array<Record<string, SqlValue>>> {
  const order = await stableOrder(store, table);
  for (let offset = 0; ; offset += PAGE) {
    const rows = await store.query<Record<string, SqlValue>>(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
  }
}

export interface DataExportResult {
  files: string[];
  tables: Array<{ name: string; rows: number; truncated: boolean }>;
  bytes: number;
}

/**
 * Exports an area's tables. CSV: one UTF-8 file per table (with a BOM so spreadsheet programs read
 * units like m³/h correctly); with several tables the file name gets the table name appended.
 * XLSX: one sheet per table, streamed, header row bold and frozen.
 */
export async function exportData(store: IStore, what: ExportWhat, format: 'csv' | 'xlsx', target: string): Promise<DataExportResult> {
  const tables = await tablesFor(store, what);
  if (tables.length === 0) throw new RpcError('NOT_FOUND', `Nothing to export: this project has no ${what} tables yet`);
  const out = path.resolve(target);
  mkdirSync(path.dirname(out), { recursive: true });
  const result: DataExportResult = { files: [], tables: [], bytes: 0 };
  const columnsOf = async (t: string) => (await store.query<{ name: string }>(`PRAGMA table_info(${quoteIdent(t)})`)).map((c) => c.name);

  if (format === 'csv') {
    for (const table of tables) {
      const file = tables.length === 1 ? out : out.replace(/(\.csv)?$/i, `.${table}.csv`);
      const columns = await columnsOf(table);
      const stream = createWriteStream(file, { encoding: 'utf8' });
      const write = async (s: string) => {
        if (!stream.write(s)) await once(stream, 'drain');
      };
      await write(`\uFEFF${columns.map(csvField).join(',')}\r\n`);
      let n = 0;
      for await (const rows of pages(store, table, columns)) {
        await write(rows.map((r) => columns.map((c) => csvField(r[c])).join(',')).join('\r\n') + '\r\n');
        n += rows.length;
      }
      stream.end();
      await once(stream, 'close');
      result.files.push(file);
      result.tables.push({ name: table, rows: n, truncated: false });
      result.bytes += statSync(file).size;
    }
    return result;
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true });
  workbook.creator = 'Station Workbench';
  for (const table of tables) {
    const columns = await columnsOf(table);
    // Sheet names: at most 31 characters, no []:*?/\ (Excel's rules).
    const sheet = workbook.addWorksheet(table.replace(/[[\]:*?/\\]/g, '_').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c, key: c, width: Math.min(40, Math.max(10, c.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let n = 0;
    let truncated = false;
    for await (const rows of pages(store, table, columns)) {
      for (const r of rows) {
        if (n >= XLSX_MAX_ROWS) {
          truncated = true;
          break;
        }
        sheet.addRow(columns.map((c) => (r[c] instanceof Uint8Array ? Buffer.from(r[c] as Uint8Array).toString('hex') : r[c]))).commit();
        n++;
      }
      if (truncated) break;
    }
    sheet.commit();
    result.tables.push({ name: table, rows: n, truncated });
  }
  await workbook.commit();
  result.files.push(out);
  result.bytes = statSync(out).size;
  return result;
}
