/**
 * Problem and solver shapes shared by the metaheuristics. A problem has a binary part (pump on/off)
 * and a bounded real part (speed ratios); `evaluate` may repair the reals in place (Lamarckian
 * repair: the repaired speeds are written back into the genome so offspring inherit them).
 */

/** Single-objective mixed binary/continuous problem, minimized. */
export type MixedProblem = {
  nBits: number;
  /** Bounds of the real variables (same length). */
  lower: readonly number[];
  upper: readonly number[];
  /** Objective (lower is better) and constraint violation (0 = feasible, larger = worse). */
  evaluate(bits: Uint8Array, reals: Float64Array): { objective: number; violation: number };
};

/** Two-or-more-objective mixed problem, all objectives minimized. */
export type MultiProblem = {
  nBits: number;
  lower: readonly number[];
  upper: readonly number[];
  nObjectives: number;
  evaluate(bits: Uint8Array, reals: Float64Array): { objectives: number[]; violation: number };
};

/** One evaluated point of a single-objective search. */
export type Individual = { bits: Uint8Array; reals: Float64Array; objective: number; violation: number };

/** Summary handed to progress callbacks: the best point so far. */
export type ProgressBest = { objective: number; violation: number; feasible: boolean };

/** Progress callback: `fraction` in [0, 1] of the planned work, and the best point so far. */
export type OnProgress = (fraction: number, best: ProgressBest | undefined) => void;

/** Cancellation check, polled between steps; returning true stops the run with its best so far. */
export type ShouldStop = () => boolean;

/**
 * A solver run advanced one step (one generation, iteration or subset) at a time, so a host can
 * interleave it with other work, report progress and cancel between steps.
 */
export interface ISolverRun<B> {
  /** Performs one step; returns true when the run has finished (further calls do nothing). */
  step(): boolean;
  /** Planned work done, 0..1. */
  fraction(): number;
  /** Objective evaluations so far. */
  evaluations(): number;
  /** Best point so far (feasibility first), if any was evaluated. */
  best(): B | undefined;
}
