/** Helpers for evaluated individuals of the single-objective metaheuristics. */
import { isBetter } from './compare';
import type { Individual, MixedProblem, ProgressBest } from './types';

/** Evaluates (and Lamarckian-repairs) a genome into an individual; the arrays are owned by it. */
export function evaluateIndividual(problem: MixedProblem, bits: Uint8Array, reals: Float64Array): Individual {
  const v = problem.evaluate(bits, reals);
  return { bits, reals, objective: v.objective, violation: v.violation };
}

/** Deep copy. */
export function cloneIndividual(x: Individual): Individual {
  return { bits: Uint8Array.from(x.bits), reals: Float64Array.from(x.reals), objective: x.objective, violation: x.violation };
}

/** The better of the current best and a candidate (the candidate is copied when it wins). */
export function keepBest(best: Individual | undefined, cand: Individual): Individual {
  return best === undefined || isBetter(cand, best) ? cloneIndividual(cand) : best;
}

/** Progress summary of an individual. */
export function summarizeIndividual(x: Individual): ProgressBest {
  return { objective: x.objective, violation: x.violation, feasible: x.violation <= 0 };
}
