import { z } from 'zod';
import type { DemandResult, OperatingRow, OptimizedSchedule, ParetoResult, Plan } from '../../optimize/index';
import { defineEvents, defineMethods, method } from '../define';

// ---------------------------------------------------------------------------------------------
// Optimize: stations (pumps, system curve, fluid, demand, tariff, constraints) saved in the project,
// single-demand optimization (exhaustive, GA, PSO, DE), the NSGA-II Pareto front, 24-hour schedules,
// algorithm comparison and operating tables. Every solve runs as a compute job (progress on
// `optimize.progress`, cancel with `optimize.cancel` or by aborting the call) and is kept as an
// optimization run. Station documents follow docs/formats/station.md; a pump may add
// `curveSource: {"type":"fit","headFitId","efficiencyFitId"}` to take its curves from saved fits.
// ---------------------------------------------------------------------------------------------

const id = z.string().min(1).max(100);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const demand = finite.refine((v) => v >= 0 && v <= 1e7, 'must be a flow in m³/h between 0 and 10,000,000');
const seed = z.number().int().min(0).max(2 ** 31 - 1);

/** Solvers of one demand (`exhaustive` is the reference). */
export const DEMAND_ALGORITHMS = ['exhaustive', 'ga', 'pso', 'de'] as const;
export const demandAlgorithm = z.enum(DEMAND_ALGORITHMS);
export type DemandAlgorithm = z.infer<typeof demandAlgorithm>;

/** Second objective of the Pareto front (the first is electrical power). */
export const SECOND_OBJECTIVES = ['bepDistance', 'pumpsRunning'] as const;
export const secondObjective = z.enum(SECOND_OBJECTIVES);

/**
 * Numeric solver settings by name (population, generations, f, cr, ...); missing names take the
 * algorithm's defaults. Bounds per name are checked by the core (errors name `settings.<name>`).
 */
export const solverSettings = z.record(z.string().min(1).max(40), finite).refine((r) => Object.keys(r).length <= 20, 'at most 20 settings');

/** A station document as stored (validated by the core with parseStation; errors name the field). */
export const stationDocument = z.record(z.string(), z.unknown());
export type StationDocument = z.infer<typeof stationDocument>;

/** A pump curve taken from saved fits of the curves area (resolved to polynomial coefficients). */
export const curveSourceFit = z.object({ type: z.literal('fit'), headFitId: id, efficiencyFitId: id }).strict();

export const stationSummary = z.object({
  id: z.string(),
  name: z.string(),
  pumps: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type StationSummary = z.infer<typeof stationSummary>;

export const stationRecord = stationSummary.extend({
  /** The document as saved (curve sources kept; fitted curves resolved to coefficients at save time). */
  document: stationDocument,
  /** Fits that could not be resolved any more (deleted or no longer valid), with the reason. */
  warnings: z.array(z.string()),
});
export type StationRecord = z.infer<typeof stationRecord>;

/** A validation problem of a station document, `path` like `pumps[1].speedRange`. */
export const stationIssue = z.object({ path: z.string(), message: z.string() });

/** A saved fit usable as a pump curve: its polynomial in Q (m³/h), ascending coefficients. */
export const fitOption = z.object({
  id: z.string(),
  name: z.string(),
  pumpName: z.string(),
  curveKind: z.string(),
  label: z.string(),
  /** Polynomial coefficients (exact for polynomial fits; a degree-3 refit of samples otherwise). */
  coeffs: z.array(z.number()),
  /** True when the fit was not a polynomial and was sampled and refitted. */
  refitted: z.boolean(),
  flowRangeM3h: z.tuple([z.number(), z.number()]).optional(),
});
export type FitOption = z.infer<typeof fitOption>;

export const RUN_KINDS = ['demand', 'pareto', 'schedule', 'compare', 'table'] as const;
export const runKind = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof runKind>;

/** One row of an algorithm comparison on one demand. */
export type CompareRow = {
  algorithm: DemandAlgorithm;
  feasible: boolean;
  powerKw?: number;
  evaluations: number;
  ms: number;
  /** (power − exhaustive power) / exhaustive power × 100; 0 for the reference itself. */
  gapPercent?: number;
  reason?: string;
  result: DemandResult;
};

/** An operating-table row flattened for reports (pumps as text like "P1 @0.874, P2 @1.000"). */
export type FlatOperatingRow = {
  demandM3h: number;
  feasible: boolean;
  pumps: string;
  headM: number | null;
  powerKw: number | null;
  specificEnergyKwhPerM3: number | null;
  reason: string;
};

/** What a run produced, by kind. */
export type OptimizationRunResult =
  | { kind: 'demand'; demand: DemandResult }
  | { kind: 'pareto'; pareto: ParetoResult }
  | { kind: 'schedule'; plan: Plan; schedule: OptimizedSchedule }
  | { kind: 'compare'; demandM3h: number; rows: CompareRow[] }
  | { kind: 'table'; rows: OperatingRow[]; operatingTable: FlatOperatingRow[] };

export const runSummary = z.object({
  id: z.string(),
  kind: runKind,
  createdAt: z.number(),
  stationId: z.string(),
  stationName: z.string(),
  /** exhaustive | ga | pso | de | nsga2 | dp | several (compare). */
  algorithm: z.string(),
  seed: z.number().nullable(),
  demandM3h: z.number().nullable(),
  feasible: z.boolean(),
  /** Headline value: kW (demand, pareto: lowest power), cost (schedule), null otherwise. */
  objective: z.number().nullable(),
  objectiveUnit: z.string(),
  evaluations: z.number(),
  ms: z.number(),
  settings: z.record(z.string(), z.unknown()),
  /** One line for the history: what was found or why not. */
  summary: z.string(),
});
export type RunSummary = z.infer<typeof runSummary>;

const runResult = z.custom<OptimizationRunResult>((v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string');
export const optimizationRun = runSummary.extend({ result: runResult });
export type OptimizationRun = z.infer<typeof optimizationRun>;

/** Client-chosen id to follow progress and cancel a run while the call is pending. */
const runId = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

const planInput = z
  .object({
    demandM3h: z.array(demand).length(24, 'must have 24 hourly values'),
    pricePerKwh: z.array(finite.refine((v) => v >= 0 && v <= 1e6, 'must be a price ≥ 0')).length(24, 'must have 24 hourly values'),
    maxStarts: z.number().int().min(0).max(1000),
    initialRunning: z.array(z.string().max(100)).max(16).default([]),
  })
  .strict();

export const optimizeMethods = defineMethods({
  'optimize.stations.list': method(z.object({}).strict(), z.object({ stations: z.array(stationSummary) }), 'Stations of the project, newest change first.'),
  'optimize.stations.get': method(z.object({ id }).strict(), stationRecord, 'One station document.'),
  'optimize.stations.save': method(
    z.object({ id: id.optional(), document: stationDocument }).strict(),
    stationRecord,
    'Create or replace a station; the document is validated (errors name the field, e.g. pumps[1].speedRange; details.issues lists all).',
  ),
  'optimize.stations.delete': method(z.object({ id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a station (its runs stay in the history).'),
  'optimize.stations.validate': method(
    z.object({ document: stationDocument }).strict(),
    z.object({ ok: z.boolean(), issues: z.array(stationIssue), warnings: z.array(z.string()) }),
    'Validate a station document without saving (fitted curves resolved).',
  ),
  'optimize.fits.list': method(
    z.object({}).strict(),
    z.object({ available: z.boolean(), fits: z.array(fitOption) }),
    'Saved head and efficiency fits of the curves area, as polynomials usable as pump curves (available=false when the project has no fits).',
  ),
  'optimize.demand.run': method(
    z.object({ stationId: id, demandM3h: demand, algorithm: demandAlgorithm.default('exhaustive'), seed: seed.default(1), settings: solverSettings.optional(), runId: runId.optional() }).strict(),
    optimizationRun,
    'Least-power way to meet one demand (compute job); kept as a run. An infeasible demand returns feasible=false with the reason.',
  ),
  'optimize.pareto.run': method(
    z.object({ stationId: id, demandM3h: demand, objective: secondObjective.default('bepDistance'), seed: seed.default(1), settings: solverSettings.optional(), runId: runId.optional() }).strict(),
    optimizationRun,
    'NSGA-II trade-off between power and distance from best efficiency (or pumps running) at one demand (compute job); kept as a run.',
  ),
  'optimize.schedule.run': method(
    z.object({ stationId: id, plan: planInput, runId: runId.optional() }).strict(),
    optimizationRun,
    'Least-cost 24-hour schedule under the tariff and start limit (exact DP), with the baseline rule and saving (compute job); kept as a run.',
  ),
  'optimize.compare.run': method(
    z.object({ stationId: id, demandM3h: demand, algorithms: z.array(demandAlgorithm).min(1).max(4).optional(), seed: seed.default(1), runId: runId.optional() }).strict(),
    optimizationRun,
    'Every algorithm on the same demand: power, evaluations, time and gap to the exhaustive optimum; kept as a run.',
  ),
  'optimize.table.run': method(
    z.object({ stationId: id, fromM3h: demand, toM3h: demand, count: z.number().int().min(2).max(200), runId: runId.optional() }).strict(),
    optimizationRun,
    'Operating table over a range of demands (exhaustive per row: pumps, speeds, kW, kWh/m³); kept as a run (result.operatingTable).',
  ),
  'optimize.cancel': method(z.object({ runId }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a pending run by its runId.'),
  'optimize.runs.list': method(
    z.object({ kind: runKind.optional(), stationId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.object({ runs: z.array(runSummary) }),
    'Optimization runs, newest first.',
  ),
  'optimize.runs.get': method(z.object({ id }).strict(), optimizationRun, 'One run with its full result.'),
  'optimize.runs.delete': method(z.object({ id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a run from the history.'),
});

export const optimizeEvents = defineEvents({
  /** Progress of a pending run (about 10 a second at most). */
  'optimize.progress': z.object({ runId: z.string(), fraction: z.number(), message: z.string().optional() }),
});
