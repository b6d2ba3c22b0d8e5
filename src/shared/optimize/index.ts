/**
 * Public API of the station optimizers (pure, synchronous, seeded; runs in the core, workers and
 * the renderer alike). See docs/optimization.md for the methods and docs/formats/station.md for
 * the station and plan formats.
 */
import { parseStationJson, type StationParseResult } from '../hydraulics/station';

export type { Pump, Poly, Station, StationConstraints, StationDemand, StationIssue, StationParseResult, StationSystem, StationTariff } from '../hydraulics/station';
export type { InfeasibleCode, SecondObjective } from './demandProblem';
export type {
  Algorithm,
  DemandFailure,
  DemandProgress,
  DemandResult,
  DemandSolution,
  OptimizeDemandOptions,
  PumpOperation,
  RunRecord,
} from './optimizeDemand';
export type { ParetoObjectives, ParetoOptions, ParetoResult, ParetoSolution } from './pareto';
export type { Plan, PlanParseResult } from './plan';
export type {
  OptimizedSchedule,
  ScheduleFailure,
  ScheduleHour,
  ScheduleOptions,
  ScheduledPump,
  ScheduleSolution,
} from './schedule';
export type { OperatingRow, OperatingTableOptions } from './operatingTable';
export type { ExhaustiveSettings } from './exhaustive';
export type { GaSettings } from './ga';
export type { PsoSettings } from './pso';
export type { DeSettings } from './de';
export type { Nsga2Settings } from './nsga2';

export { optimizeDemand } from './optimizeDemand';
export { paretoFront } from './pareto';
export { parsePlan } from './plan';
export { baselineSchedule, optimizeSchedule } from './schedule';
export { demandRange, operatingTable } from './operatingTable';
export { EXHAUSTIVE_DEFAULTS } from './exhaustive';
export { GA_DEFAULTS } from './ga';
export { PSO_DEFAULTS } from './pso';
export { DE_DEFAULTS } from './de';
export { NSGA2_DEFAULTS } from './nsga2';
export { randomStation } from './randomStation';

// Low level, for hosts that interleave steps themselves (workers): the step-able runs, the driver,
// and the problem views they operate on.
export type { ISolverRun, Individual, MixedProblem, MultiProblem, OnProgress, ProgressBest, ShouldStop } from './types';
export type { MoIndividual } from './nsga2';
export type { DemandContext, OperatingPoint } from './demandProblem';
export { createExhaustive } from './exhaustive';
export { createGa } from './ga';
export { createPso } from './pso';
export { createDe } from './de';
export { createNsga2 } from './nsga2';
export { drive } from './runner';
export { createDemandContext, toMixedProblem, toMultiProblem } from './demandProblem';
export { compileStation } from './stationModel';
export { hypervolume2d } from './hypervolume';
export { zdtProblem } from './zdt';

/** Validates a station document (object or JSON string); errors name the field, e.g. `pumps[1].speedRange`. */
export function parseStation(json: unknown): StationParseResult {
  return parseStationJson(json);
}
