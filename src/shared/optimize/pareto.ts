/**
 * Two-objective trade-off for one demand via NSGA-II: electrical power against either the distance
 * from best efficiency (the worst running pump's |Q/Q_BEP − 1| at its speed, a proxy for wear,
 * vibration and recirculation) or the number of running pumps.
 */
import type { Station } from '../hydraulics/station';
import { nowMs } from './clock';
import {
  DEFAULT_FLOW_TOLERANCE,
  checkDemand,
  createDemandContext,
  diagnoseInfeasible,
  evaluateConfiguration,
  feasibleSubsets,
  speedsFromReals,
  toMultiProblem,
  type InfeasibleCode,
  type SecondObjective,
} from './demandProblem';
import { NSGA2_DEFAULTS, createNsga2, type Nsga2Settings } from './nsga2';
import { describePoint, type PumpOperation } from './optimizeDemand';
import { drive } from './runner';
import { compileStation } from './stationModel';

/** Objective pair; the first is always power. */
export type ParetoObjectives = ['powerKw', SecondObjective];

/** Options of `paretoFront`. Defaults: bepDistance, seed 1, population 60, generations 120. */
export type ParetoOptions = Partial<Nsga2Settings> & {
  objectives?: ParetoObjectives;
  seed?: number;
  toleranceRel?: number;
  /** Called after every generation with the fraction done and the current first-front size. */
  onProgress?: (fraction: number, frontSize: number) => void;
  shouldStop?: () => boolean;
};

/** One non-dominated operating point. */
export type ParetoSolution = {
  /** [powerKw, second objective], as optimized. */
  objectives: [number, number];
  powerKw: number;
  /** Worst running pump's relative distance from its best-efficiency flow (0 = at BEP). */
  bepDistance: number;
  pumpsRunning: number;
  flowM3h: number;
  headM: number;
  pumps: PumpOperation[];
};

type ParetoRecord = { algorithm: 'nsga2'; seed: number; settings: Record<string, number>; objectives: ParetoObjectives; evaluations: number; ms: number; cancelled: boolean };

/** Result: the front sorted by power (ascending), or why the demand cannot be met. */
export type ParetoResult =
  | (ParetoRecord & { feasible: true; demandM3h: number; solutions: ParetoSolution[] })
  | (ParetoRecord & { feasible: false; code: InfeasibleCode; reason: string; demandM3h: number });

const PARETO_DEFAULTS: Nsga2Settings = { ...NSGA2_DEFAULTS, population: 60, generations: 120 };

/** Non-dominated trade-off between power and the second objective at `demandM3h`. */
export function paretoFront(station: Station, demandM3h: number, options: ParetoOptions = {}): ParetoResult {
  const t0 = nowMs();
  const objectives: ParetoObjectives = options.objectives ?? ['powerKw', 'bepDistance'];
  const seed = options.seed ?? 1;
  const settings: Nsga2Settings = {
    population: options.population ?? PARETO_DEFAULTS.population,
    generations: options.generations ?? PARETO_DEFAULTS.generations,
    crossoverRate: options.crossoverRate ?? PARETO_DEFAULTS.crossoverRate,
    etaC: options.etaC ?? PARETO_DEFAULTS.etaC,
    etaM: options.etaM ?? PARETO_DEFAULTS.etaM,
  };
  if (options.mutationRate !== undefined) settings.mutationRate = options.mutationRate;
  const toleranceRel = options.toleranceRel ?? DEFAULT_FLOW_TOLERANCE;
  const record = (evaluations: number, cancelled: boolean): ParetoRecord => ({
    algorithm: 'nsga2',
    seed,
    settings: { ...settings, toleranceRel },
    objectives,
    evaluations,
    ms: nowMs() - t0,
    cancelled,
  });

  const bad = checkDemand(demandM3h);
  if (bad) return { feasible: false, ...bad, demandM3h, ...record(0, false) };
  const ctx = createDemandContext(compileStation(station), demandM3h, toleranceRel);
  if (feasibleSubsets(ctx).length === 0) return { feasible: false, ...diagnoseInfeasible(ctx), demandM3h, ...record(0, false) };

  const run = createNsga2(toMultiProblem(ctx, objectives[1]), settings, seed);
  const { cancelled } = drive(run, () => ({ objective: 0, violation: 0, feasible: true }), {
    onProgress: options.onProgress ? (f) => options.onProgress!(f, run.best()?.length ?? 0) : undefined,
    shouldStop: options.shouldStop,
  });
  const evaluations = run.evaluations();
  const front = (run.best() ?? []).filter((x) => x.violation <= 0);
  if (front.length === 0) {
    const code: InfeasibleCode = cancelled ? 'cancelled' : 'not-found';
    return { feasible: false, code, reason: `NSGA-II found no feasible operating point in ${evaluations} evaluations`, demandM3h, ...record(evaluations, cancelled) };
  }

  // Re-evaluate into full operating points; report those values (the genome's repair can move
  // the last digits), and keep only points still mutually non-dominated, one per objective pair.
  const second = objectives[1];
  const points = front.map((x) => {
    const point = evaluateConfiguration(ctx, x.bits, speedsFromReals(ctx, x.reals), 'scale');
    const obj: [number, number] = [point.powerKw, second === 'bepDistance' ? point.bepDistance : point.nRunning];
    return { point, obj };
  });
  const dominated = (a: [number, number], b: [number, number]) => b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1]);
  const kept = points
    .filter((p) => !points.some((q) => dominated(p.obj, q.obj)))
    .sort((a, b) => a.obj[0] - b.obj[0] || a.obj[1] - b.obj[1]);
  const seen = new Set<string>();
  const solutions: ParetoSolution[] = [];
  for (const { point, obj } of kept) {
    // Duplicates (same objectives to 9 significant digits) are one operating point for the user.
    const key = obj.map((v) => v.toPrecision(9)).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const described = describePoint(ctx, point);
    solutions.push({
      objectives: obj,
      powerKw: point.powerKw,
      bepDistance: point.bepDistance,
      pumpsRunning: point.nRunning,
      flowM3h: described.flowM3h,
      headM: described.headM,
      pumps: described.pumps,
    });
  }
  return { feasible: true, demandM3h, solutions, ...record(evaluations, cancelled) };
}
