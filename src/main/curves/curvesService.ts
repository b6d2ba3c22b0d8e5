/**
 * The curves area's service: reads datasets from the shared tables, runs fits as compute jobs,
 * saves fits to pumps, checks ISO 9906 acceptance with the project's tolerance table and exports
 * fits as CSV. Handlers stay thin; everything here is testable with an in-process core.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALLOWED_FUNCTIONS, makePredictor, modelLibrary, type FitSuccess } from '#shared/fitting/index';
import { checkIso9906, ISO9906_TOLERANCES, type Iso9906Grade, type ToleranceFactors } from '#shared/hydraulics/iso9906';
import { hydraulicPowerKw } from '#shared/hydraulics/power';
import { parseStationJson } from '#shared/hydraulics/station';
import {
  ISO9906_GRADES,
  type ComparisonRow,
  type CurveKind,
  type CurveRef,
  type FitOptionsInput,
  type FitRunResult,
  type FitSuccessJson,
  type GuaranteePointInput,
  type Iso9906GradeId,
  type IsoResultJson,
  type LibraryModelInfo,
  type ModelFit,
  type ModelSpec,
  type PumpRecord,
  type SavedFit,
  type SavedFitSummary,
  type ToleranceFactorsInput,
  type ToleranceRow,
} from '#shared/rpc/domains/curves';
import type { JobInfo } from '#shared/rpc/domains/jobs';
import { RpcError } from '#shared/rpc/errors';
import type { AppendEvent } from '../events/eventStore';
import type { IStore } from '../store/types';
import type { JobRunner } from '../workers/jobRunner';
import { CancelledError } from '../workers/task';
import { jsonSafe, type FitTaskInput, type FitTaskOutput } from './fitTask';
import { CurvesRepository, type PumpRow } from './repository';

/** Where the default tolerance values come from; stated in the UI and in every check result. */
export const DEFAULT_TOLERANCE_SOURCE =
  'ISO 9906:2012, Table 8 (acceptance grades and tolerances) as reproduced in pump manufacturers’ literature. The relaxed factors for pumps below 10 kW are not applied.';

/** Points sent to the chart at most (the fit itself uses every point). */
const MAX_CHART_POINTS = 2000;
/** Above this many fitted points, per-point residual/fitted arrays are not sent (the chart points carry residuals). */
const MAX_RESIDUAL_ARRAY = 5000;

export type CurvesDeps = {
  store: () => IStore;
  jobs: JobRunner;
  publish: (topic: string, payload: unknown) => void;
  subscribe: (pattern: string, handler: (payload: unknown) => void) => () => void;
  audit: (event: AppendEvent) => Promise<void>;
  now?: () => number;
};

type DatasetColumn = { key: string; name: string; quantity: string; unit: string; sourceColumn: string };
type DatasetInfo = { id: string; name: string; rowCount: number; columns: DatasetColumn[]; steps: Array<{ kind: string; summary: string }> };

type LoadedXY = {
  dataset: DatasetInfo;
  xCol: DatasetColumn;
  yCol: DatasetColumn;
  /** Every row with finite x and y. */
  rows: number[];
  x: number[];
  y: number[];
  /** Aligned with rows; NaN where missing. */
  weights?: number[];
  extra: Partial<Record<'head' | 'efficiency' | 'power', number[]>>;
};

/** Which curve kinds a library model suits (UI presets). */
function suits(name: string): CurveKind[] {
  if (name.startsWith('pump-head') || name === 'system-curve') return ['head'];
  if (name.startsWith('pump-efficiency')) return ['efficiency'];
  if (name.startsWith('power-')) return ['power'];
  if (/^poly\d+$/.test(name)) return ['head', 'efficiency', 'power'];
  return [];
}

function kindFromQuantity(q: string): CurveKind | undefined {
  return q === 'head' ? 'head' : q === 'efficiency' ? 'efficiency' : q === 'power' ? 'power' : undefined;
}

export class CurvesService {
  readonly repo: CurvesRepository;
  private readonly runs = new Map<string, AbortController>();

  constructor(private readonly deps: CurvesDeps) {
    this.repo = new CurvesRepository(deps.store);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  // ---- model library -------------------------------------------------------------------------

  listModels(): { models: LibraryModelInfo[]; allowedFunctions: string[] } {
    return {
      models: modelLibrary.map((m) => ({ ...m, parameters: m.parameters.map((p) => ({ ...p })), suits: suits(m.name) })),
      allowedFunctions: Object.keys(ALLOWED_FUNCTIONS),
    };
  }

  // ---- datasets ------------------------------------------------------------------------------

  private async dataset(id: string): Promise<DatasetInfo> {
    const rows = await this.deps
      .store()
      .query<{ id: string; name: string; row_count: number; columns_json: string; provenance_json: string }>('SELECT id, name, row_count, columns_json, provenance_json FROM datasets WHERE id = ?', [id]);
    const r = rows[0];
    if (!r) throw new RpcError('NOT_FOUND', `Dataset '${id}' not found`);
    let columns: DatasetColumn[] = [];
    let steps: Array<{ kind: string; summary: string }> = [];
    try {
      columns = JSON.parse(r.columns_json) as DatasetColumn[];
    } catch {
      throw new RpcError('FAILED', `Dataset '${r.name}' has unreadable column metadata`);
    }
    try {
      const prov = JSON.parse(r.provenance_json) as unknown;
      if (Array.isArray(prov)) steps = prov.map((s: { kind?: unknown; summary?: unknown }) => ({ kind: String(s?.kind ?? ''), summary: String(s?.summary ?? '') }));
    } catch {
      steps = [];
    }
    return { id: r.id, name: r.name, rowCount: Number(r.row_count), columns, steps };
  }

  private async loadXY(datasetId: string, xKey: string, yKey: string, weightsKey: string | undefined): Promise<LoadedXY> {
    const dataset = await this.dataset(datasetId);
    const find = (key: string, what: string) => {
      const i = dataset.columns.findIndex((c) => c.key === key);
      if (i < 0) throw new RpcError('VALIDATION', `Dataset '${dataset.name}' has no ${what} column '${key}' (columns: ${dataset.columns.map((c) => c.key).join(', ')})`, { field: what, key });
      return i;
    };
    const xi = find(xKey, 'x');
    const yi = find(yKey, 'y');
    const wi = weightsKey ? find(weightsKey, 'weights') : -1;
    const xCol = dataset.columns[xi]!;
    const yCol = dataset.columns[yi]!;
    const extraIdx: Partial<Record<'head' | 'efficiency' | 'power', number>> = {};
    if (xCol.quantity === 'flow') {
      for (const q of ['head', 'efficiency', 'power'] as const) {
        const i = dataset.columns.findIndex((c) => c.quantity === q);
        if (i >= 0) extraIdx[q] = i;
      }
    }
    const out: LoadedXY = { dataset, xCol, yCol, rows: [], x: [], y: [], extra: {}, ...(wi >= 0 ? { weights: [] } : {}) };
    for (const q of Object.keys(extraIdx) as Array<'head' | 'efficiency' | 'power'>) out.extra[q] = [];
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);
    let after = -1;
    const PAGE = 50_000;
    for (;;) {
      const page = await this.deps
        .store()
        .query<{ row_index: number; values_json: string }>('SELECT row_index, values_json FROM dataset_rows WHERE dataset_id = ? AND row_index > ? ORDER BY row_index LIMIT ?', [datasetId, after, PAGE]);
      for (const r of page) {
        let values: unknown;
        try {
          values = JSON.parse(r.values_json);
        } catch {
          continue;
        }
        if (!Array.isArray(values)) continue;
        const xv = num(values[xi]);
        const yv = num(values[yi]);
        if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
        out.rows.push(Number(r.row_index));
        out.x.push(xv);
        out.y.push(yv);
        if (out.weights) out.weights.push(num(values[wi]));
        for (const [q, i] of Object.entries(extraIdx) as Array<['head' | 'efficiency' | 'power', number]>) out.extra[q]!.push(num(values[i]));
      }
      if (page.length < PAGE) break;
      after = Number(page[page.length - 1]!.row_index);
    }
    return out;
  }

  // ---- fitting -------------------------------------------------------------------------------

  /** Runs the 'curves.fit' job on already loaded data; progress is republished under the run id. */
  private async runJob(runId: string, title: string, input: FitTaskInput, signal: AbortSignal | undefined): Promise<{ jobId: string; output: FitTaskOutput }> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.runs.has(runId)) throw new RpcError('CONFLICT', `A fit with run id '${runId}' is already running`);
    this.runs.set(runId, controller);
    const job = this.deps.jobs.start<FitTaskOutput>('curves.fit', title, input, { signal: controller.signal });
    const unsubscribe = this.deps.subscribe('jobs.changed', (payload) => {
      const info = payload as JobInfo;
      if (info.id !== job.id) return;
      if (info.state === 'running' || info.state === 'queued')
        this.deps.publish('curves.fit.progress', { runId, jobId: job.id, phase: 'fitting', fraction: info.progress, ...(info.message ? { message: info.message } : {}) });
    });
    this.deps.publish('curves.fit.progress', { runId, jobId: job.id, phase: 'fitting', fraction: 0 });
    try {
      const output = await job.result;
      if (output.stopped) throw new CancelledError();
      this.deps.publish('curves.fit.progress', { runId, jobId: job.id, phase: 'done', fraction: 1 });
      return { jobId: job.id, output };
    } catch (error) {
      if (error instanceof CancelledError || controller.signal.aborted) {
        this.deps.publish('curves.fit.progress', { runId, jobId: job.id, phase: 'cancelled', fraction: 0 });
        throw new RpcError('CANCELLED', 'The fit was cancelled');
      }
      const message = error instanceof Error ? error.message : String(error);
      this.deps.publish('curves.fit.progress', { runId, jobId: job.id, phase: 'failed', fraction: 0, message });
      throw new RpcError('FAILED', `The fit job failed: ${message}`);
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      this.runs.delete(runId);
    }
  }

  cancel(runId: string): boolean {
    const c = this.runs.get(runId);
    if (!c) return false;
    c.abort();
    return true;
  }

  private taskInput(data: LoadedXY, excluded: Set<number>, models: ModelSpec[], options: FitOptionsInput, curveKind: CurveKind | undefined): { input: FitTaskInput; used: number[] } {
    const used: number[] = [];
    for (let i = 0; i < data.rows.length; i++) if (!excluded.has(data.rows[i]!)) used.push(i);
    const pick = (a: number[]) => used.map((i) => a[i]!);
    const extra = data.extra;
    const input: FitTaskInput = {
      x: pick(data.x),
      y: pick(data.y),
      ...(data.weights ? { weights: pick(data.weights) } : {}),
      models,
      options,
      ...(curveKind ? { curveKind } : {}),
      ...(extra.head && extra.efficiency && extra.power
        ? { measured: { headM: pick(extra.head).map(nullIfNaN), efficiency: pick(extra.efficiency).map(nullIfNaN), powerKw: pick(extra.power).map(nullIfNaN) } }
        : {}),
    };
    return { input, used };
  }

  async runFit(
    req: { runId: string; datasetId: string; xColumn: string; yColumn: string; curveKind?: CurveKind; excluded: number[]; models: ModelSpec[]; options: FitOptionsInput },
    signal?: AbortSignal,
  ): Promise<FitRunResult> {
    const t0 = performance.now();
    this.deps.publish('curves.fit.progress', { runId: req.runId, phase: 'loading', fraction: 0 });
    const data = await this.loadXY(req.datasetId, req.xColumn, req.yColumn, req.options.weightsColumn);
    if (data.x.length === 0) throw new RpcError('FAILED', `No row of '${data.dataset.name}' has numbers in both '${data.xCol.name}' and '${data.yCol.name}'`);
    const curveKind = req.curveKind ?? (data.xCol.quantity === 'flow' ? kindFromQuantity(data.yCol.quantity) : undefined);
    const excluded = new Set(req.excluded);
    const { input, used } = this.taskInput(data, excluded, req.models, req.options, curveKind);
    const title = `Fit ${data.yCol.name} over ${data.xCol.name} (${req.models.length} model${req.models.length === 1 ? '' : 's'})`;
    const { jobId, output } = await this.runJob(req.runId, title, input, signal);

    // Chart points: all when few, else an even stride; excluded points are always shown.
    const n = data.rows.length;
    const stride = n > MAX_CHART_POINTS ? n / MAX_CHART_POINTS : 1;
    const chosen = new Set<number>();
    for (let k = 0; k * stride < n && chosen.size < MAX_CHART_POINTS; k++) chosen.add(Math.floor(k * stride));
    for (let i = 0; i < n; i++) if (excluded.has(data.rows[i]!)) chosen.add(i);
    const positions = [...chosen].sort((a, b) => a - b);
    const primary = output.fits[0]?.result;
    const predictor = primary && primary.ok ? makePredictor(primary as unknown as FitSuccess) : undefined;
    const predicted = predictor ? predictor(positions.map((i) => data.x[i]!)) : undefined;
    const points = positions.map((i, k): [number, number, number, number | null, number] => {
      const r = predicted ? data.y[i]! - predicted[k]! : Number.NaN;
      return [data.rows[i]!, data.x[i]!, data.y[i]!, Number.isFinite(r) ? r : null, excluded.has(data.rows[i]!) ? 1 : 0];
    });
    const fits: ModelFit[] = output.fits.map((f) => (f.result.ok && used.length > MAX_RESIDUAL_ARRAY ? { ...f, result: { ...f.result, residuals: [], fitted: [] } } : f));
    return {
      runId: req.runId,
      jobId,
      datasetId: data.dataset.id,
      datasetName: data.dataset.name,
      xColumn: data.xCol.key,
      yColumn: data.yCol.key,
      xLabel: data.xCol.name,
      yLabel: data.yCol.name,
      xUnit: data.xCol.unit,
      yUnit: data.yCol.unit,
      ...(curveKind ? { curveKind } : {}),
      totalPoints: n,
      fittedPoints: used.length,
      points,
      fits,
      comparison: fits.map(comparisonRow),
      durationMs: performance.now() - t0,
    };
  }

  async saveFit(req: {
    pumpId: string;
    curveKind: CurveKind;
    name?: string;
    datasetId: string;
    xColumn: string;
    yColumn: string;
    excluded: number[];
    model: ModelSpec;
    options: FitOptionsInput;
  }): Promise<SavedFitSummary> {
    const pump = await this.repo.pump(req.pumpId);
    if (!pump) throw new RpcError('NOT_FOUND', `Pump '${req.pumpId}' not found`);
    const data = await this.loadXY(req.datasetId, req.xColumn, req.yColumn, req.options.weightsColumn);
    if (data.xCol.quantity !== 'flow') throw new RpcError('VALIDATION', `A pump curve is a function of flow; x column '${data.xCol.name}' is ${data.xCol.quantity}`, { field: 'xColumn' });
    const { input, used } = this.taskInput(data, new Set(req.excluded), [req.model], req.options, req.curveKind);
    const { output } = await this.runJob(`save-${randomUUID()}`, `Fit and save ${req.curveKind} curve of ${pump.id}`, input, undefined);
    const fit = output.fits[0];
    if (!fit) throw new RpcError('FAILED', 'The fit produced no result');
    if (!fit.result.ok) throw new RpcError('FAILED', `The fit failed, nothing was saved: ${fit.result.message}`, { reason: fit.result.reason });
    const result = fit.result as FitSuccessJson;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const i of used) {
      lo = Math.min(lo, data.x[i]!);
      hi = Math.max(hi, data.x[i]!);
    }
    const at = this.now();
    const saved: SavedFit = {
      id: randomUUID(),
      pumpId: pump.id,
      curveKind: req.curveKind,
      name: req.name?.trim() || `${pump.id} ${req.curveKind === 'head' ? 'H-Q' : req.curveKind === 'efficiency' ? 'η-Q' : 'P-Q'} · ${fit.label}`,
      createdAt: at,
      datasetId: data.dataset.id,
      xColumn: data.xCol.key,
      yColumn: data.yCol.key,
      excluded: [...new Set(req.excluded)].sort((a, b) => a - b),
      model: req.model,
      label: fit.label,
      expression: result.expression,
      engine: result.engine,
      parameters: result.parameters,
      metrics: result.metrics,
      ...(result.cvRmse !== undefined && result.cvRmse !== null ? { cvRmse: result.cvRmse } : {}),
      flowRangeM3h: [lo, hi],
      provenance: { datasetName: data.dataset.name, datasetSteps: data.dataset.steps, datasetRowCount: data.dataset.rowCount, savedAt: at, options: jsonSafe({ ...req.options }) as Record<string, unknown> },
      result,
    };
    await this.repo.insertFit(saved);
    await this.deps.audit({
      type: 'config.curves.fitSaved',
      source: 'curves',
      data: { id: saved.id, pumpId: saved.pumpId, curveKind: saved.curveKind, model: saved.label, datasetId: saved.datasetId, excludedPoints: saved.excluded.length, parameters: Object.fromEntries(saved.parameters.map((p) => [p.name, p.value])) },
    });
    this.deps.publish('curves.changed', { what: 'fits', id: saved.id });
    const { result: _r, ...summary } = saved;
    return summary;
  }

  async getFit(id: string): Promise<SavedFit> {
    const fit = await this.repo.fit(id);
    if (!fit) throw new RpcError('NOT_FOUND', `Saved fit '${id}' not found`);
    return fit;
  }

  async deleteFit(id: string): Promise<boolean> {
    const removed = await this.repo.deleteFit(id);
    if (removed) {
      await this.deps.audit({ type: 'config.curves.fitDeleted', source: 'curves', data: { id, pumpId: removed.pumpId, curveKind: removed.curveKind, name: removed.name } });
      this.deps.publish('curves.changed', { what: 'fits', id });
    }
    return removed !== undefined;
  }

  // ---- pumps ---------------------------------------------------------------------------------

  async listPumps(): Promise<PumpRecord[]> {
    const [pumps, counts] = await Promise.all([this.repo.pumps(), this.repo.fitCounts()]);
    return pumps.map((p) => toPumpRecord(p, counts.get(p.id)));
  }

  async savePump(input: { id: string; name: string; ratedSpeedRpm: number; manufacturerPoints: PumpRow['manufacturerPoints']; guarantee?: GuaranteePointInput; grade: Iso9906GradeId; notes: string }): Promise<PumpRecord> {
    const before = await this.repo.pump(input.id);
    const row: PumpRow = { ...input, guarantee: input.guarantee, updatedAt: this.now() };
    await this.repo.savePump(row);
    await this.deps.audit({
      type: before ? 'config.curves.pumpUpdated' : 'config.curves.pumpCreated',
      source: 'curves',
      data: { id: row.id, name: row.name, ratedSpeedRpm: row.ratedSpeedRpm, guarantee: row.guarantee ?? null, grade: row.grade, manufacturerPoints: row.manufacturerPoints.length, ...(before ? { previous: { name: before.name, guarantee: before.guarantee ?? null, grade: before.grade } } : {}) },
    });
    this.deps.publish('curves.changed', { what: 'pumps', id: row.id });
    return toPumpRecord(row, (await this.repo.fitCounts()).get(row.id));
  }

  async deletePump(id: string): Promise<boolean> {
    const deleted = await this.repo.deletePump(id);
    if (deleted) {
      await this.deps.audit({ type: 'config.curves.pumpDeleted', source: 'curves', data: { id } });
      this.deps.publish('curves.changed', { what: 'pumps', id });
    }
    return deleted;
  }

  // ---- ISO 9906 ------------------------------------------------------------------------------

  async tolerances(): Promise<{ rows: ToleranceRow[]; defaultSource: string }> {
    const edited = await this.repo.tolerances();
    return {
      rows: ISO9906_GRADES.map((grade) => {
        const e = edited.get(grade);
        return e
          ? { grade, factors: e.factors, source: e.source, isDefault: false, updatedAt: e.updatedAt }
          : { grade, factors: { ...ISO9906_TOLERANCES[grade as Iso9906Grade] }, source: DEFAULT_TOLERANCE_SOURCE, isDefault: true };
      }),
      defaultSource: DEFAULT_TOLERANCE_SOURCE,
    };
  }

  async setTolerance(req: { grade: Iso9906GradeId; factors?: ToleranceFactorsInput; source?: string; reset?: boolean }): Promise<{ rows: ToleranceRow[]; defaultSource: string }> {
    const before = (await this.tolerances()).rows.find((r) => r.grade === req.grade)!;
    if (req.reset) {
      await this.repo.resetTolerance(req.grade);
      await this.deps.audit({ type: 'config.curves.toleranceReset', source: 'curves', data: { grade: req.grade, previous: before.factors } });
    } else {
      if (!req.factors) throw new RpcError('VALIDATION', 'Give the tolerance factors (or reset: true)', { field: 'factors' });
      if (!req.source?.trim()) throw new RpcError('VALIDATION', 'Say where edited tolerance values come from (source), so the report can cite them', { field: 'source' });
      await this.repo.setTolerance(req.grade, req.factors, req.source.trim(), this.now());
      await this.deps.audit({ type: 'config.curves.toleranceEdited', source: 'curves', data: { grade: req.grade, factors: req.factors, source: req.source.trim(), previous: before.factors } });
    }
    this.deps.publish('curves.changed', { what: 'tolerances', id: req.grade });
    return this.tolerances();
  }

  private async curveFunction(ref: CurveRef, what: string): Promise<{ f: (q: number) => number; range: [number, number] }> {
    let fit: Pick<FitSuccess, 'expression' | 'variables' | 'parameters'>;
    let range: [number, number];
    if ('fitId' in ref) {
      const saved = await this.repo.fit(ref.fitId);
      if (!saved) throw new RpcError('NOT_FOUND', `Saved fit '${ref.fitId}' (${what}) not found`);
      fit = saved.result as unknown as FitSuccess;
      range = saved.flowRangeM3h;
    } else {
      fit = { expression: ref.expression, variables: ['x'], parameters: Object.entries(ref.parameters).map(([name, value]) => ({ name, value, stdError: 0, ciLower: value, ciUpper: value })) };
      range = ref.flowRangeM3h;
    }
    const predict = makePredictor(fit as FitSuccess);
    if (!predict) throw new RpcError('VALIDATION', `The ${what} curve '${fit.expression}' cannot be evaluated as a function of flow`, { field: what });
    if (!(range[1] > range[0])) throw new RpcError('VALIDATION', `The ${what} curve needs a flow range with max > min`, { field: what });
    return { f: (q) => predict([q])[0]!, range };
  }

  async checkIso(req: { pumpId?: string; guarantee?: GuaranteePointInput; grade?: Iso9906GradeId; head: CurveRef; efficiency?: CurveRef; power?: CurveRef }): Promise<IsoResultJson> {
    const pump = req.pumpId ? await this.repo.pump(req.pumpId) : undefined;
    if (req.pumpId && !pump) throw new RpcError('NOT_FOUND', `Pump '${req.pumpId}' not found`);
    const guarantee = req.guarantee ?? pump?.guarantee;
    if (!guarantee) throw new RpcError('VALIDATION', pump ? `Pump ${pump.id} has no guarantee point; enter one under Pumps` : 'Give a guarantee point or a pump that has one', { field: 'guarantee' });
    const grade = req.grade ?? pump?.grade ?? '2B';
    const row = (await this.tolerances()).rows.find((r) => r.grade === grade)!;
    const head = await this.curveFunction(req.head, 'head');
    const eff = req.efficiency ? await this.curveFunction(req.efficiency, 'efficiency') : undefined;
    const pow = req.power ? await this.curveFunction(req.power, 'power') : undefined;
    const r = checkIso9906(
      { headM: head.f, flowRangeM3h: head.range, ...(eff ? { efficiency: eff.f } : {}), ...(pow ? { powerKw: pow.f } : {}) },
      guarantee,
      row.factors as ToleranceFactors,
    );
    return jsonSafe({
      ...r,
      grade,
      tolerances: r.tolerances,
      toleranceSource: row.source,
      tolerancesEdited: !row.isDefault,
      guarantee,
      messages: [...r.messages, `Grade ${grade} tolerances: flow −${pct(row.factors.flowMinus)}/+${pct(row.factors.flowPlus)}, head −${pct(row.factors.headMinus)}/+${pct(row.factors.headPlus)}, power +${pct(row.factors.powerPlus)}, efficiency −${pct(row.factors.efficiencyMinus)} (${row.isDefault ? 'default' : 'edited for this project'}; source: ${row.source}).`],
    }) as IsoResultJson;
  }

  // ---- export --------------------------------------------------------------------------------

  async exportCsv(req: { fitIds?: string[]; pumpId?: string }): Promise<{ fileName: string; csv: string; rows: number }> {
    const fits = await this.repo.fits({ ...(req.fitIds ? { ids: req.fitIds } : {}), ...(req.pumpId ? { pumpId: req.pumpId } : {}) });
    if (req.fitIds) {
      const missing = req.fitIds.filter((id) => !fits.some((f) => f.id === id));
      if (missing.length) throw new RpcError('NOT_FOUND', `Saved fit(s) not found: ${missing.join(', ')}`);
    }
    const header = ['pump', 'curve', 'fit', 'model', 'expression', 'engine', 'parameter', 'value', 'std_error', 'ci_lower', 'ci_upper', 'n', 'p', 'rss', 'r2', 'adj_r2', 'rmse', 'aic', 'bic', 'cv_rmse', 'flow_min_m3h', 'flow_max_m3h', 'dataset', 'excluded_points', 'saved_at'];
    const lines = [header.join(',')];
    let rows = 0;
    for (const f of fits) {
      for (const p of f.parameters) {
        const m = f.metrics;
        lines.push(
          [f.pumpId, f.curveKind, f.name, f.label, f.expression, f.engine, p.name, p.value, p.stdError, p.ciLower, p.ciUpper, m.n, m.p, m.rss, m.r2, m.adjR2, m.rmse, m.aic, m.bic, f.cvRmse, f.flowRangeM3h[0], f.flowRangeM3h[1], f.provenance.datasetName, f.excluded.length, new Date(f.createdAt).toISOString()]
            .map(csvCell)
            .join(','),
        );
        rows++;
      }
    }
    return { fileName: `fits${req.pumpId ? `-${req.pumpId}` : ''}.csv`, csv: `${lines.join('\r\n')}\r\n`, rows };
  }

  // ---- demo ----------------------------------------------------------------------------------

  /** Demo pumps P1..P3 from the demo station file: manufacturer points from its curves, guarantee at the BEP. */
  async seedDemo(resourcesDir: string): Promise<void> {
    const file = path.join(resourcesDir, 'demo', 'station.json');
    if (!existsSync(file)) return;
    let parsed;
    try {
      parsed = parseStationJson(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return;
    }
    if (!parsed.ok) return;
    const at = this.now();
    const evalPoly = (c: number[], q: number) => c.reduce((s, ci, i) => s + ci * q ** i, 0);
    const rows: PumpRow[] = parsed.station.pumps.map((p) => {
      const [q0, q1] = p.flowRange;
      const eta = p.efficiency.coeffs;
      // BEP of η = a1·Q + a2·Q²: Q = −a1/(2·a2); else the middle of the flow range.
      const qBep = eta.length === 3 && eta[2]! < 0 ? -eta[1]! / (2 * eta[2]!) : (q0 + q1) / 2;
      const points = Array.from({ length: 9 }, (_, i) => {
        const q = (q1 * 1.05 * i) / 8;
        const h = evalPoly(p.head.coeffs, q);
        const e = evalPoly(eta, q);
        return { flowM3h: round(q, 1), headM: round(h, 2), efficiency: round(Math.max(0, Math.min(1, e)), 4), ...(e > 0.05 ? { powerKw: round(hydraulicPowerKw(q, h) / e, 2) } : {}) };
      });
      const hG = evalPoly(p.head.coeffs, qBep);
      const eG = evalPoly(eta, qBep);
      return {
        id: p.id,
        name: p.name ?? p.id,
        ratedSpeedRpm: p.ratedSpeedRpm,
        manufacturerPoints: points,
        guarantee: { flowM3h: round(qBep, 1), headM: round(hG, 2), efficiency: round(eG, 4), powerKw: round(hydraulicPowerKw(qBep, hG) / eG, 2) },
        grade: '2B',
        notes: 'Demo pump: manufacturer points and guarantee point (at the best-efficiency point) from resources/demo/station.json.',
        updatedAt: at,
      };
    });
    await this.deps.store().write(rows.map((r) => this.repo.upsertPumpStatement(r)));
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

function nullIfNaN(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function comparisonRow(f: ModelFit): ComparisonRow {
  const r = f.result;
  if (!r.ok) return { label: f.label, ok: false, physicsWarnings: 0, message: r.message };
  return {
    label: f.label,
    ok: true,
    engine: r.engine,
    p: r.metrics.p,
    rss: r.metrics.rss,
    r2: r.metrics.r2,
    adjR2: r.metrics.adjR2,
    rmse: r.metrics.rmse,
    aic: r.metrics.aic,
    bic: r.metrics.bic,
    cvRmse: r.cvRmse ?? null,
    converged: r.converged,
    physicsWarnings: f.physics.filter((w) => w.severity === 'warning').length,
  };
}

function toPumpRecord(p: PumpRow, counts: { head: number; efficiency: number; power: number } | undefined): PumpRecord {
  return {
    id: p.id,
    name: p.name,
    ratedSpeedRpm: p.ratedSpeedRpm,
    manufacturerPoints: p.manufacturerPoints,
    ...(p.guarantee ? { guarantee: p.guarantee } : {}),
    grade: p.grade,
    notes: p.notes,
    updatedAt: p.updatedAt,
    fitCounts: counts ?? { head: 0, efficiency: 0, power: 0 },
  };
}
