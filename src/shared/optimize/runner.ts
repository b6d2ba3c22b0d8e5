/**
 * Drives a step-able solver run to its end, polling the cancellation check before every step and
 * reporting progress after it. The only loop a host needs; workers call it the same way.
 */
import { nowMs } from './clock';
import type { ISolverRun, OnProgress, ProgressBest, ShouldStop } from './types';

/** Hooks for a run: progress after every step, cancellation before every step. */
export type RunHooks = { onProgress?: OnProgress | undefined; shouldStop?: ShouldStop | undefined };

/** Outcome of driving a run: whether it was stopped early, and its wall time in ms. */
export type DriveResult = { cancelled: boolean; ms: number };

/** Runs `run` to completion or until `shouldStop()` returns true. */
export function drive<B>(run: ISolverRun<B>, summarize: (b: B) => ProgressBest, hooks: RunHooks = {}): DriveResult {
  const t0 = nowMs();
  let cancelled = false;
  for (;;) {
    if (hooks.shouldStop?.()) {
      cancelled = true;
      break;
    }
    const done = run.step();
    if (hooks.onProgress) {
      const b = run.best();
      hooks.onProgress(done ? 1 : run.fraction(), b === undefined ? undefined : summarize(b));
    }
    if (done) break;
  }
  return { cancelled, ms: nowMs() - t0 };
}
