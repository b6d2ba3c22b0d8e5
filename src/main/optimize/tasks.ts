/**
 * Compute tasks of the optimize area ('optimize.demand', 'optimize.pareto', 'optimize.schedule').
 * They run in a worker thread in the app and in-process in tests; they import only shared code and
 * take an already validated and resolved `Station`, so no database is needed in the worker.
 */
import {
  operatingTable,
  optimizeDemand,
  optimizeSchedule,
  paretoFront,
  type Algorithm,
  type DemandResult,
  type OperatingRow,
  type OptimizedSchedule,
  type ParetoResult,
  type Plan,
  type SecondObjective,
  type Station,
} from '#shared/optimize/index';
import type { ComputeTaskContext } from '../workers/task';

/** One demand, or an operating table over several demands (always exhaustive). */
export type DemandTaskInput =
  | { mode: 'single'; station: Station; demandM3h: number; algorithm: Algorithm; seed: number; settings: Record<string, number> }
  | { mode: 'table'; station: Station; demandsM3h: number[] };
export type DemandTaskOutput = { mode: 'single'; result: DemandResult } | { mode: 'table'; rows: OperatingRow[] };

export type ParetoTaskInput = { station: Station; demandM3h: number; objective: SecondObjective; seed: number; settings: Record<string, number> };
export type ScheduleTaskInput = { station: Station; plan: Plan };

/** Fraction and a short message at most every 100 ms (the pool throttles again; this keeps the message cheap). */
function reporter(ctx: ComputeTaskContext) {
  let last = 0;
  return (fraction: number, message?: string) => {
    const now = Date.now();
    if (now - last < 100 && fraction < 1) return;
    last = now;
    ctx.progress(fraction, message);
  };
}

export function runDemandTask(input: unknown, ctx: ComputeTaskContext): DemandTaskOutput {
  const job = input as DemandTaskInput;
  const report = reporter(ctx);
  if (job.mode === 'table') {
    const rows: OperatingRow[] = [];
    for (let i = 0; i < job.demandsM3h.length; i++) {
      if (ctx.shouldStop()) break;
      rows.push(...operatingTable(job.station, [job.demandsM3h[i]!]));
      report((i + 1) / job.demandsM3h.length, `${i + 1} of ${job.demandsM3h.length} demands`);
    }
    return { mode: 'table', rows };
  }
  const result = optimizeDemand(job.station, job.demandM3h, {
    ...job.settings,
    algorithm: job.algorithm,
    seed: job.seed,
    onProgress: (fraction, best) => report(fraction, best ? (best.feasible ? `best ${best.powerKw.toFixed(2)} kW` : 'no feasible point yet') : undefined),
    shouldStop: () => ctx.shouldStop(),
  } as Parameters<typeof optimizeDemand>[2]);
  return { mode: 'single', result };
}

export function runParetoTask(input: unknown, ctx: ComputeTaskContext): ParetoResult {
  const job = input as ParetoTaskInput;
  const report = reporter(ctx);
  return paretoFront(job.station, job.demandM3h, {
    ...job.settings,
    objectives: ['powerKw', job.objective],
    seed: job.seed,
    onProgress: (fraction, frontSize) => report(fraction, `front ${frontSize} points`),
    shouldStop: () => ctx.shouldStop(),
  });
}

export function runScheduleTask(input: unknown, ctx: ComputeTaskContext): OptimizedSchedule {
  const job = input as ScheduleTaskInput;
  const report = reporter(ctx);
  return optimizeSchedule(job.station, job.plan, { onProgress: (f) => report(f, 'solving hours'), shouldStop: () => ctx.shouldStop() });
}
