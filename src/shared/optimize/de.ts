/**
 * Differential evolution, DE/rand/1/bin, on the mixed genome. Reals: v = x_r1 + F·(x_r2 − x_r3),
 * out-of-bounds components reset midway between the base vector and the violated bound. Bits:
 * binary difference operator — the base bit flips with probability F where the two difference
 * bits disagree (the analogue of adding F times a nonzero difference). Binomial crossover over all
 * genes with at least one taken from the mutant; the trial replaces its target unless it is worse
 * under feasibility-first comparison. One generation per step.
 */
import { isBetter } from './compare';
import { evaluateIndividual, keepBest } from './individual';
import { randomBits, randomReals } from './operators';
import { createRng } from './rng';
import type { Individual, ISolverRun, MixedProblem } from './types';

/** DE settings. */
export type DeSettings = {
  population: number;
  generations: number;
  /** Differential weight F in (0, 2]. */
  f: number;
  /** Crossover rate CR in [0, 1]. */
  cr: number;
};

export const DE_DEFAULTS: DeSettings = { population: 40, generations: 150, f: 0.5, cr: 0.9 };

/** Step-able DE run. */
export function createDe(problem: MixedProblem, settings: DeSettings, seed: number): ISolverRun<Individual> {
  const rng = createRng(seed);
  const { lower, upper, nBits } = problem;
  const nReals = lower.length;
  const dim = nBits + nReals;
  // DE/rand/1 needs the target plus three distinct others.
  const size = Math.max(4, Math.floor(settings.population));
  let pop: Individual[] = [];
  let best: Individual | undefined;
  let evaluations = 0;
  let gen = -1;

  const evaluate = (bits: Uint8Array, reals: Float64Array): Individual => {
    evaluations++;
    const ind = evaluateIndividual(problem, bits, reals);
    best = keepBest(best, ind);
    return ind;
  };

  const pickDistinct = (exclude: number): [number, number, number] => {
    const chosen: number[] = [];
    while (chosen.length < 3) {
      const r = rng.int(size);
      if (r !== exclude && !chosen.includes(r)) chosen.push(r);
    }
    return chosen as [number, number, number];
  };

  return {
    step() {
      if (gen >= settings.generations) return true;
      if (gen < 0) {
        for (let i = 0; i < size; i++) pop.push(evaluate(randomBits(rng, nBits), randomReals(rng, lower, upper)));
      } else {
        const next: Individual[] = new Array<Individual>(size);
        for (let i = 0; i < size; i++) {
          const target = pop[i]!;
          const [r1, r2, r3] = pickDistinct(i);
          const a = pop[r1]!;
          const b = pop[r2]!;
          const c = pop[r3]!;
          const jRand = rng.int(dim);
          const bits = Uint8Array.from(target.bits);
          const reals = Float64Array.from(target.reals);
          for (let j = 0; j < dim; j++) {
            if (!(j === jRand || rng.next() < settings.cr)) continue;
            if (j < nBits) {
              const differs = b.bits[j] !== c.bits[j];
              bits[j] = differs && rng.next() < settings.f ? 1 - a.bits[j]! : a.bits[j]!;
            } else {
              const k = j - nBits;
              let v = a.reals[k]! + settings.f * (b.reals[k]! - c.reals[k]!);
              if (v < lower[k]!) v = 0.5 * (a.reals[k]! + lower[k]!);
              else if (v > upper[k]!) v = 0.5 * (a.reals[k]! + upper[k]!);
              reals[k] = v;
            }
          }
          const trial = evaluate(bits, reals);
          next[i] = isBetter(target, trial) ? target : trial;
        }
        pop = next;
      }
      gen++;
      return gen >= settings.generations;
    },
    fraction: () => Math.max(0, gen) / Math.max(1, settings.generations),
    evaluations: () => evaluations,
    best: () => best,
  };
}
