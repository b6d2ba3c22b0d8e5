import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { IsoResultJson, PumpRecord, SavedFitSummary } from '#shared/rpc/domains/curves';
import type { DatasetDetail, DatasetSummary } from '#shared/rpc/domains/data';
import type { Alarm, AlarmRule } from '#shared/rpc/domains/monitor';
import type { OptimizationRun, RunSummary } from '#shared/rpc/domains/optimize';
import type { ExportWhat } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import { unitInfo } from '#shared/units/index';
import { stableOrder } from '../exchange/bundle';
import { quoteIdent, type ContractCaller } from './context';
import type { IStore, SqlValue } from '../store/types';

// The data behind the report, for the client's spreadsheet. With a contract caller (the app, the
// CLI) each area's data is read through its own contract and flattened into readable sheets: one
// row per fitted parameter, per alarm, per pump operating point, per schedule hour... Without one
// (a bare store) the area's tables are exported as stored.

/** Excel's sheet row limit (including the header row). */
const XLSX_MAX_ROWS = 1_048_575;
const PAGE = 5_000;

/** A cell of an exported sheet: numbers stay numbers (spreadsheets compute with them). */
export type ExportCell = string | number | null;

/** One sheet (XLSX) or file (CSV): a name, the header and the rows, produced page by page. */
export interface ExportSheet {
  name: string;
  columns: string[];
  rows: () => AsyncIterable<ExportCell[][]>;
  /** Known to have no rows (left out of a contract export; a table export keeps its header). */
  empty?: boolean;
}

/** Tables each area stores its data in (used without a contract caller). */
const AREA_TABLES: Record<ExportWhat, string[]> = {
  datasets: ['datasets', 'dataset_rows', 'data_import_issues', 'data_excluded_rows'],
  fits: ['pumps', 'fits', 'iso9906_tolerances'],
  alarms: ['monitor_alarm_rules', 'monitor_alarms'],
  optimization: ['stations', 'optimization_runs'],
  history: ['events'],
};

export async function tablesFor(store: IStore, what: ExportWhat): Promise<string[]> {
  const names = new Set((await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name));
  return AREA_TABLES[what].filter((t) => names.has(t));
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space). */
export function csvField(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (ms: number | null | undefined): string | null => (typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null);
const yesNo = (b: boolean | undefined): string | null => (b === undefined ? null : b ? 'yes' : 'no');
const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The rows part of a sheet whose rows are all in memory already. */
function fixed(rows: ExportCell[][]): Pick<ExportSheet, 'rows' | 'empty'> {
  return {
    rows: async function* () {
      if (rows.length > 0) yield rows;
    },
    empty: rows.length === 0,
  };
}

/** Reads a contract result or throws an RpcError naming the area (no silent empty exports). */
async function need<T>(call: ContractCaller, method: string, params: unknown): Promise<T> {
  try {
    return (await call(method, params)) as T;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    throw new RpcError(e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'UNAVAILABLE', `Export: ${method} failed: ${e.message ?? String(error)}`);
  }
}

// ---- per area, through the contract ----------------------------------------------------------

async function datasetSheets(call: ContractCaller): Promise<ExportSheet[]> {
  const { datasets } = await need<{ datasets: DatasetSummary[] }>(call, 'data.datasets.list', {});
  if (datasets.length === 0) return [];
  const details: DatasetDetail[] = [];
  for (const d of datasets) details.push((await need<{ dataset: DatasetDetail }>(call, 'data.datasets.get', { id: d.id, offset: 0, limit: 1 })).dataset);
  const sheetNames = new Set<string>(['datasets', 'provenance']);
  const sheets: ExportSheet[] = [
    {
      name: 'datasets',
      columns: ['id', 'name', 'created_at', 'source', 'row_count', 'columns', 'cleaning_steps'],
      ...fixed(details.map((d) => [d.id, d.name, iso(d.createdAt), d.source, d.rowCount, d.columns.map((c) => `${c.key} (${c.quantity}, ${c.unit || '-'})`).join('; '), d.provenance.filter((p) => p.reversible).length])),
    },
    {
      name: 'provenance',
      columns: ['dataset_id', 'dataset', 'step', 'kind', 'at', 'summary', 'affected', 'reversible'],
      ...fixed(details.flatMap((d) => d.provenance.map((p, i) => [d.id, d.name, i + 1, p.kind, iso(p.at), p.summary, num(p.affected), yesNo(p.reversible)]))),
    },
  ];
  for (const [i, d] of details.entries()) {
    let name = `ds${i + 1}_${d.name.replace(/[^A-Za-z0-9_-]+/g, '_')}`.slice(0, 31);
    while (sheetNames.has(name)) name = `${name.slice(0, 28)}_${i + 1}`;
    sheetNames.add(name);
    const timeCols = new Set(d.columns.flatMap((c, j) => (c.quantity === 'time' ? [j] : [])));
    sheets.push({
      name,
      columns: ['row_index', ...d.columns.map((c) => (c.quantity === 'time' ? `${c.name} [UTC]` : c.unit ? `${c.name} [${unitInfo(c.unit)?.label ?? c.unit}]` : c.name))],
      rows: async function* () {
        for (let offset = 0; offset < d.rowCount; offset += PAGE) {
          const page = await need<{ rows: Array<{ index: number; values: Array<number | null> }> }>(call, 'data.datasets.get', { id: d.id, offset, limit: PAGE });
          if (page.rows.length === 0) return;
          yield page.rows.map((r) => [r.index, ...r.values.map((v, j) => (timeCols.has(j) ? iso(v) : v))]);
        }
      },
    });
  }
  return sheets;
}

async function fitSheets(call: ContractCaller): Promise<ExportSheet[]> {
  const [{ fits }, { pumps }] = await Promise.all([need<{ fits: SavedFitSummary[] }>(call, 'curves.fits.list', {}), need<{ pumps: PumpRecord[] }>(call, 'curves.pumps.list', {})]);
  if (fits.length === 0 && pumps.length === 0) return [];
  // The ISO verdict of each pump's current curves (newest fit per kind), as the report shows it.
  const isoRows: ExportCell[][] = [];
  for (const p of pumps) {
    const cur = (k: string) => fits.find((f) => f.pumpId === p.id && f.curveKind === k);
    const head = cur('head');
    if (!p.guarantee || !head) continue;
    const eff = cur('efficiency');
    const pow = cur('power');
    const r = await need<IsoResultJson>(call, 'curves.iso9906.check', { pumpId: p.id, head: { fitId: head.id }, ...(eff && p.guarantee.efficiency !== undefined ? { efficiency: { fitId: eff.id } } : {}), ...(pow && p.guarantee.powerKw !== undefined ? { power: { fitId: pow.id } } : {}) });
    isoRows.push([
      p.id,
      head.id,
      r.grade,
      r.pass ? 'PASS' : 'FAIL',
      r.guarantee.flowM3h,
      r.guarantee.headM,
      num(r.guarantee.efficiency),
      num(r.guarantee.powerKw),
      r.headFlow.pass ? 'PASS' : 'FAIL',
      num(r.headFlow.headAtGuaranteeFlowM),
      r.cross.flowMinM3h,
      r.cross.flowMaxM3h,
      r.cross.headMinM,
      r.cross.headMaxM,
      r.efficiency ? (r.efficiency.pass ? 'PASS' : 'FAIL') : null,
      num(r.efficiency?.requiredMin),
      num(r.efficiency?.measured),
      r.power ? (r.power.pass ? 'PASS' : 'FAIL') : null,
      num(r.power?.allowedMaxKw),
      num(r.power?.measuredKw),
      r.tolerances.flowMinus,
      r.tolerances.flowPlus,
      r.tolerances.headMinus,
      r.tolerances.headPlus,
      r.tolerances.powerPlus,
      r.tolerances.efficiencyMinus,
      yesNo(r.tolerancesEdited),
      r.toleranceSource,
    ]);
  }
  return [
    {
      name: 'fit_parameters',
      columns: ['fit_id', 'pump', 'curve', 'fit', 'model', 'expression', 'engine', 'parameter', 'value', 'std_error', 'ci_lower', 'ci_upper', 'n', 'p', 'dof', 'r2', 'adj_r2', 'rmse', 'residual_sd', 'cv_rmse', 'aic', 'bic', 'flow_min_m3h', 'flow_max_m3h', 'dataset', 'excluded_points', 'saved_at'],
      ...fixed(
        fits.flatMap((f) =>
          f.parameters.map((p): ExportCell[] => {
            const m = f.metrics;
            return [f.id, f.pumpId, f.curveKind, f.name, f.label, f.expression, f.engine, p.name, p.value, p.stdError, p.ciLower, p.ciUpper, m.n, m.p, m.dof, m.r2, m.adjR2, m.rmse, m.residualSd, num(f.cvRmse), m.aic, m.bic, f.flowRangeM3h[0], f.flowRangeM3h[1], f.provenance.datasetName, f.excluded.length, iso(f.createdAt)];
          }),
        ),
      ),
    },
    {
      name: 'iso9906',
      columns: ['pump', 'head_fit_id', 'grade', 'verdict', 'guarantee_flow_m3h', 'guarantee_head_m', 'guarantee_efficiency', 'guarantee_power_kw', 'head_flow', 'head_at_guarantee_flow_m', 'flow_min_m3h', 'flow_max_m3h', 'head_min_m', 'head_max_m', 'efficiency', 'efficiency_required_min', 'efficiency_measured', 'power', 'power_allowed_max_kw', 'power_measured_kw', 'tol_flow_minus', 'tol_flow_plus', 'tol_head_minus', 'tol_head_plus', 'tol_power_plus', 'tol_efficiency_minus', 'tolerances_edited', 'tolerance_source'],
      ...fixed(isoRows),
    },
    {
      name: 'pumps',
      columns: ['pump', 'name', 'rated_speed_rpm', 'grade', 'guarantee_flow_m3h', 'guarantee_head_m', 'guarantee_efficiency', 'guarantee_power_kw', 'head_fits', 'efficiency_fits', 'power_fits', 'notes'],
      ...fixed(pumps.map((p) => [p.id, p.name, p.ratedSpeedRpm, p.grade, num(p.guarantee?.flowM3h), num(p.guarantee?.headM), num(p.guarantee?.efficiency), num(p.guarantee?.powerKw), p.fitCounts.head, p.fitCounts.efficiency, p.fitCounts.power, p.notes])),
    },
  ];
}

/** The whole alarm history, newest first, paged backwards through the contract's 5,000-row limit. */
async function allAlarms(call: ContractCaller): Promise<Alarm[]> {
  const out: Alarm[] = [];
  const seen = new Set<string>();
  let to: number | undefined;
  for (;;) {
    const page = await need<Alarm[]>(call, 'monitor.alarms.history', { limit: 5000, ...(to !== undefined ? { to } : {}) });
    const fresh = page.filter((a) => !seen.has(a.id));
    for (const a of fresh) {
      seen.add(a.id);
      out.push(a);
    }
    if (page.length < 5000 || fresh.length === 0) return out;
    to = page[page.length - 1]!.raisedAt;
  }
}

async function alarmSheets(call: ContractCaller): Promise<ExportSheet[]> {
  const [alarms, rules] = await Promise.all([allAlarms(call), need<AlarmRule[]>(call, 'monitor.alarmRules.list', {})]);
  if (alarms.length === 0 && rules.length === 0) return [];
  return [
    {
      name: 'alarms',
      columns: ['id', 'rule_id', 'name', 'kind', 'severity', 'state', 'raised_at', 'cleared_at', 'duration_s', 'acknowledged', 'acked_at', 'acked_by', 'ack_comment', 'escalated', 'value', 'message'],
      ...fixed(
        alarms.map((a) => [a.id, a.ruleId, a.name, a.kind, a.severity, a.state, iso(a.raisedAt), iso(a.clearedAt), a.clearedAt !== undefined ? (a.clearedAt - a.raisedAt) / 1000 : null, yesNo(a.acknowledged), iso(a.ackedAt), a.ackedBy ?? null, a.ackComment ?? null, yesNo(a.escalated), num(a.value), a.message]),
      ),
    },
    {
      name: 'alarm_rules',
      columns: ['id', 'name', 'kind', 'severity', 'enabled', 'channel', 'threshold', 'deadband', 'expression', 'device', 'on_delay_ms', 'off_delay_ms', 'escalate_after_ms', 'suppressed_by', 'suppress_in_maintenance', 'shelved_until', 'message'],
      ...fixed(
        rules.map((r) => [r.id, r.name, r.kind, r.severity, yesNo(r.enabled), r.channelId ?? null, num(r.threshold), r.deadband, r.expression || null, r.deviceId || null, r.onDelayMs, r.offDelayMs, r.escalateAfterMs, r.suppressedBy.join(' ') || null, yesNo(r.suppressInMaintenance), iso(r.shelvedUntil), r.message || null]),
      ),
    },
  ];
}

async function optimizationSheets(call: ContractCaller): Promise<ExportSheet[]> {
  const { runs } = await need<{ runs: RunSummary[] }>(call, 'optimize.runs.list', { limit: 500 });
  if (runs.length === 0) return [];
  const full: OptimizationRun[] = [];
  for (const r of runs) full.push(await need<OptimizationRun>(call, 'optimize.runs.get', { id: r.id }));
  const points: ExportCell[][] = [];
  const table: ExportCell[][] = [];
  const hours: ExportCell[][] = [];
  const pareto: ExportCell[][] = [];
  const compare: ExportCell[][] = [];
  const speeds = (ps: Array<{ id: string; speedRatio: number }>) => ps.map((p) => `${p.id} @${p.speedRatio.toFixed(3)}`).join(', ');
  for (const run of full) {
    const res = run.result;
    if (res.kind === 'demand' && res.demand.feasible) {
      const d = res.demand;
      for (const p of d.pumps) points.push([run.id, d.demandM3h, p.id, yesNo(p.on), p.speedRatio, p.flowM3h, p.headM, p.efficiency, p.powerKw, d.powerKw, d.specificEnergyKwhPerM3]);
    } else if (res.kind === 'table') {
      for (const r of res.operatingTable) table.push([run.id, r.demandM3h, yesNo(r.feasible), r.pumps, num(r.headM), num(r.powerKw), num(r.specificEnergyKwhPerM3), r.reason || null]);
    } else if (res.kind === 'schedule' && res.schedule.feasible) {
      const s = res.schedule;
      const base = s.baseline.feasible ? s.baseline : undefined;
      s.hours.forEach((h, i) => {
        const b = base?.hours[i];
        hours.push([run.id, h.hour, h.demandM3h, num(res.plan.pricePerKwh[h.hour]), speeds(h.pumps), h.headM, h.powerKw, h.cost, b ? speeds(b.pumps) : null, num(b?.powerKw), num(b?.cost)]);
      });
    } else if (res.kind === 'pareto' && res.pareto.feasible) {
      const p = res.pareto;
      p.solutions.forEach((s, i) => pareto.push([run.id, p.demandM3h, i + 1, s.powerKw, p.objectives[1], s.objectives[1], s.bepDistance, s.pumpsRunning, speeds(s.pumps.filter((x) => x.on)), s.headM]));
    } else if (res.kind === 'compare') {
      for (const r of res.rows) compare.push([run.id, res.demandM3h, r.algorithm, yesNo(r.feasible), num(r.powerKw), num(r.gapPercent), r.evaluations, r.ms, r.reason ?? null]);
    }
  }
  return [
    {
      name: 'runs',
      columns: ['id', 'kind', 'created_at', 'station_id', 'station', 'algorithm', 'seed', 'demand_m3h', 'feasible', 'objective', 'objective_unit', 'evaluations', 'ms', 'summary'],
      ...fixed(runs.map((r) => [r.id, r.kind, iso(r.createdAt), r.stationId, r.stationName, r.algorithm, r.seed, r.demandM3h, yesNo(r.feasible), r.objective, r.objectiveUnit, r.evaluations, r.ms, r.summary])),
    },
    { name: 'demand_pumps', columns: ['run_id', 'demand_m3h', 'pump', 'running', 'speed_ratio', 'flow_m3h', 'head_m', 'efficiency', 'power_kw', 'station_power_kw', 'specific_energy_kwh_m3'], ...fixed(points) },
    { name: 'operating_table', columns: ['run_id', 'demand_m3h', 'feasible', 'pumps', 'head_m', 'power_kw', 'specific_energy_kwh_m3', 'reason'], ...fixed(table) },
    { name: 'schedule_hours', columns: ['run_id', 'hour', 'demand_m3h', 'price_per_kwh', 'pumps', 'head_m', 'power_kw', 'cost', 'baseline_pumps', 'baseline_power_kw', 'baseline_cost'], ...fixed(hours) },
    { name: 'pareto', columns: ['run_id', 'demand_m3h', 'solution', 'power_kw', 'second_objective', 'second_value', 'bep_distance', 'pumps_running', 'pumps', 'head_m'], ...fixed(pareto) },
    { name: 'compare', columns: ['run_id', 'demand_m3h', 'algorithm', 'feasible', 'power_kw', 'gap_percent', 'evaluations', 'ms', 'reason'], ...fixed(compare) },
  ];
}

/** The sheets of an area read through the contract. */
export async function contractSheets(call: ContractCaller, what: ExportWhat): Promise<ExportSheet[] | undefined> {
  switch (what) {
    case 'datasets':
      return datasetSheets(call);
    case 'fits':
      return fitSheets(call);
    case 'alarms':
      return alarmSheets(call);
    case 'optimization':
      return optimizationSheets(call);
    default:
      return undefined; // history: the event log as stored is already the readable form
  }
}

/** The area's tables as stored, paged in a stable order. */
async function tableSheets(store: IStore, what: ExportWhat): Promise<ExportSheet[]> {
  const sheets: ExportSheet[] = [];
  for (const table of await tablesFor(store, what)) {
    const columns = (await store.query<{ name: string }>(`PRAGMA table_info(${quoteIdent(table)})`)).map((c) => c.name);
    const order = await stableOrder(store, table);
    sheets.push({
      name: table,
      columns,
      rows: async function* () {
        for (let offset = 0; ; offset += PAGE) {
          const rows = await store.query<Record<string, SqlValue>>(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`);
          if (rows.length === 0) return;
          yield rows.map((r) => columns.map((c) => {
            const v = r[c];
            return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : (v ?? null);
          }));
          if (rows.length < PAGE) return;
        }
      },
    });
  }
  return sheets;
}

export interface DataExportResult {
  files: string[];
  tables: Array<{ name: string; rows: number; truncated: boolean }>;
  bytes: number;
}

/**
 * Exports an area's data. CSV: one UTF-8 file per sheet (with a BOM so spreadsheet programs read
 * units like m³/h correctly); with several sheets the file name gets the sheet name appended.
 * XLSX: one sheet per table, streamed, header row bold and frozen. `call` reads the areas through
 * their contracts (flattened, readable sheets); without it the tables are exported as stored.
 */
export async function exportData(store: IStore, what: ExportWhat, format: 'csv' | 'xlsx', target: string, call?: ContractCaller): Promise<DataExportResult> {
  const fromContract = call ? (await contractSheets(call, what))?.filter((s) => !s.empty) : undefined;
  const sheets = fromContract ?? (await tableSheets(store, what));
  if (sheets.length === 0) throw new RpcError('NOT_FOUND', `Nothing to export: this project has no ${what} data yet`);
  const out = path.resolve(target);
  try {
    mkdirSync(path.dirname(out), { recursive: true });
  } catch (error) {
    throw new RpcError('UNAVAILABLE', `Cannot create the folder for ${out}: ${(error as Error).message}`);
  }
  const result: DataExportResult = { files: [], tables: [], bytes: 0 };

  if (format === 'csv') {
    for (const sheet of sheets) {
      const file = sheets.length === 1 ? out : out.replace(/(\.csv)?$/i, `.${sheet.name}.csv`);
      const stream = createWriteStream(file, { encoding: 'utf8' });
      const failed = new Promise<never>((_, reject) => stream.once('error', (e) => reject(new RpcError('UNAVAILABLE', `Cannot write ${file}: ${e.message}`))));
      failed.catch(() => undefined);
      const write = async (s: string) => {
        if (!stream.write(s)) await Promise.race([once(stream, 'drain'), failed]);
      };
      await write(`\uFEFF${sheet.columns.map(csvField).join(',')}\r\n`);
      let n = 0;
      for await (const rows of sheet.rows()) {
        await write(rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
        n += rows.length;
      }
      stream.end();
      await Promise.race([once(stream, 'close'), failed]);
      result.files.push(file);
      result.tables.push({ name: sheet.name, rows: n, truncated: false });
      result.bytes += statSync(file).size;
    }
    return result;
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true });
  workbook.creator = 'Station Workbench';
  for (const s of sheets) {
    // Sheet names: at most 31 characters, no []:*?/\ (Excel's rules).
    const sheet = workbook.addWorksheet(s.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c) => ({ header: c, key: c, width: Math.min(40, Math.max(10, c.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let n = 0;
    let truncated = false;
    for await (const rows of s.rows()) {
      for (const r of rows) {
        if (n >= XLSX_MAX_ROWS) {
          truncated = true;
          break;
        }
        sheet.addRow(r).commit();
        n++;
      }
      if (truncated) break;
    }
    sheet.commit();
    result.tables.push({ name: s.name, rows: n, truncated });
  }
  await workbook.commit();
  result.files.push(out);
  result.bytes = statSync(out).size;
  return result;
}
