/**
 * Genetic algorithm on the mixed genome: bits (pump on/off) and reals (speed ratios) side by side.
 * Tournament selection under feasibility-first comparison; uniform crossover on bits and SBX on
 * reals; bit-flip and polynomial mutation; elitism keeps the best `elite` individuals unchanged.
 * One generation per step.
 */
import { compareFeasibilityFirst, isBetter } from './compare';
import { cloneIndividual, evaluateIndividual, keepBest } from './individual';
import { flipBits, polynomialMutation, randomBits, randomReals, sbxBounded, uniformBits } from './operators';
import { createRng } from './rng';
import type { Individual, ISolverRun, MixedProblem } from './types';

/** GA settings. Mutation rates default to 1/(number of bits) and 1/(number of reals). */
export type GaSettings = {
  population: number;
  generations: number;
  crossoverRate: number;
  /** SBX distribution index (larger = children nearer their parents). */
  etaC: number;
  /** Polynomial-mutation distribution index. */
  etaM: number;
  bitMutationRate?: number;
  realMutationRate?: number;
  /** Individuals copied unchanged into the next generation. */
  elite: number;
  /** Tournament size. */
  tournament: number;
};

export const GA_DEFAULTS: GaSettings = { population: 40, generations: 120, crossoverRate: 0.9, etaC: 15, etaM: 20, elite: 2, tournament: 2 };

/** Step-able GA run. */
export function createGa(problem: MixedProblem, settings: GaSettings, seed: number): ISolverRun<Individual> {
  const rng = createRng(seed);
  const { lower, upper, nBits } = problem;
  const nReals = lower.length;
  const pmBits = settings.bitMutationRate ?? 1 / Math.max(1, nBits);
  const pmReals = settings.realMutationRate ?? 1 / Math.max(1, nReals);
  const size = Math.max(2, Math.floor(settings.population));
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

  const tournament = (): Individual => {
    let winner = pop[rng.int(pop.length)]!;
    for (let k = 1; k < settings.tournament; k++) {
      const c = pop[rng.int(pop.length)]!;
      if (isBetter(c, winner)) winner = c;
    }
    return winner;
  };

  return {
    step() {
      if (gen >= settings.generations) return true;
      if (gen < 0) {
        for (let i = 0; i < size; i++) pop.push(evaluate(randomBits(rng, nBits), randomReals(rng, lower, upper)));
      } else {
        pop.sort(compareFeasibilityFirst);
        const next = pop.slice(0, Math.min(settings.elite, size)).map(cloneIndividual);
        while (next.length < size) {
          const a = cloneIndividual(tournament());
          const b = cloneIndividual(tournament());
          if (rng.next() < settings.crossoverRate) {
            uniformBits(rng, a.bits, b.bits);
            sbxBounded(rng, a.reals, b.reals, lower, upper, settings.etaC);
          }
          for (const child of [a, b]) {
            if (next.length >= size) break;
            flipBits(rng, child.bits, pmBits);
            polynomialMutation(rng, child.reals, lower, upper, settings.etaM, pmReals);
            next.push(evaluate(child.bits, child.reals));
          }
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
