import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRow, type ColumnMapping, type DatasetColumn, type DecimalSeparator, type NaiveTimeZone, type TextEncodingId } from '#shared/dataimport/index';
import type { CleaningStep, DatasetDetail, DatasetSummary, ImportPreview, ImportProgress, ImportResult, ImportSource, ProvenanceStep, QualityReport } from '#shared/rpc/domains/data';
import type { JobInfo } from '#shared/rpc/domains/jobs';
import { lttb } from '#shared/series/index';
import type { AppendEvent } from '../events/eventStore';
import type { Logger } from '../core/logger';
import type { IStore, WriteStatement } from '../store/types';
import type { JobRunner } from '../workers/jobRunner';
import { CancelledError } from '../workers/task';
import { applyStep, qualityReport, revertStep, testPoints, type UndoRecord } from './cleaning';
import type { ImportTaskInput, ImportTaskOutput } from './importTask';
import { MAX_COLUMNS, MAX_EXPORT_TEXT_BYTES, WRITE_BATCH_ROWS } from './limits';
import { fileFormat, previewCsv, previewXlsx } from './preview';
import { DatasetRepository, type DatasetRecord } from './repository';
import { DataTable, jsonNumber } from './table';
import { DataError, UploadStore, checkImportFile } from './uploads';

/** Density of water at 20 °C, kg/m³: the default for pressure -> head. */
export const DEFAULT_DENSITY_KG_M3 = 998.2;
/** Id prefixes of datasets this area creates (orphan clean-up touches only these). */
const IMPORT_PREFIX = 'imp_';
const DERIVED_PREFIX = 'drv_';
/** Share of the import progress bar given to parsing; the rest is writing. */
const PARSE_SHARE = 0.7;

export interface DataServiceDeps {
  store: () => IStore;
  jobs: JobRunner;
  publish: (topic: string, payload: unknown) => void;
  subscribe: (pattern: string, handler: (payload: unknown, topic: string) => void) => () => void;
  audit: (event: AppendEvent) => Promise<void>;
  log: Logger;
  dataDir: string;
  /** Bytes the project may still grow by (in-memory budget), or undefined when unknown. */
  budgetLeft?: () => Promise<number | undefined>;
}

export type RunImportInput = {
  importId: string;
  source: ImportSource;
  name: string;
  options: { encoding?: string | undefined; delimiter?: string | undefined; decimal?: '.' | ',' | undefined; headerRow?: number | undefined; sheet?: string | undefined };
  mappings: ColumnMapping[];
  densityKgM3?: number | undefined;
  zone?: NaiveTimeZone | undefined;
};

type Cached = { version: string; table: DataTable };

function summaryOf(rec: DatasetRecord): DatasetSummary {
  return { id: rec.id, name: rec.name, createdAt: rec.createdAt, source: rec.source, rowCount: rec.rowCount, columns: rec.columns, stepCount: rec.provenance.length };
}

function versionOf(rec: DatasetRecord): string {
  return `${rec.rowCount}|${rec.columns.map((c) => c.key).join(',')}|${rec.provenance.map((p) => `${p.id}:${p.affected ?? ''}`).join(',')}`;
}

/** Import, datasets, quality, cleaning with provenance and undo, export. */
export class DataService {
  readonly uploads: UploadStore;
  private readonly repo: DatasetRepository;
  private readonly imports = new Map<string, AbortController>();
  private readonly cache = new Map<string, Cached>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: DataServiceDeps) {
    this.uploads = new UploadStore(deps.dataDir);
    this.repo = new DatasetRepository(deps.store);
  }

  // ---- files -------------------------------------------------------------------------------

  private resolveSource(source: ImportSource): { file: string; name: string; size: number } {
    if (source.kind === 'path') {
      const size = checkImportFile(source.path);
      return { file: source.path, name: path.basename(source.path), size };
    }
    const { file, name } = this.uploads.file(source.uploadId);
    return { file, name, size: checkImportFile(file) };
  }

  async preview(source: ImportSource, options: RunImportInput['options'] = {}): Promise<ImportPreview> {
    const { file, name, size } = this.resolveSource(source);
    const format = fileFormat(file, name);
    return format === 'xlsx' ? previewXlsx(file, name, size, options) : previewCsv(file, name, size, options);
  }

  // ---- import ------------------------------------------------------------------------------

  cancelImport(importId: string): boolean {
    const c = this.imports.get(importId);
    if (!c) return false;
    c.abort();
    return true;
  }

  private progress(p: ImportProgress): void {
    this.deps.publish('data.import.progress', p);
  }

  async runImport(input: RunImportInput, signal?: AbortSignal): Promise<ImportResult> {
    if (this.imports.has(input.importId)) throw new DataError('CONFLICT', `Import '${input.importId}' is already running`);
    const { file, name: fileName } = this.resolveSource(input.source);
    const format = fileFormat(file, fileName);
    if (input.mappings.filter((m) => m.include).length > MAX_COLUMNS) throw new DataError('LIMIT', `At most ${MAX_COLUMNS} columns per dataset`);
    // Options left out are detected exactly as the preview would.
    const needPreview = format === 'csv' ? input.options.encoding === undefined || input.options.delimiter === undefined || input.options.decimal === undefined || input.options.headerRow === undefined : input.options.headerRow === undefined;
    const detected = needPreview ? await this.preview(input.source, input.options) : undefined;
    const opts = { ...detected?.options, ...Object.fromEntries(Object.entries(input.options).filter(([, v]) => v !== undefined)) } as ImportPreview['options'];
    const controller = new AbortController();
    this.imports.set(input.importId, controller);
    const onAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const base = { importId: input.importId };
    try {
      const taskInput: ImportTaskInput = {
        file,
        format,
        encoding: opts.encoding as TextEncodingId,
        delimiter: opts.delimiter,
        decimal: opts.decimal as DecimalSeparator,
        headerRow: opts.headerRow,
        sheet: opts.sheet,
        mappings: input.mappings,
        densityKgM3: input.densityKgM3 ?? DEFAULT_DENSITY_KG_M3,
        zone: input.zone ?? 'local',
      };
      this.progress({ ...base, phase: 'parsing', fraction: 0, rows: 0, invalid: 0 });
      const job = this.deps.jobs.start<ImportTaskOutput>('data.import', `Import ${fileName}`, taskInput, { signal: controller.signal });
      const unsubscribe = this.deps.subscribe('jobs.changed', (payload) => {
        const j = payload as JobInfo;
        if (j.id !== job.id || j.state !== 'running') return;
        const m = /^([\d,]+) rows(?:, (\d+) invalid)?/.exec(j.message ?? '');
        this.progress({ ...base, jobId: job.id, phase: 'parsing', fraction: j.progress * PARSE_SHARE, rows: m ? Number((m[1] as string).replace(/,/g, '')) : 0, invalid: m?.[2] ? Number(m[2]) : 0, ...(j.message ? { message: j.message } : {}) });
      });
      let out: ImportTaskOutput;
      try {
        out = await job.result;
      } catch (error) {
        if (error instanceof CancelledError || controller.signal.aborted) throw new DataError('CANCELLED', `Import of '${fileName}' was cancelled; nothing was kept`);
        throw new DataError('FAILED', `Import of '${fileName}' failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        unsubscribe();
      }
      if (out.cancelled || controller.signal.aborted) throw new DataError('CANCELLED', `Import of '${fileName}' was cancelled; nothing was kept`);
      if (out.error) throw new DataError('VALIDATION', out.error);
      if (out.rowCount === 0) {
        const first = out.invalidRows[0];
        throw new DataError('VALIDATION', `No valid rows in '${fileName}'${out.invalidCount > 0 ? `: all ${out.invalidCount} data rows are invalid (first: line ${first?.line}: ${first?.reasons.join('; ')})` : ''}`, { invalidRows: out.invalidRows.slice(0, 100), invalidCount: out.invalidCount });
      }
      const estimate = out.rowCount * (out.columns.length * 12 + 40);
      const left = await this.deps.budgetLeft?.();
      if (left !== undefined && estimate > left) throw new DataError('LIMIT', `The dataset would need about ${(estimate / 2 ** 20).toFixed(0)} MiB but the project has ${(Math.max(0, left) / 2 ** 20).toFixed(0)} MiB of its in-memory budget left; import fewer rows or columns`);

      const id = `${IMPORT_PREFIX}${randomUUID()}`;
      await this.writeImported(id, out, controller.signal, (done) => this.progress({ ...base, jobId: job.id, phase: 'writing', fraction: PARSE_SHARE + (1 - PARSE_SHARE) * (done / out.rowCount), rows: out.rowCount, invalid: out.invalidCount, message: `${done.toLocaleString('en-US')} of ${out.rowCount.toLocaleString('en-US')} rows stored` }));
      const durationMs = Date.now() - started;
      const rec: DatasetRecord = {
        id,
        name: input.name,
        createdAt: Date.now(),
        source: `import:${format}`,
        rowCount: out.rowCount,
        columns: out.columns,
        provenance: [
          {
            id: `s_${randomUUID().slice(0, 8)}`,
            kind: 'import',
            at: Date.now(),
            summary: `Imported ${out.rowCount.toLocaleString('en-US')} rows from ${fileName}${out.invalidCount > 0 ? `; ${out.invalidCount.toLocaleString('en-US')} invalid rows skipped` : ''}`,
            params: { file: fileName, format, encoding: opts.encoding, delimiter: opts.delimiter, decimal: opts.decimal, headerRow: opts.headerRow, ...(opts.sheet ? { sheet: opts.sheet } : {}), densityKgM3: taskInput.densityKgM3, zone: taskInput.zone, mappings: input.mappings.filter((m) => m.include), invalidCount: out.invalidCount, sourceBytes: out.bytes },
            affected: out.rowCount,
            reversible: false,
          },
        ],
      };
      const issues: WriteStatement[] = out.invalidRows.length > 0 ? [{ sql: 'INSERT INTO data_import_issues(dataset_id, seq, line, reasons_json, text) VALUES (?, ?, ?, ?, ?)', rows: out.invalidRows.map((r, i) => [id, i, r.line, JSON.stringify(r.reasons), r.text]) }] : [];
      if (controller.signal.aborted) {
        await this.deps.store().write([{ sql: 'DELETE FROM dataset_rows WHERE dataset_id = ?', params: [id] }]);
        throw new DataError('CANCELLED', `Import of '${fileName}' was cancelled; nothing was kept`);
      }
      await this.deps.store().write([this.repo.insertDatasetStatement(rec), ...issues]);
      await this.deps.audit({ type: 'config.data.imported', source: 'data', data: { id, name: input.name, file: fileName, rows: out.rowCount, invalid: out.invalidCount } });
      this.deps.publish('data.datasets.changed', { id, change: 'created' });
      this.progress({ ...base, jobId: job.id, phase: 'done', fraction: 1, rows: out.rowCount, invalid: out.invalidCount });
      if (input.source.kind === 'upload') this.uploads.abort(input.source.uploadId);
      const seconds = Math.max(1e-3, durationMs / 1000);
      return { datasetId: id, rowCount: out.rowCount, invalidCount: out.invalidCount, invalidRows: out.invalidRows.slice(0, 1000), durationMs, rowsPerSecond: Math.round((out.rowCount + out.invalidCount) / seconds) };
    } catch (error) {
      const cancelled = error instanceof DataError && error.code === 'CANCELLED';
      this.progress({ ...base, phase: cancelled ? 'cancelled' : 'failed', fraction: 0, rows: 0, invalid: 0, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.imports.delete(input.importId);
    }
  }

  /** Rows in batches of WRITE_BATCH_ROWS (one transaction each); on cancel or failure the partial rows are removed. */
  private async writeImported(id: string, out: ImportTaskOutput, signal: AbortSignal, onBatch: (done: number) => void): Promise<void> {
    const exact = out.columns.map((c) => c.quantity === 'time');
    const width = out.columns.length;
    try {
      for (let start = 0; start < out.rowCount; start += WRITE_BATCH_ROWS) {
        if (signal.aborted) throw new DataError('CANCELLED', 'Import was cancelled; nothing was kept');
        const end = Math.min(out.rowCount, start + WRITE_BATCH_ROWS);
        const rows: Array<[number, string]> = new Array(end - start);
        for (let i = start; i < end; i++) {
          let s = '[';
          for (let c = 0; c < width; c++) {
            if (c > 0) s += ',';
            s += jsonNumber((out.data[c] as Float64Array)[i] as number, exact[c] as boolean);
          }
          rows[i - start] = [i, `${s}]`];
        }
        await this.deps.store().write([this.repo.insertRowsStatement(id, rows)]);
        onBatch(end);
      }
    } catch (error) {
      await this.deps.store().write([{ sql: 'DELETE FROM dataset_rows WHERE dataset_id = ?', params: [id] }]).catch(() => undefined);
      throw error;
    }
  }

  // ---- datasets ----------------------------------------------------------------------------

  async list(): Promise<DatasetSummary[]> {
    return (await this.repo.list()).map(summaryOf);
  }

  private async record(id: string): Promise<DatasetRecord> {
    const rec = await this.repo.get(id);
    if (!rec) throw new DataError('NOT_FOUND', `No dataset '${id}'`);
    return rec;
  }

  private detail(rec: DatasetRecord): DatasetDetail {
    return { ...summaryOf(rec), provenance: rec.provenance };
  }

  async get(id: string, offset: number, limit: number): Promise<{ dataset: DatasetDetail; offset: number; rows: Array<{ index: number; values: (number | null)[] }> }> {
    const rec = await this.record(id);
    return { dataset: this.detail(rec), offset, rows: await this.repo.rows(id, offset, limit) };
  }

  async issues(id: string, offset: number, limit: number) {
    await this.record(id);
    return this.repo.issues(id, offset, limit);
  }

  async rename(id: string, name: string): Promise<DatasetSummary> {
    const rec = await this.record(id);
    await this.repo.rename(id, name);
    await this.deps.audit({ type: 'config.data.renamed', source: 'data', data: { id, from: rec.name, to: name } });
    this.deps.publish('data.datasets.changed', { id, change: 'updated' });
    return summaryOf({ ...rec, name });
  }

  async delete(id: string): Promise<boolean> {
    const rec = await this.repo.get(id);
    if (!rec) return false;
    await this.withLock(id, () => this.repo.delete(id));
    this.cache.delete(id);
    await this.deps.audit({ type: 'config.data.deleted', source: 'data', data: { id, name: rec.name, rows: rec.rowCount } });
    this.deps.publish('data.datasets.changed', { id, change: 'deleted' });
    return true;
  }

  /** Loads a dataset column-wise (present rows and rows excluded by cleaning steps), cached per version. */
  private async loadTable(rec: DatasetRecord): Promise<DataTable> {
    const version = versionOf(rec);
    const hit = this.cache.get(rec.id);
    if (hit && hit.version === version) return hit.table;
    const excluded = await this.repo.excludedRows(rec.id);
    const present: Array<{ row_index: number; values_json: string }> = [];
    for await (const page of this.repo.allRows(rec.id)) for (const r of page) present.push(r);
    const all: Array<{ row_index: number; values_json: string; step?: string }> = [...present, ...excluded.map((e) => ({ row_index: e.row_index, values_json: e.values_json, step: e.step_id }))];
    if (excluded.length > 0) all.sort((a, b) => a.row_index - b.row_index);
    const table = new DataTable(rec.columns, all.length);
    const width = rec.columns.length;
    for (let i = 0; i < all.length; i++) {
      const r = all[i] as { row_index: number; values_json: string; step?: string };
      table.index[i] = Number(r.row_index);
      if (r.step !== undefined) {
        table.present[i] = 0;
        table.excludedBy[i] = r.step;
      }
      let values: unknown;
      try {
        values = JSON.parse(r.values_json);
      } catch {
        values = [];
      }
      if (!Array.isArray(values)) continue;
      for (let c = 0; c < width; c++) {
        const v = values[c];
        (table.data[c] as Float64Array)[i] = typeof v === 'number' ? v : NaN;
      }
    }
    this.cache.clear(); // one dataset in memory at a time keeps the core's footprint bounded
    this.cache.set(rec.id, { version, table });
    return table;
  }

  async series(id: string, xKey: string | undefined, yKeys: string[], maxPoints: number): Promise<{ x: string; xQuantity: string; points: number; total: number; data: (number | null)[][] }> {
    const rec = await this.record(id);
    const table = await this.loadTable(rec);
    const positions = table.presentPositions();
    const xi = xKey !== undefined ? table.col(xKey) : table.timeColumn();
    if (xKey !== undefined && xi < 0) throw new DataError('VALIDATION', `No column '${xKey}'`);
    const ys = yKeys.map((k) => {
      const c = table.col(k);
      if (c < 0) throw new DataError('VALIDATION', `No column '${k}'`);
      return c;
    });
    const x = xi >= 0 ? table.gather(xi, positions) : Float64Array.from(positions, (p) => table.index[p] as number);
    let sorted = true;
    for (let i = 1; i < x.length && sorted; i++) if (!((x[i] as number) >= (x[i - 1] as number))) sorted = false;
    let picks: ArrayLike<number>;
    if (positions.length <= maxPoints) picks = Uint32Array.from(positions.keys());
    else if (sorted) picks = lttb(x, table.gather(ys[0] as number, positions), maxPoints).indices;
    else {
      // Scatter data (x not ordered, e.g. head over flow): an even stride keeps the cloud's shape.
      const step = positions.length / maxPoints;
      picks = Uint32Array.from({ length: maxPoints }, (_, i) => Math.floor(i * step));
    }
    const data: (number | null)[][] = [];
    for (let k = 0; k < picks.length; k++) {
      const pos = positions[picks[k] as number] as number;
      const xv = x[picks[k] as number] as number;
      const row: (number | null)[] = [Number.isFinite(xv) ? xv : null];
      for (const c of ys) {
        const v = (table.data[c] as Float64Array)[pos] as number;
        row.push(Number.isFinite(v) ? v : null);
      }
      data.push(row);
    }
    return { x: xi >= 0 ? (table.columns[xi] as DatasetColumn).key : '#row', xQuantity: xi >= 0 ? (table.columns[xi] as DatasetColumn).quantity : 'other', points: data.length, total: positions.length, data };
  }

  async quality(id: string, options: { gapFactor: number; stuckRun: number; outlierMethod: 'hampel' | 'iqr' | 'zscore' }): Promise<QualityReport> {
    const rec = await this.record(id);
    return qualityReport(await this.loadTable(rec), options);
  }

  // ---- cleaning ----------------------------------------------------------------------------

  private async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.locks.set(id, next.catch(() => undefined));
    return next;
  }

  async applyCleaning(id: string, step: CleaningStep): Promise<{ dataset: DatasetDetail; stepId: string; affected: number; summary: string }> {
    return this.withLock(id, async () => {
      const rec = await this.record(id);
      const table = await this.loadTable(rec);
      const undo = await this.repo.stepUndo(id);
      const stepId = `s_${randomUUID().slice(0, 8)}`;
      table.clearTracking();
      let outcome;
      try {
        outcome = applyStep(table, step, stepId);
      } catch (error) {
        this.cache.delete(id);
        throw error;
      }
      undo.set(stepId, outcome.undo);
      const entry: ProvenanceStep = { id: stepId, kind: step.kind, at: Date.now(), summary: outcome.summary, params: { step }, affected: outcome.affected, reversible: true };
      const next = { ...rec, provenance: [...rec.provenance, entry] };
      const saved = await this.persist(next, table, undo);
      await this.deps.audit({ type: 'config.data.cleaned', source: 'data', data: { id, stepId, step, affected: outcome.affected } });
      this.deps.publish('data.datasets.changed', { id, change: 'updated' });
      return { dataset: this.detail(saved), stepId, affected: outcome.affected, summary: outcome.summary };
    });
  }

  async undoCleaning(id: string, stepId: string): Promise<{ dataset: DatasetDetail }> {
    return this.withLock(id, async () => {
      const rec = await this.record(id);
      const k = rec.provenance.findIndex((p) => p.id === stepId);
      if (k < 0) throw new DataError('NOT_FOUND', `No step '${stepId}' in dataset '${rec.name}'`);
      const target = rec.provenance[k] as ProvenanceStep;
      if (!target.reversible) throw new DataError('VALIDATION', `Step '${target.summary}' cannot be undone (delete the dataset instead)`);
      const table = await this.loadTable(rec);
      const undo = await this.repo.stepUndo(id);
      table.clearTracking();
      const steps = [...rec.provenance];
      try {
        // Unwind to just before the step, then replay the later steps on the restored data.
        for (let j = steps.length - 1; j >= k; j--) {
          const s = steps[j] as ProvenanceStep;
          if (!s.reversible) continue;
          const u = undo.get(s.id) as UndoRecord | undefined;
          if (!u) throw new DataError('FAILED', `Undo record of step '${s.summary}' is missing`);
          revertStep(table, u);
        }
        undo.delete(stepId);
        steps.splice(k, 1);
        for (let j = k; j < steps.length; j++) {
          const s = steps[j] as ProvenanceStep;
          if (!s.reversible) continue;
          const outcome = applyStep(table, (s.params as { step: CleaningStep }).step, s.id);
          undo.set(s.id, outcome.undo);
          steps[j] = { ...s, summary: outcome.summary, affected: outcome.affected };
        }
      } catch (error) {
        this.cache.delete(id);
        throw error;
      }
      const saved = await this.persist({ ...rec, provenance: steps }, table, undo);
      await this.deps.audit({ type: 'config.data.undone', source: 'data', data: { id, stepId, summary: target.summary } });
      this.deps.publish('data.datasets.changed', { id, change: 'updated' });
      return { dataset: this.detail(saved) };
    });
  }

  /** Writes what the table says changed, the undo records and the header, in one transaction. */
  private async persist(rec: DatasetRecord, table: DataTable, undo: Map<string, unknown>): Promise<DatasetRecord> {
    const id = rec.id;
    const upserts: Array<[string, number, string]> = [];
    const deletes: Array<[string, number]> = [];
    const positions = table.columnsChanged ? Array.from(table.index.keys()) : [...table.dirty];
    for (const pos of positions) {
      if (table.present[pos]) upserts.push([id, table.index[pos] as number, table.rowJson(pos)]);
      else deletes.push([id, table.index[pos] as number]);
    }
    const statements: WriteStatement[] = [];
    if (deletes.length > 0) statements.push({ sql: 'DELETE FROM dataset_rows WHERE dataset_id = ? AND row_index = ?', rows: deletes });
    if (upserts.length > 0) statements.push({ sql: 'INSERT OR REPLACE INTO dataset_rows(dataset_id, row_index, values_json) VALUES (?, ?, ?)', rows: upserts });
    if (table.excludedChanged || table.columnsChanged) {
      statements.push({ sql: 'DELETE FROM data_excluded_rows WHERE dataset_id = ?', params: [id] });
      const rows: Array<[string, string, number, string]> = [];
      for (let pos = 0; pos < table.length; pos++) if (!table.present[pos]) rows.push([id, table.excludedBy[pos] ?? '', table.index[pos] as number, table.rowJson(pos)]);
      if (rows.length > 0) statements.push({ sql: 'INSERT INTO data_excluded_rows(dataset_id, step_id, row_index, values_json) VALUES (?, ?, ?, ?)', rows });
    }
    statements.push({ sql: 'DELETE FROM data_steps WHERE dataset_id = ?', params: [id] });
    const stepRows = rec.provenance.filter((p) => p.reversible && undo.has(p.id)).map((p, i) => [id, p.id, i, JSON.stringify(undo.get(p.id))] as [string, string, number, string]);
    if (stepRows.length > 0) statements.push({ sql: 'INSERT INTO data_steps(dataset_id, step_id, seq, undo_json) VALUES (?, ?, ?, ?)', rows: stepRows });
    const saved: DatasetRecord = { ...rec, rowCount: table.presentCount(), columns: table.columns };
    statements.push(this.repo.updateHeaderStatement(saved));
    try {
      await this.deps.store().write(statements);
    } catch (error) {
      this.cache.delete(id);
      throw error;
    }
    table.clearTracking();
    this.cache.set(id, { version: versionOf(saved), table });
    return saved;
  }

  async deriveTestPoints(id: string, column: string, window: number, maxRelStd: number, minRows: number, name?: string): Promise<{ dataset: DatasetSummary; points: number }> {
    const rec = await this.record(id);
    const table = await this.loadTable(rec);
    const tp = testPoints(table, column, window, maxRelStd, minRows);
    if (tp.rows.length === 0) throw new DataError('VALIDATION', `No steady stretch of at least ${minRows} rows in '${column}' (window ${window}, std ≤ ${maxRelStd * 100} %); widen the tolerance or shorten the window`);
    const newId = `${DERIVED_PREFIX}${randomUUID()}`;
    const exact = table.columns.map((c) => c.quantity === 'time');
    const rows = tp.rows.map((r, i) => [i, `[${Array.from(r, (v, c) => jsonNumber(v, exact[c] as boolean)).join(',')}]`] as [number, string]);
    const out: DatasetRecord = {
      id: newId,
      name: name ?? `${rec.name} — test points`,
      createdAt: Date.now(),
      source: 'derived:test-points',
      rowCount: rows.length,
      columns: table.columns.map((c) => ({ ...c, sourceColumn: c.key })),
      provenance: [
        {
          id: `s_${randomUUID().slice(0, 8)}`,
          kind: 'test-points',
          at: Date.now(),
          summary: `${rows.length} test points: means of the steady stretches of '${column}' in '${rec.name}'`,
          params: { parentId: id, parentName: rec.name, column, window, maxRelStd, minRows, stretches: tp.stretches },
          affected: rows.length,
          reversible: false,
        },
      ],
    };
    await this.deps.store().write([this.repo.insertRowsStatement(newId, rows), this.repo.insertDatasetStatement(out)]);
    await this.deps.audit({ type: 'config.data.derived', source: 'data', data: { id: newId, parentId: id, points: rows.length } });
    this.deps.publish('data.datasets.changed', { id: newId, change: 'created' });
    return { dataset: summaryOf(out), points: rows.length };
  }

  // ---- export ------------------------------------------------------------------------------

  async exportCsv(id: string, delimiter: string, decimal: DecimalSeparator, target?: string): Promise<{ fileName: string; rows: number; bytes: number; csv?: string; path?: string }> {
    if (delimiter === decimal) throw new DataError('VALIDATION', `The delimiter and the decimal separator are both '${delimiter}'`);
    const rec = await this.record(id);
    const parts: string[] = [csvHeader(rec.columns, delimiter)];
    let bytes = parts[0]?.length ?? 0;
    let rows = 0;
    for await (const page of this.repo.allRows(id)) {
      for (const r of page) {
        let values: (number | null)[];
        try {
          values = JSON.parse(r.values_json) as (number | null)[];
        } catch {
          values = [];
        }
        const line = csvRow(rec.columns, values, delimiter, decimal);
        bytes += line.length + 1;
        if (!target && bytes > MAX_EXPORT_TEXT_BYTES) throw new DataError('LIMIT', `The CSV would exceed ${MAX_EXPORT_TEXT_BYTES / 2 ** 20} MiB; export it to a file path instead`);
        parts.push(line);
        rows++;
      }
    }
    const csv = `${parts.join('\n')}\n`;
    const fileName = `${rec.name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset'}.csv`;
    if (target) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, csv, 'utf8');
      return { fileName: path.basename(target), rows, bytes: Buffer.byteLength(csv), path: target };
    }
    return { fileName, rows, bytes: Buffer.byteLength(csv), csv };
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async onProjectOpened(): Promise<void> {
    this.cache.clear();
    await this.repo.dropOrphans([IMPORT_PREFIX, DERIVED_PREFIX]).catch((error: unknown) => this.deps.log.error('dropping orphan dataset rows failed', error));
  }

  onProjectClosing(): void {
    for (const c of this.imports.values()) c.abort();
    this.cache.clear();
  }

  stop(): void {
    this.onProjectClosing();
    this.uploads.clear();
  }

  /** The demo dataset: the clean pump test log, imported like any file. */
  async seedDemo(resourcesDir: string): Promise<void> {
    const file = path.join(resourcesDir, 'demo', 'data', 'pump-p1-test-2025-01-14.csv');
    if (!existsSync(file)) return;
    // Demo content is a convenience: a failure is logged and never stops the core from starting.
    try {
      await this.seedFrom(file);
    } catch (error) {
      this.deps.log.error('seeding the demo dataset failed', error);
    }
  }

  private async seedFrom(file: string): Promise<void> {
    const preview = await this.preview({ kind: 'path', path: file });
    const mappings = preview.columns.map((c) => ({ sourceIndex: c.index, include: true, key: '', name: c.header.replace(/\s*\[[^\]]*\]\s*$/, ''), quantity: c.quantity, unit: c.unit, ...(c.timeFormat ? { timeFormat: c.timeFormat } : {}) })) as ColumnMapping[];
    await this.runImport({ importId: `seed-${randomUUID()}`, source: { kind: 'path', path: file }, name: 'Pump P1 test 2025-01-14', options: preview.options as RunImportInput['options'], mappings, zone: 'utc' });
  }
}
