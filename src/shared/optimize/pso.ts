/**
 * Particle swarm optimization (global-best topology, inertia falling linearly). On/off bits are
 * carried as latent positions in [0, 1], decoded as "on" above 0.5, so one velocity rule moves
 * both parts and the swarm can settle on a pump set (sigmoid binary PSO keeps flipping bits at
 * random once velocities decay). Personal and global bests use feasibility-first comparison.
 * One iteration per step.
 */
import { isBetter } from './compare';
import { cloneIndividual, evaluateIndividual } from './individual';
import { createRng } from './rng';
import type { Individual, ISolverRun, MixedProblem } from './types';

/** PSO settings. */
export type PsoSettings = {
  swarmSize: number;
  iterations: number;
  inertiaStart: number;
  inertiaEnd: number;
  /** Cognitive (personal-best) and social (global-best) acceleration. */
  c1: number;
  c2: number;
  /** Velocity limit as a fraction of each variable's range. */
  maxVelocityFraction: number;
  /**
   * Neighbours on each side in a ring topology (lbest); 0 = global best. A ring spreads good pump
   * sets slowly, so the swarm keeps several sets alive instead of collapsing on the first good one.
   */
  neighbours: number;
};

export const PSO_DEFAULTS: PsoSettings = { swarmSize: 40, iterations: 150, inertiaStart: 0.9, inertiaEnd: 0.4, c1: 2, c2: 1, maxVelocityFraction: 0.2, neighbours: 1 };

type Score = { objective: number; violation: number };
type Particle = { x: Float64Array; v: Float64Array; bestX: Float64Array; best: Score };

/** Step-able PSO run. */
export function createPso(problem: MixedProblem, settings: PsoSettings, seed: number): ISolverRun<Individual> {
  const rng = createRng(seed);
  const nBits = problem.nBits;
  const nReals = problem.lower.length;
  const dim = nBits + nReals;
  // Latent layout: [bits..., reals...]; bit latents live in [0, 1].
  const lo = [...new Array<number>(nBits).fill(0), ...problem.lower];
  const hi = [...new Array<number>(nBits).fill(1), ...problem.upper];
  const vMax = lo.map((l, d) => settings.maxVelocityFraction * (hi[d]! - l));
  const swarm: Particle[] = [];
  let gBest: Individual | undefined;
  let gBestX = new Float64Array(dim);
  let evaluations = 0;
  let iter = -1;

  const evaluate = (x: Float64Array): Individual => {
    evaluations++;
    const bits = Uint8Array.from({ length: nBits }, (_, d) => (x[d]! > 0.5 ? 1 : 0));
    const reals = x.slice(nBits);
    const ind = evaluateIndividual(problem, bits, reals);
    // Lamarckian: repaired speeds move the particle.
    x.set(ind.reals, nBits);
    if (gBest === undefined || isBetter(ind, gBest)) {
      gBest = cloneIndividual(ind);
      gBestX = Float64Array.from(x);
    }
    return ind;
  };

  return {
    step() {
      if (iter >= settings.iterations) return true;
      if (iter < 0) {
        for (let k = 0; k < Math.max(1, settings.swarmSize); k++) {
          const x = Float64Array.from(lo, (l, d) => rng.uniform(l, hi[d]!));
          const v = Float64Array.from(vMax, (m) => rng.uniform(-m, m));
          const ind = evaluate(x);
          swarm.push({ x, v, bestX: Float64Array.from(x), best: { objective: ind.objective, violation: ind.violation } });
        }
      } else {
        const t = settings.iterations <= 1 ? 1 : iter / (settings.iterations - 1);
        const w = settings.inertiaStart + (settings.inertiaEnd - settings.inertiaStart) * t;
        const leaders = swarm.map((_, k) => leaderOf(swarm, k, settings.neighbours) ?? gBestX);
        for (let k = 0; k < swarm.length; k++) {
          const p = swarm[k]!;
          const gx = leaders[k]!;
          const px = p.bestX;
          for (let d = 0; d < dim; d++) {
            let vd = w * p.v[d]! + settings.c1 * rng.next() * (px[d]! - p.x[d]!) + settings.c2 * rng.next() * (gx[d]! - p.x[d]!);
            vd = Math.max(-vMax[d]!, Math.min(vMax[d]!, vd));
            let xd = p.x[d]! + vd;
            // Absorbing walls: stop at the bound and lose the velocity component.
            if (xd < lo[d]!) {
              xd = lo[d]!;
              vd = 0;
            } else if (xd > hi[d]!) {
              xd = hi[d]!;
              vd = 0;
            }
            p.v[d] = vd;
            p.x[d] = xd;
          }
          const ind = evaluate(p.x);
          if (isBetter(ind, p.best)) {
            p.best = { objective: ind.objective, violation: ind.violation };
            p.bestX = Float64Array.from(p.x);
          }
        }
      }
      iter++;
      return iter >= settings.iterations;
    },
    fraction: () => Math.max(0, iter) / Math.max(1, settings.iterations),
    evaluations: () => evaluations,
    best: () => gBest,
  };
}

/** Best personal-best position among the ring neighbours of particle k (itself included); undefined = use global. */
function leaderOf(swarm: Particle[], k: number, neighbours: number): Float64Array | undefined {
  if (neighbours <= 0 || 2 * neighbours + 1 >= swarm.length) return undefined;
  let best = swarm[k]!;
  for (let d = -neighbours; d <= neighbours; d++) {
    const q = swarm[(k + d + swarm.length) % swarm.length]!;
    if (isBetter(q.best, best.best)) best = q;
  }
  return best.bestX;
}
