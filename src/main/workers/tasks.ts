import type { ComputeTask } from './task';

/**
 * Every compute task by kind. The compute worker imports this map; each domain adds its own tasks
 * (fitting, optimization, import parsing) as one line here.
 */
export const computeTasks: Record<string, ComputeTask> = {
  'data.import': async (input, ctx) => (await import('../data/importTask')).runImportTask(input, ctx),
  'curves.fit': async (input, ctx) => (await import('../curves/fitTask')).runFitTask(input, ctx),
  'optimize.demand': async (input, ctx) => (await import('../optimize/tasks')).runDemandTask(input, ctx),
  'optimize.pareto': async (input, ctx) => (await import('../optimize/tasks')).runParetoTask(input, ctx),
  'optimize.schedule': async (input, ctx) => (await import('../optimize/tasks')).runScheduleTask(input, ctx),
  /** Burns CPU for `ms` milliseconds in steps, reporting progress; used to test the pool and the jobs panel. */
  'diagnostics.spin': (input, ctx) => {
    const { ms } = input as { ms: number };
    const start = Date.now();
    let iterations = 0;
    while (Date.now() - start < ms) {
      if (ctx.shouldStop()) return { iterations, stopped: true };
      for (let i = 0; i < 10_000; i++) iterations++;
      ctx.progress(Math.min(1, (Date.now() - start) / ms));
    }
    return { iterations, stopped: false };
  },
};
