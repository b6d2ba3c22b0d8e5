/**
 * The optimize area's service: stations (validated, fitted curves resolved), solves run as compute
 * jobs with progress and cancel, every result kept as an optimization run.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DE_DEFAULTS,
  EXHAUSTIVE_DEFAULTS,
  GA_DEFAULTS,
  NSGA2_DEFAULTS,
  PSO_DEFAULTS,
  demandRange,
  parsePlan,
  parseStation,
  type DemandResult,
  type OperatingRow,
  type OptimizedSchedule,
  type ParetoResult,
  type Plan,
  type Station,
  type StationIssue,
} from '#shared/optimize/index';
import type {
  CompareRow,
  DemandAlgorithm,
  FlatOperatingRow,
  OptimizationRun,
  OptimizationRunResult,
  RunKind,
  StationDocument,
  StationRecord,
} from '#shared/rpc/domains/optimize';
import { RpcError } from '#shared/rpc/errors';
import type { JobRunner } from '../workers/jobRunner';
import { CancelledError } from '../workers/task';
import type { IStore } from '../store/types';
import { resolveFits, listFitOptions } from './fits';
import { OptimizeRepository, type StoredStation } from './repository';
import type { DemandTaskInput, DemandTaskOutput, ParetoTaskInput, ScheduleTaskInput } from './tasks';

export interface OptimizeServiceDeps {
  store: () => IStore;
  jobs: JobRunner;
  publish: (topic: string, payload: unknown) => void;
  audit: (event: { type: string; source: string; data: Record<string, unknown> }) => Promise<void>;
  now?: () => number;
}

type Bound = { min: number; max: number; int?: boolean };
/** Accepted ranges of solver settings: wide enough for studies, tight enough that one run cannot hang the pool for hours. */
const SETTING_BOUNDS: Record<string, Bound> = {
  population: { min: 4, max: 2000, int: true },
  swarmSize: { min: 4, max: 2000, int: true },
  generations: { min: 1, max: 20_000, int: true },
  iterations: { min: 1, max: 20_000, int: true },
  crossoverRate: { min: 0, max: 1 },
  cr: { min: 0, max: 1 },
  f: { min: 0.01, max: 2 },
  etaC: { min: 0, max: 500 },
  etaM: { min: 0, max: 500 },
  bitMutationRate: { min: 0, max: 1 },
  realMutationRate: { min: 0, max: 1 },
  mutationRate: { min: 0, max: 1 },
  elite: { min: 0, max: 100, int: true },
  tournament: { min: 2, max: 20, int: true },
  inertiaStart: { min: 0, max: 2 },
  inertiaEnd: { min: 0, max: 2 },
  c1: { min: 0, max: 5 },
  c2: { min: 0, max: 5 },
  maxVelocityFraction: { min: 0.001, max: 1 },
  neighbours: { min: 0, max: 100, int: true },
  gridPoints: { min: 2, max: 401, int: true },
  maxGridPerSubset: { min: 8, max: 1_000_000, int: true },
  refineTolerance: { min: 1e-12, max: 0.1 },
  toleranceRel: { min: 1e-9, max: 0.05 },
};

/** Most objective evaluations one run may plan (population × generations), about a minute of work. */
const MAX_PLANNED_EVALUATIONS = 5_000_000;

const ALGORITHM_SETTINGS: Record<DemandAlgorithm | 'nsga2', string[]> = {
  exhaustive: [...Object.keys(EXHAUSTIVE_DEFAULTS), 'gridPoints', 'toleranceRel'],
  ga: [...Object.keys(GA_DEFAULTS), 'bitMutationRate', 'realMutationRate', 'toleranceRel'],
  pso: [...Object.keys(PSO_DEFAULTS), 'toleranceRel'],
  de: [...Object.keys(DE_DEFAULTS), 'toleranceRel'],
  nsga2: [...Object.keys(NSGA2_DEFAULTS), 'mutationRate', 'toleranceRel'],
};

/** Checks solver settings by name and range; errors name `settings.<name>`. */
export function checkSettings(algorithm: DemandAlgorithm | 'nsga2', settings: Record<string, number> = {}): Record<string, number> {
  const allowed = ALGORITHM_SETTINGS[algorithm];
  for (const [key, value] of Object.entries(settings)) {
    if (!allowed.includes(key)) throw new RpcError('VALIDATION', `settings.${key}: not a setting of ${algorithm} (known: ${allowed.join(', ')})`);
    const b = SETTING_BOUNDS[key];
    if (b && (value < b.min || value > b.max || (b.int && !Number.isInteger(value)))) {
      throw new RpcError('VALIDATION', `settings.${key}: must be ${b.int ? 'a whole number' : 'a number'} from ${b.min} to ${b.max}, got ${value}`);
    }
  }
  const size = settings.population ?? settings.swarmSize;
  const steps = settings.generations ?? settings.iterations;
  if (size !== undefined && steps !== undefined && size * steps > MAX_PLANNED_EVALUATIONS) {
    throw new RpcError('VALIDATION', `settings: ${size} × ${steps} = ${size * steps} planned evaluations exceeds ${MAX_PLANNED_EVALUATIONS.toLocaleString('en')}`);
  }
  return settings;
}

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function describeDemand(r: DemandResult): string {
  if (!r.feasible) return `${fmt(r.demandM3h, 1)} m³/h infeasible: ${r.reason}`;
  const running = r.pumps.filter((p) => p.on).map((p) => `${p.id} @${p.speedRatio.toFixed(3)}`);
  return `${fmt(r.demandM3h, 1)} m³/h at ${fmt(r.headM, 1)} m: ${running.join(' + ')} → ${fmt(r.powerKw)} kW`;
}

/** Operating-table rows flattened for reports and CSV (one string of pumps and speeds). */
export function flattenTable(rows: OperatingRow[]): FlatOperatingRow[] {
  return rows.map((r) =>
    r.feasible
      ? {
          demandM3h: r.demandM3h,
          feasible: true,
          pumps: r.pumps.map((p) => `${p.id} @${p.speedRatio.toFixed(3)}`).join(', '),
          headM: r.headM,
          powerKw: r.powerKw,
          specificEnergyKwhPerM3: r.specificEnergyKwhPerM3,
          reason: '',
        }
      : { demandM3h: r.demandM3h, feasible: false, pumps: '', headM: r.headM ?? null, powerKw: null, specificEnergyKwhPerM3: null, reason: r.reason },
  );
}

function issuesMessage(what: string, issues: StationIssue[]): string {
  const first = issues[0];
  if (!first) return `${what} is invalid`;
  return `${what} is invalid: ${first.path || 'document'}: ${first.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`;
}

type PendingRun = { jobId?: string; cancelled: boolean };

export class OptimizeService {
  readonly repo: OptimizeRepository;
  private readonly pending = new Map<string, PendingRun>();
  private readonly jobToRun = new Map<string, { runId: string; index: number; of: number }>();
  private readonly now: () => number;

  constructor(private readonly deps: OptimizeServiceDeps) {
    this.repo = new OptimizeRepository(deps.store);
    this.now = deps.now ?? Date.now;
  }

  // ---------------------------------------------------------------- stations

  /**
   * Resolves `curveSource: fit` pumps to polynomial coefficients and validates the result.
   * Returns the document with coefficients filled in (curve sources kept) and the parsed station.
   */
  async resolve(document: StationDocument): Promise<{ document: StationDocument; issues: StationIssue[]; warnings: string[]; station?: Station }> {
    const doc = structuredClone(document);
    const issues: StationIssue[] = [];
    const warnings: string[] = [];
    const pumps = Array.isArray(doc.pumps) ? (doc.pumps as Array<Record<string, unknown>>) : [];
    const refs: Array<{ pump: Record<string, unknown>; at: string; field: 'head' | 'efficiency'; fitId: string }> = [];
    pumps.forEach((pump, i) => {
      const src = pump?.curveSource as { type?: unknown; headFitId?: unknown; efficiencyFitId?: unknown } | undefined;
      if (src === undefined || src === null || src.type === 'manual') return;
      if (src.type !== 'fit') {
        issues.push({ path: `pumps[${i}].curveSource.type`, message: 'must be "manual" or "fit"' });
        return;
      }
      for (const [field, key] of [['head', 'headFitId'], ['efficiency', 'efficiencyFitId']] as const) {
        const fitId = src[key];
        if (typeof fitId !== 'string' || fitId === '') issues.push({ path: `pumps[${i}].curveSource.${key}`, message: 'must name a saved fit' });
        else refs.push({ pump, at: `pumps[${i}].curveSource.${key}`, field, fitId });
      }
    });
    const resolved = await resolveFits(this.deps.store(), refs.map((r) => r.fitId));
    for (const ref of refs) {
      const curve = resolved.get(ref.fitId);
      if (!curve || 'error' in curve) issues.push({ path: ref.at, message: curve?.error ?? 'unknown fit' });
      else {
        ref.pump[ref.field] = { type: 'poly', coeffs: curve.coeffs };
        if (curve.refitted) warnings.push(`${ref.at}: "${curve.label}" is not a polynomial; refitted as a cubic (max deviation ${curve.maxDeviation.toPrecision(3)})`);
      }
    }
    if (issues.length > 0) return { document: doc, issues, warnings };
    const parsed = parseStation(doc);
    if (!parsed.ok) return { document: doc, issues: parsed.errors, warnings };
    return { document: doc, issues: [], warnings, station: parsed.station };
  }

  async validate(document: StationDocument) {
    const r = await this.resolve(document);
    return { ok: r.issues.length === 0, issues: r.issues, warnings: r.warnings };
  }

  async listStations() {
    return (await this.repo.listStations()).map(({ document: _document, ...s }) => s);
  }

  async getStation(id: string): Promise<StationRecord> {
    const s = await this.repo.getStation(id);
    if (!s) throw new RpcError('NOT_FOUND', `Station ${id} not found`);
    return { ...s, warnings: [] };
  }

  async saveStation(id: string | undefined, document: StationDocument): Promise<{ record: StationRecord; created: boolean }> {
    const r = await this.resolve(document);
    if (!r.station) throw new RpcError('VALIDATION', issuesMessage('Station', r.issues), { issues: r.issues });
    const existing = id ? await this.repo.getStation(id) : undefined;
    if (id && !existing) throw new RpcError('NOT_FOUND', `Station ${id} not found`);
    const now = this.now();
    const name = (r.station.name ?? '').trim() || 'Station';
    const stationId = existing?.id ?? randomUUID();
    await this.repo.putStation({ id: stationId, name, document: r.document, createdAt: existing?.createdAt ?? now, updatedAt: now });
    const stored = (await this.repo.getStation(stationId))!;
    return { record: { ...stored, warnings: r.warnings }, created: !existing };
  }

  async deleteStation(id: string): Promise<StoredStation | undefined> {
    const s = await this.repo.getStation(id);
    if (s) await this.repo.deleteStation(id);
    return s;
  }

  async seedDemo(resourcesDir: string): Promise<void> {
    const file = path.join(resourcesDir, 'demo', 'station.json');
    let doc: StationDocument;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8')) as StationDocument;
    } catch {
      return; // no demo station shipped: nothing to seed
    }
    await this.saveStation(undefined, doc);
  }

  /** Loads a station and resolves its fitted curves now (a refit in the curves area is picked up). */
  private async stationForRun(id: string): Promise<{ stored: StoredStation; station: Station; warnings: string[] }> {
    const stored = await this.repo.getStation(id);
    if (!stored) throw new RpcError('NOT_FOUND', `Station ${id} not found`);
    const r = await this.resolve(stored.document);
    if (!r.station) throw new RpcError('VALIDATION', issuesMessage(`Station "${stored.name}"`, r.issues), { issues: r.issues });
    return { stored, station: r.station, warnings: r.warnings };
  }

  // ---------------------------------------------------------------- jobs

  onJobProgress(job: { id: string; progress: number; message?: string }): void {
    const t = this.jobToRun.get(job.id);
    if (t) this.deps.publish('optimize.progress', { runId: t.runId, fraction: (t.index + job.progress) / t.of, ...(job.message ? { message: job.message } : {}) });
  }

  cancel(runId: string): boolean {
    const run = this.pending.get(runId);
    if (!run) return false;
    run.cancelled = true;
    if (run.jobId) this.deps.jobs.cancel(run.jobId);
    return true;
  }

  private async job<T>(runId: string | undefined, kind: string, title: string, input: unknown, signal: AbortSignal | undefined, slice = { index: 0, of: 1 }): Promise<T> {
    const pending = runId ? this.pending.get(runId) : undefined;
    if (pending?.cancelled) throw new RpcError('CANCELLED', 'Optimization cancelled');
    const { id, result } = this.deps.jobs.start<T>(kind, title, input, signal ? { signal } : {});
    if (runId && pending) {
      pending.jobId = id;
      this.jobToRun.set(id, { runId, ...slice });
    }
    try {
      return await result;
    } catch (error) {
      if (error instanceof CancelledError || pending?.cancelled || signal?.aborted) throw new RpcError('CANCELLED', 'Optimization cancelled');
      throw new RpcError('FAILED', `${title} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.jobToRun.delete(id);
    }
  }

  private async tracked<T>(runId: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (!runId) return fn();
    if (this.pending.has(runId)) throw new RpcError('CONFLICT', `A run with runId ${runId} is already pending`);
    this.pending.set(runId, { cancelled: false });
    try {
      return await fn();
    } finally {
      this.pending.delete(runId);
    }
  }

  private async keep(
    base: { kind: RunKind; stored: StoredStation; algorithm: string; seed: number | null; demandM3h: number | null; settings: Record<string, unknown> },
    outcome: { feasible: boolean; objective: number | null; objectiveUnit: string; evaluations: number; ms: number; summary: string; result: OptimizationRunResult },
    input: unknown,
  ): Promise<OptimizationRun> {
    const run: OptimizationRun = {
      id: randomUUID(),
      kind: base.kind,
      createdAt: this.now(),
      stationId: base.stored.id,
      stationName: base.stored.name,
      algorithm: base.algorithm,
      seed: base.seed,
      demandM3h: base.demandM3h,
      settings: base.settings,
      ...outcome,
    };
    await this.repo.insertRun(run, input);
    return run;
  }

  // ---------------------------------------------------------------- runs

  async runDemand(p: { stationId: string; demandM3h: number; algorithm: DemandAlgorithm; seed: number; settings?: Record<string, number>; runId?: string }, signal?: AbortSignal): Promise<OptimizationRun> {
    const settings = checkSettings(p.algorithm, p.settings);
    return this.tracked(p.runId, async () => {
      const { stored, station } = await this.stationForRun(p.stationId);
      const input: DemandTaskInput = { mode: 'single', station, demandM3h: p.demandM3h, algorithm: p.algorithm, seed: p.seed, settings };
      const out = await this.job<DemandTaskOutput>(p.runId, 'optimize.demand', `Optimize ${stored.name} at ${p.demandM3h} m³/h (${p.algorithm})`, input, signal);
      const result = (out as Extract<DemandTaskOutput, { mode: 'single' }>).result;
      return this.keep(
        { kind: 'demand', stored, algorithm: p.algorithm, seed: p.seed, demandM3h: p.demandM3h, settings: result.settings },
        { feasible: result.feasible, objective: result.feasible ? result.powerKw : null, objectiveUnit: 'kW', evaluations: result.evaluations, ms: result.ms, summary: describeDemand(result), result: { kind: 'demand', demand: result } },
        { stationId: p.stationId, demandM3h: p.demandM3h, algorithm: p.algorithm, seed: p.seed, settings, station },
      );
    });
  }

  async runPareto(p: { stationId: string; demandM3h: number; objective: 'bepDistance' | 'pumpsRunning'; seed: number; settings?: Record<string, number>; runId?: string }, signal?: AbortSignal): Promise<OptimizationRun> {
    const settings = checkSettings('nsga2', p.settings);
    return this.tracked(p.runId, async () => {
      const { stored, station } = await this.stationForRun(p.stationId);
      const input: ParetoTaskInput = { station, demandM3h: p.demandM3h, objective: p.objective, seed: p.seed, settings };
      const result = await this.job<ParetoResult>(p.runId, 'optimize.pareto', `Pareto front of ${stored.name} at ${p.demandM3h} m³/h`, input, signal);
      const powers = result.feasible ? result.solutions.map((s) => s.powerKw) : [];
      const summary = result.feasible
        ? `${result.solutions.length} Pareto solutions at ${fmt(p.demandM3h, 1)} m³/h, ${fmt(Math.min(...powers))}–${fmt(Math.max(...powers))} kW (power vs ${p.objective})`
        : `${fmt(p.demandM3h, 1)} m³/h infeasible: ${result.reason}`;
      return this.keep(
        { kind: 'pareto', stored, algorithm: 'nsga2', seed: p.seed, demandM3h: p.demandM3h, settings: { ...result.settings, objective: p.objective } },
        { feasible: result.feasible, objective: powers.length ? Math.min(...powers) : null, objectiveUnit: 'kW', evaluations: result.evaluations, ms: result.ms, summary, result: { kind: 'pareto', pareto: result } },
        { stationId: p.stationId, demandM3h: p.demandM3h, objective: p.objective, seed: p.seed, settings, station },
      );
    });
  }

  async runSchedule(p: { stationId: string; plan: Plan; runId?: string }, signal?: AbortSignal): Promise<OptimizationRun> {
    return this.tracked(p.runId, async () => {
      const { stored, station } = await this.stationForRun(p.stationId);
      const checked = parsePlan(p.plan, station);
      if (!checked.ok) throw new RpcError('VALIDATION', issuesMessage('Plan', checked.errors.map((e) => ({ ...e, path: `plan.${e.path}` }))), { issues: checked.errors });
      const input: ScheduleTaskInput = { station, plan: checked.plan };
      const result = await this.job<OptimizedSchedule>(p.runId, 'optimize.schedule', `24-h schedule of ${stored.name}`, input, signal);
      const currency = station.tariff?.currency ?? '';
      const summary = result.feasible
        ? `cost ${fmt(result.cost)}${currency ? ` ${currency}` : ''}, ${fmt(result.energyKwh, 1)} kWh, ${result.starts} starts${result.savingPercent !== undefined ? `, saving ${fmt(result.savingPercent, 1)} % vs baseline` : ''}`
        : `infeasible: ${result.reason}`;
      return this.keep(
        { kind: 'schedule', stored, algorithm: 'dp', seed: null, demandM3h: null, settings: { maxStarts: checked.plan.maxStarts, initialRunning: checked.plan.initialRunning } },
        {
          feasible: result.feasible,
          objective: result.feasible ? result.cost : null,
          objectiveUnit: currency || 'cost',
          evaluations: result.feasible ? result.evaluations : 0,
          ms: result.ms,
          summary,
          result: { kind: 'schedule', plan: checked.plan, schedule: result },
        },
        { stationId: p.stationId, plan: checked.plan, station },
      );
    });
  }

  async runCompare(p: { stationId: string; demandM3h: number; algorithms?: DemandAlgorithm[]; seed: number; runId?: string }, signal?: AbortSignal): Promise<OptimizationRun> {
    const algorithms = [...new Set<DemandAlgorithm>(['exhaustive', ...(p.algorithms ?? ['ga', 'pso', 'de'])])];
    return this.tracked(p.runId, async () => {
      const { stored, station } = await this.stationForRun(p.stationId);
      const results: DemandResult[] = [];
      for (const [i, algorithm] of algorithms.entries()) {
        if (p.runId) this.deps.publish('optimize.progress', { runId: p.runId, fraction: i / algorithms.length, message: `running ${algorithm}` });
        const input: DemandTaskInput = { mode: 'single', station, demandM3h: p.demandM3h, algorithm, seed: p.seed, settings: {} };
        const out = await this.job<DemandTaskOutput>(p.runId, 'optimize.demand', `Compare ${algorithm} on ${stored.name}`, input, signal, { index: i, of: algorithms.length });
        results.push((out as Extract<DemandTaskOutput, { mode: 'single' }>).result);
      }
      const reference = results[0]!;
      const rows: CompareRow[] = results.map((r, i) => {
        const row: CompareRow = { algorithm: algorithms[i]!, feasible: r.feasible, evaluations: r.evaluations, ms: r.ms, result: r };
        if (r.feasible) {
          row.powerKw = r.powerKw;
          if (reference.feasible) row.gapPercent = (100 * (r.powerKw - reference.powerKw)) / reference.powerKw;
        } else row.reason = r.reason;
        return row;
      });
      const summary = reference.feasible
        ? `exhaustive ${fmt(reference.powerKw)} kW; ${rows.slice(1).map((r) => `${r.algorithm} ${r.gapPercent !== undefined ? `${r.gapPercent >= 0 ? '+' : ''}${r.gapPercent.toFixed(3)} %` : 'no result'}`).join(', ')}`
        : `${fmt(p.demandM3h, 1)} m³/h infeasible: ${reference.feasible ? '' : reference.reason}`;
      return this.keep(
        { kind: 'compare', stored, algorithm: algorithms.join('+'), seed: p.seed, demandM3h: p.demandM3h, settings: { algorithms } },
        {
          feasible: reference.feasible,
          objective: reference.feasible ? reference.powerKw : null,
          objectiveUnit: 'kW',
          evaluations: results.reduce((s, r) => s + r.evaluations, 0),
          ms: results.reduce((s, r) => s + r.ms, 0),
          summary,
          result: { kind: 'compare', demandM3h: p.demandM3h, rows },
        },
        { stationId: p.stationId, demandM3h: p.demandM3h, algorithms, seed: p.seed, station },
      );
    });
  }

  async runTable(p: { stationId: string; fromM3h: number; toM3h: number; count: number; runId?: string }, signal?: AbortSignal): Promise<OptimizationRun> {
    if (!(p.toM3h > p.fromM3h)) throw new RpcError('VALIDATION', `toM3h: must be above fromM3h (${p.fromM3h} m³/h)`);
    return this.tracked(p.runId, async () => {
      const { stored, station } = await this.stationForRun(p.stationId);
      const demandsM3h = demandRange(p.fromM3h, p.toM3h, p.count);
      const t0 = this.now();
      const out = await this.job<DemandTaskOutput>(p.runId, 'optimize.demand', `Operating table of ${stored.name}`, { mode: 'table', station, demandsM3h } satisfies DemandTaskInput, signal);
      const rows = (out as Extract<DemandTaskOutput, { mode: 'table' }>).rows;
      const feasible = rows.filter((r) => r.feasible).length;
      return this.keep(
        { kind: 'table', stored, algorithm: 'exhaustive', seed: null, demandM3h: null, settings: { fromM3h: p.fromM3h, toM3h: p.toM3h, count: p.count } },
        {
          feasible: feasible > 0,
          objective: null,
          objectiveUnit: '',
          evaluations: 0,
          ms: this.now() - t0,
          summary: `${rows.length} demands ${fmt(p.fromM3h, 0)}–${fmt(p.toM3h, 0)} m³/h, ${feasible} feasible`,
          result: { kind: 'table', rows, operatingTable: flattenTable(rows) },
        },
        { stationId: p.stationId, fromM3h: p.fromM3h, toM3h: p.toM3h, count: p.count, station },
      );
    });
  }

  async listFits() {
    return listFitOptions(this.deps.store());
  }
}
