/**
 * Public single-demand optimization: picks the solver, runs it with progress and cancellation,
 * and shapes the result (operating point per pump, or a reason when the demand cannot be met).
 */
import type { Station } from '../hydraulics/station';
import { DE_DEFAULTS, createDe, type DeSettings } from './de';
import {
  DEFAULT_FLOW_TOLERANCE,
  checkDemand,
  createDemandContext,
  diagnoseInfeasible,
  evaluateConfiguration,
  feasibleSubsets,
  speedsFromReals,
  toMixedProblem,
  type DemandContext,
  type InfeasibleCode,
  type OperatingPoint,
} from './demandProblem';
import { EXHAUSTIVE_DEFAULTS, createExhaustive, type ExhaustiveSettings } from './exhaustive';
import { GA_DEFAULTS, createGa, type GaSettings } from './ga';
import { summarizeIndividual } from './individual';
import { PSO_DEFAULTS, createPso, type PsoSettings } from './pso';
import { drive } from './runner';
import { compileStation, electricalPowerKw, pumpEfficiency } from './stationModel';
import { nowMs } from './clock';
import type { Individual, ISolverRun, ProgressBest } from './types';

/** Single-demand solvers. `exhaustive` is the reference; the others are seeded metaheuristics. */
export type Algorithm = 'exhaustive' | 'ga' | 'pso' | 'de';

/** Best-so-far summary passed to `onProgress`. */
export type DemandProgress = { powerKw: number; feasible: boolean };

/** Options common to every algorithm. */
export type CommonOptions = {
  /** PRNG seed (default 1); the same seed gives the same result. */
  seed?: number;
  /** Relative tolerance of the flow balance (default 0.001 = 0.1 %). */
  toleranceRel?: number;
  /** Called after every step with the fraction done (0..1) and the best point so far. */
  onProgress?: (fraction: number, best: DemandProgress | undefined) => void;
  /** Polled before every step; true stops the run and returns its best point so far. */
  shouldStop?: () => boolean;
};

/** Options of `optimizeDemand`: the algorithm and its settings side by side. */
export type OptimizeDemandOptions =
  | (CommonOptions & { algorithm?: 'exhaustive' } & Partial<ExhaustiveSettings>)
  | (CommonOptions & { algorithm: 'ga' } & Partial<GaSettings>)
  | (CommonOptions & { algorithm: 'pso' } & Partial<PsoSettings>)
  | (CommonOptions & { algorithm: 'de' } & Partial<DeSettings>);

/** Operating point of one pump. Off pumps have zero speed, flow, head, efficiency and power. */
export type PumpOperation = {
  id: string;
  on: boolean;
  /** Speed ratio n/n_rated (1 for a running fixed-speed pump). */
  speedRatio: number;
  flowM3h: number;
  /** Head the pump delivers, m (the station head when running). */
  headM: number;
  /** Pump efficiency, fraction. */
  efficiency: number;
  /** Electrical input power, kW (after pump, motor and drive losses). */
  powerKw: number;
};

/** What every result records about the run. */
export type RunRecord = {
  algorithm: Algorithm;
  seed: number;
  /** Resolved settings (defaults filled in), including `toleranceRel`. */
  settings: Record<string, number>;
  evaluations: number;
  ms: number;
  /** True when `shouldStop` ended the run early. */
  cancelled: boolean;
};

/** A met demand. */
export type DemandSolution = RunRecord & {
  feasible: true;
  demandM3h: number;
  /** Total electrical power, kW. */
  powerKw: number;
  /** Delivered flow (sum over pumps), m³/h; equals the demand within `toleranceRel`. */
  flowM3h: number;
  /** Station head = system head at the demand, m. */
  headM: number;
  /** Energy per volume pumped, kWh/m³. */
  specificEnergyKwhPerM3: number;
  pumps: PumpOperation[];
};

/** A demand that could not be met, with the reason. */
export type DemandFailure = RunRecord & {
  feasible: false;
  code: InfeasibleCode;
  reason: string;
  demandM3h: number;
  headM?: number;
};

export type DemandResult = DemandSolution | DemandFailure;

/** Finds the least-power way to deliver `demandM3h` (m³/h) with `station`. */
export function optimizeDemand(station: Station, demandM3h: number, options: OptimizeDemandOptions = {}): DemandResult {
  const t0 = nowMs();
  const algorithm: Algorithm = options.algorithm ?? 'exhaustive';
  const seed = options.seed ?? 1;
  const toleranceRel = options.toleranceRel ?? DEFAULT_FLOW_TOLERANCE;
  const settings = resolveSettings(options);
  const record = (evaluations: number, cancelled: boolean): RunRecord => ({
    algorithm,
    seed,
    settings: { ...settings, toleranceRel },
    evaluations,
    ms: nowMs() - t0,
    cancelled,
  });

  const bad = checkDemand(demandM3h);
  if (bad) return { feasible: false, ...bad, demandM3h, ...record(0, false) };
  const ctx = createDemandContext(compileStation(station), demandM3h, toleranceRel);
  if (feasibleSubsets(ctx).length === 0) {
    return { feasible: false, ...diagnoseInfeasible(ctx), demandM3h, headM: ctx.headM, ...record(0, false) };
  }

  const hooks = {
    onProgress: options.onProgress
      ? (fraction: number, best: ProgressBest | undefined) =>
          options.onProgress!(fraction, best && { powerKw: best.objective, feasible: best.feasible })
      : undefined,
    shouldStop: options.shouldStop,
  };
  let point: OperatingPoint | undefined;
  let evaluations: number;
  let cancelled: boolean;
  if (algorithm === 'exhaustive') {
    const run = createExhaustive(ctx, settings as ExhaustiveSettings);
    cancelled = drive(run, (p) => ({ objective: p.powerKw, violation: p.violation, feasible: p.violation <= 0 }), hooks).cancelled;
    point = run.best();
    evaluations = run.evaluations();
  } else {
    const run = createMetaheuristic(algorithm, ctx, settings, seed);
    cancelled = drive(run, summarizeIndividual, hooks).cancelled;
    const best = run.best();
    evaluations = run.evaluations();
    // Re-evaluate the winner into full per-pump arrays (not counted: it repeats a counted evaluation).
    if (best && best.violation <= 0) point = evaluateConfiguration(ctx, best.bits, speedsFromReals(ctx, best.reals), 'scale');
  }

  if (!point || point.violation > 0) {
    const code: InfeasibleCode = cancelled ? 'cancelled' : 'not-found';
    const reason = cancelled
      ? 'stopped before a feasible operating point was found'
      : `${algorithm} found no feasible operating point in ${evaluations} evaluations (the demand is feasible: try more generations or the exhaustive solver)`;
    return { feasible: false, code, reason, demandM3h, headM: ctx.headM, ...record(evaluations, cancelled) };
  }
  return { feasible: true, ...describePoint(ctx, point), ...record(evaluations, cancelled) };
}

/** Per-pump description and totals of an evaluated operating point. */
export function describePoint(
  ctx: DemandContext,
  point: OperatingPoint,
): Pick<DemandSolution, 'demandM3h' | 'powerKw' | 'flowM3h' | 'headM' | 'specificEnergyKwhPerM3' | 'pumps'> {
  const pumps = ctx.model.pumps.map((p, i): PumpOperation => {
    const flow = point.flows[i]!;
    const on = point.on[i] === 1 && flow > 0;
    if (!on) return { id: p.id, on: false, speedRatio: 0, flowM3h: 0, headM: 0, efficiency: 0, powerKw: 0 };
    const efficiency = pumpEfficiency(p, point.qRated[i]!);
    return {
      id: p.id,
      on: true,
      speedRatio: point.speeds[i]!,
      flowM3h: flow,
      headM: ctx.headM,
      efficiency,
      powerKw: electricalPowerKw(ctx.model, p, flow, ctx.headM, point.qRated[i]!),
    };
  });
  const flowM3h = pumps.reduce((s, p) => s + p.flowM3h, 0);
  return {
    demandM3h: ctx.demandM3h,
    powerKw: point.powerKw,
    flowM3h,
    headM: ctx.headM,
    specificEnergyKwhPerM3: ctx.demandM3h > 0 ? point.powerKw / ctx.demandM3h : 0,
    pumps,
  };
}

function createMetaheuristic(algorithm: 'ga' | 'pso' | 'de', ctx: DemandContext, settings: Record<string, number>, seed: number): ISolverRun<Individual> {
  const problem = toMixedProblem(ctx);
  if (algorithm === 'ga') return createGa(problem, settings as GaSettings, seed);
  if (algorithm === 'pso') return createPso(problem, settings as PsoSettings, seed);
  return createDe(problem, settings as DeSettings, seed);
}

/** Defaults of the chosen algorithm overlaid with the caller's numeric settings of the same names. */
function resolveSettings(options: OptimizeDemandOptions): Record<string, number> {
  const algorithm = options.algorithm ?? 'exhaustive';
  const defaults: Record<string, number | undefined> =
    algorithm === 'ga' ? GA_DEFAULTS : algorithm === 'pso' ? PSO_DEFAULTS : algorithm === 'de' ? DE_DEFAULTS : EXHAUSTIVE_DEFAULTS;
  const optional = algorithm === 'ga' ? ['bitMutationRate', 'realMutationRate'] : algorithm === 'exhaustive' ? ['gridPoints'] : [];
  const out: Record<string, number> = {};
  const given = options as Record<string, unknown>;
  for (const key of [...Object.keys(defaults), ...optional]) {
    const v = given[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else if (defaults[key] !== undefined) out[key] = defaults[key]!;
  }
  return out;
}
