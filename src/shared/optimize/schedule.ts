/**
 * 24-hour pump schedule. For every hour, each feasible pump set gets its least-power operating
 * point from the exhaustive single-demand solver (cached per distinct demand); the exact dynamic
 * programme in `scheduleDp` then picks the sequence of sets with the least energy cost within the
 * start limit (and the station's minimum run time). The baseline rule is computed alongside.
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
  type DemandContext,
  type OperatingPoint,
} from './demandProblem';
import { EXHAUSTIVE_DEFAULTS, solveSubset, type ExhaustiveSettings } from './exhaustive';
import { parsePlan, type Plan } from './plan';
import { countStarts, popcount, solveScheduleDp, type HourOption } from './scheduleDp';
import { compileStation, type StationModel } from './stationModel';

/** Options of the schedule functions. */
export type ScheduleOptions = {
  /** Relative tolerance of each hour's flow balance (default 0.001). */
  toleranceRel?: number;
  /** Settings of the per-hour exhaustive solves. */
  exhaustive?: Partial<ExhaustiveSettings>;
  /** Called as hours are prepared: fraction 0..1. */
  onProgress?: (fraction: number) => void;
  /** Polled between hours; true abandons the schedule. */
  shouldStop?: () => boolean;
};

/** A running pump in one hour. */
export type ScheduledPump = { id: string; speedRatio: number; flowM3h: number };

/** One hour of a schedule. Only running pumps are listed. */
export type ScheduleHour = {
  hour: number;
  demandM3h: number;
  headM: number;
  /** Electrical power, kW (= kWh in the hour). */
  powerKw: number;
  /** Energy cost of the hour: powerKw × 1 h × price. */
  cost: number;
  pumps: ScheduledPump[];
};

/** A feasible schedule. */
export type ScheduleSolution = {
  feasible: true;
  /** `dp` for the optimized schedule, `baseline` for the rule. */
  method: 'dp' | 'baseline';
  /** Total energy cost over the day (price units). */
  cost: number;
  energyKwh: number;
  /** Pump starts over the day (against the pumps running before hour 0). */
  starts: number;
  /** The plan's start limit (and, for the baseline, whether it stayed within it). */
  maxStarts: number;
  withinMaxStarts: boolean;
  hours: ScheduleHour[];
  /** Single-demand evaluations spent, and wall time in ms. */
  evaluations: number;
  ms: number;
};

/** A schedule that cannot be built. */
export type ScheduleFailure = {
  feasible: false;
  code: 'invalid-plan' | 'infeasible-hour' | 'constraints' | 'cancelled';
  reason: string;
  /** The hour that failed, when one did. */
  hour?: number;
  ms: number;
};

/** Result of `optimizeSchedule`: the optimum plus the baseline and the saving against it. */
export type OptimizedSchedule =
  | (ScheduleSolution & { baseline: ScheduleSolution | ScheduleFailure; savingPercent?: number })
  | ScheduleFailure;

type HourPlanOption = HourOption & { point: OperatingPoint; ctx: DemandContext };

/** Least-cost schedule for `plan` (exact DP), with the baseline rule and the saving in percent. */
export function optimizeSchedule(station: Station, plan: Plan, options: ScheduleOptions = {}): OptimizedSchedule {
  const t0 = nowMs();
  const prepared = prepare(station, plan, options, t0);
  if ('feasible' in prepared) return prepared;
  const { model, perHour, evaluations, maxStarts, minRunTimeH, initialMask } = prepared;

  const dp = solveScheduleDp({
    nPumps: model.pumps.length,
    hours: perHour.map((opts, h) => opts.map((o) => ({ mask: o.mask, cost: o.point.powerKw * plan.pricePerKwh[h]! }))),
    initialMask,
    maxStarts,
    minRunTimeH,
  });
  if (!dp.feasible) {
    return {
      feasible: false,
      code: 'constraints',
      hour: dp.hour,
      reason: `no schedule meets hour ${dp.hour} within ${maxStarts} starts${minRunTimeH > 1 ? ` and a ${minRunTimeH}-hour minimum run time` : ''}`,
      ms: nowMs() - t0,
    };
  }
  const chosen = dp.choice.map((c, h) => perHour[h]![c]!);
  const solution = buildSolution('dp', model, plan, chosen, initialMask, maxStarts, evaluations(), t0);
  const baseline = baselineFromPrepared(model, plan, perHour, initialMask, maxStarts, t0);
  const out: OptimizedSchedule = { ...solution, baseline };
  if (baseline.feasible && baseline.cost > 0) out.savingPercent = (100 * (baseline.cost - solution.cost)) / baseline.cost;
  return out;
}

/**
 * Baseline rule, hour by hour: run the fewest pumps that can meet the demand, taking the first
 * such set in station order (duty order); fixed-speed pumps at rated speed, variable-speed pumps
 * at one common speed ratio, lowered from the top of their range only as far as the demand needs
 * (equal-speed control). Ignores the start limit; `withinMaxStarts` says whether it kept it.
 */
export function baselineSchedule(station: Station, plan: Plan, options: ScheduleOptions = {}): ScheduleSolution | ScheduleFailure {
  const t0 = nowMs();
  const prepared = prepare(station, plan, options, t0);
  if ('feasible' in prepared) return prepared;
  return baselineFromPrepared(prepared.model, plan, prepared.perHour, prepared.initialMask, prepared.maxStarts, t0);
}

function baselineFromPrepared(
  model: StationModel,
  plan: Plan,
  perHour: HourPlanOption[][],
  initialMask: number,
  maxStarts: number,
  t0: number,
): ScheduleSolution | ScheduleFailure {
  const chosen: HourPlanOption[] = [];
  let evaluations = 0;
  for (let h = 0; h < perHour.length; h++) {
    const opts = perHour[h]!;
    const first = opts.reduce<HourPlanOption | undefined>((best, o) => (best === undefined || ruleOrder(o.mask, best.mask) < 0 ? o : best), undefined);
    if (first === undefined) return { feasible: false, code: 'infeasible-hour', hour: h, reason: `hour ${h}: no pump set meets the demand`, ms: nowMs() - t0 };
    const before = first.ctx.evaluations;
    const point = evaluateConfiguration(first.ctx, maskBits(first.mask, model.pumps.length), new Array<number>(model.pumps.length).fill(1), 'scale');
    evaluations += first.ctx.evaluations - before;
    chosen.push({ ...first, point });
  }
  return buildSolution('baseline', model, plan, chosen, initialMask, maxStarts, evaluations, t0);
}

/** Fewest pumps first, then the set whose lowest-indexed differing pump comes first (duty order). */
function ruleOrder(a: number, b: number): number {
  const ca = popcount(a);
  const cb = popcount(b);
  if (ca !== cb) return ca - cb;
  const diff = a ^ b;
  if (diff === 0) return 0;
  const lowest = diff & -diff;
  return a & lowest ? -1 : 1;
}

type Prepared = {
  model: StationModel;
  perHour: HourPlanOption[][];
  evaluations: () => number;
  maxStarts: number;
  minRunTimeH: number;
  initialMask: number;
};

/** Validates the plan and computes every hour's feasible pump sets with their optimal points. */
function prepare(station: Station, plan: Plan, options: ScheduleOptions, t0: number): Prepared | ScheduleFailure {
  const parsed = parsePlan(plan, station);
  if (!parsed.ok) {
    return { feasible: false, code: 'invalid-plan', reason: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '), ms: nowMs() - t0 };
  }
  const model = compileStation(station);
  const settings: ExhaustiveSettings = { ...EXHAUSTIVE_DEFAULTS, ...options.exhaustive };
  const tolerance = options.toleranceRel ?? DEFAULT_FLOW_TOLERANCE;
  const cache = new Map<number, HourPlanOption[]>();
  const contexts: DemandContext[] = [];
  const perHour: HourPlanOption[][] = [];
  for (let h = 0; h < plan.demandM3h.length; h++) {
    if (options.shouldStop?.()) return { feasible: false, code: 'cancelled', reason: 'stopped while preparing the hours', ms: nowMs() - t0 };
    const demand = plan.demandM3h[h]!;
    let opts = cache.get(demand);
    if (opts === undefined) {
      const bad = checkDemand(demand);
      if (bad) return { feasible: false, code: 'infeasible-hour', hour: h, reason: `hour ${h}: ${bad.reason}`, ms: nowMs() - t0 };
      const ctx = createDemandContext(model, demand, tolerance);
      contexts.push(ctx);
      opts = [];
      for (const mask of feasibleSubsets(ctx)) {
        const point = solveSubset(ctx, mask, settings);
        if (point) opts.push({ mask, cost: point.powerKw, point, ctx });
      }
      // Cheapest first, so equal-cost ties in the DP go to the lower-power set.
      opts.sort((a, b) => a.point.powerKw - b.point.powerKw || a.mask - b.mask);
      if (opts.length === 0) return { feasible: false, code: 'infeasible-hour', hour: h, reason: `hour ${h}: ${diagnoseInfeasible(ctx).reason}`, ms: nowMs() - t0 };
      cache.set(demand, opts);
    }
    perHour.push(opts);
    options.onProgress?.((h + 1) / plan.demandM3h.length);
  }
  const ids = model.pumps.map((p) => p.id);
  const initialMask = parsed.plan.initialRunning.reduce((m, id) => m | (1 << ids.indexOf(id)), 0);
  const stationLimit = station.constraints?.maxSwitchesPerDay;
  return {
    model,
    perHour,
    evaluations: () => contexts.reduce((s, c) => s + c.evaluations, 0),
    maxStarts: stationLimit === undefined ? parsed.plan.maxStarts : Math.min(parsed.plan.maxStarts, stationLimit),
    minRunTimeH: station.constraints?.minRunTimeH ?? 0,
    initialMask,
  };
}

function buildSolution(
  method: 'dp' | 'baseline',
  model: StationModel,
  plan: Plan,
  chosen: HourPlanOption[],
  initialMask: number,
  maxStarts: number,
  evaluations: number,
  t0: number,
): ScheduleSolution {
  let prev = initialMask;
  let starts = 0;
  let cost = 0;
  let energyKwh = 0;
  const hours = chosen.map((o, hour): ScheduleHour => {
    starts += countStarts(prev, o.mask);
    prev = o.mask;
    const powerKw = o.point.powerKw;
    const hourCost = powerKw * plan.pricePerKwh[hour]!;
    cost += hourCost;
    energyKwh += powerKw;
    const pumps: ScheduledPump[] = [];
    model.pumps.forEach((p, i) => {
      if (o.point.on[i] && o.point.flows[i]! > 0) pumps.push({ id: p.id, speedRatio: o.point.speeds[i]!, flowM3h: o.point.flows[i]! });
    });
    return { hour, demandM3h: o.ctx.demandM3h, headM: o.ctx.headM, powerKw, cost: hourCost, pumps };
  });
  return { feasible: true, method, cost, energyKwh, starts, maxStarts, withinMaxStarts: starts <= maxStarts, hours, evaluations, ms: nowMs() - t0 };
}

function maskBits(mask: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (mask >> i) & 1);
}
