/**
 * NSGA-II (Deb et al. 2002) following DEAP's reference loop: binary tournament on dominance then
 * crowding (`selTournamentDCD`), SBX + polynomial mutation on reals (uniform crossover and bit flips
 * on bits), (μ + λ) survival by non-dominated rank and crowding distance (`selNSGA2`).
 * Constraints by Deb's constrained domination: feasible beats infeasible, lower violation beats
 * higher, and only feasible points compare by Pareto dominance. One generation per step.
 */
import { flipBits, polynomialMutation, randomBits, randomReals, sbxBounded, uniformBits } from './operators';
import { createRng, type Rng } from './rng';
import type { ISolverRun, MultiProblem } from './types';

/** NSGA-II settings (DEAP's defaults for ZDT: p_c 0.9, η_c = η_m = 20, p_m = 1/n). */
export type Nsga2Settings = {
  population: number;
  generations: number;
  crossoverRate: number;
  etaC: number;
  etaM: number;
  /** Per-variable mutation probability; default 1/(bits + reals). */
  mutationRate?: number;
};

export const NSGA2_DEFAULTS: Nsga2Settings = { population: 100, generations: 250, crossoverRate: 0.9, etaC: 20, etaM: 20 };

/** An evaluated point with its rank (0 = first front) and crowding distance. */
export type MoIndividual = {
  bits: Uint8Array;
  reals: Float64Array;
  objectives: number[];
  violation: number;
  rank: number;
  crowding: number;
};

/** Constrained domination: true when a dominates b. */
export function dominates(a: MoIndividual, b: MoIndividual): boolean {
  const fa = a.violation <= 0;
  const fb = b.violation <= 0;
  if (fa !== fb) return fa;
  if (!fa) return a.violation < b.violation;
  let strictly = false;
  for (let m = 0; m < a.objectives.length; m++) {
    const x = a.objectives[m]!;
    const y = b.objectives[m]!;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/** Fast non-dominated sort; returns fronts (index lists) until at least `k` points are covered. */
export function nonDominatedSort(pop: MoIndividual[], k = pop.length): number[][] {
  if (pop.length > 0 && isFeasible2d(pop)) return nonDominatedSort2d(pop);
  return nonDominatedSortGeneral(pop, k);
}

/** Deb's O(M·N²) fast non-dominated sort, for any number of objectives and constraints. */
export function nonDominatedSortGeneral(pop: MoIndividual[], k = pop.length): number[][] {
  const n = pop.length;
  const dominatedBy: number[][] = Array.from({ length: n }, () => []);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(pop[i]!, pop[j]!)) {
        dominatedBy[i]!.push(j);
        count[j]!++;
      } else if (dominates(pop[j]!, pop[i]!)) {
        dominatedBy[j]!.push(i);
        count[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (count[i] === 0) current.push(i);
  let covered = 0;
  while (current.length > 0) {
    fronts.push(current);
    covered += current.length;
    if (covered >= k) break;
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i]!) {
        count[j]!--;
        if (count[j] === 0) next.push(j);
      }
    }
    current = next;
  }
  return fronts;
}

/**
 * Two objectives, all feasible: O(n log n) sort. In f1 order, a point is dominated by a front iff
 * that front already holds a point with smaller f2 (or equal f2 at smaller f1); fronts' least f2
 * grows with rank, so each point joins the first front that does not dominate it.
 */
export function nonDominatedSort2d(pop: MoIndividual[]): number[][] {
  const idx = Array.from({ length: pop.length }, (_, i) => i);
  idx.sort((a, b) => pop[a]!.objectives[0]! - pop[b]!.objectives[0]! || pop[a]!.objectives[1]! - pop[b]!.objectives[1]!);
  const fronts: number[][] = [];
  const lastF1: number[] = [];
  const lastF2: number[] = [];
  for (const i of idx) {
    const f1 = pop[i]!.objectives[0]!;
    const f2 = pop[i]!.objectives[1]!;
    let k = 0;
    while (k < fronts.length && (lastF2[k]! < f2 || (lastF2[k] === f2 && lastF1[k]! < f1))) k++;
    if (k === fronts.length) {
      fronts.push([]);
      lastF1.push(f1);
      lastF2.push(f2);
    }
    fronts[k]!.push(i);
    lastF1[k] = f1;
    lastF2[k] = f2;
  }
  return fronts;
}

/** Crowding distance within one front (boundary points infinite), written into the individuals. */
export function assignCrowding(front: MoIndividual[]): void {
  if (front.length === 0) return;
  if (isFeasible2d(front)) {
    crowding2d(sortedOrder2d(front));
    return;
  }
  for (const x of front) x.crowding = 0;
  const nObj = front[0]!.objectives.length;
  for (let m = 0; m < nObj; m++) {
    const sorted = [...front].sort((a, b) => a.objectives[m]! - b.objectives[m]!);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    first.crowding = Infinity;
    last.crowding = Infinity;
    const norm = last.objectives[m]! - first.objectives[m]!;
    if (norm === 0) continue;
    for (let i = 1; i < sorted.length - 1; i++) {
      sorted[i]!.crowding += (sorted[i + 1]!.objectives[m]! - sorted[i - 1]!.objectives[m]!) / norm;
    }
  }
}

/**
 * Two objectives, all feasible: a front is mutually non-dominated, so sorting by f1 also sorts f2
 * (descending) and one order serves both objectives — crowding and truncation need a single sort.
 */
function isFeasible2d(front: MoIndividual[]): boolean {
  if (front[0]!.objectives.length !== 2) return false;
  for (const x of front) if (x.violation > 0) return false;
  return true;
}

function sortedOrder2d(front: MoIndividual[]): MoIndividual[] {
  return [...front].sort((a, b) => a.objectives[0]! - b.objectives[0]! || b.objectives[1]! - a.objectives[1]!);
}

/** Crowding over the points of `order` (sorted by f1), with the front's extremes as normalizers. */
function crowding2d(order: MoIndividual[]): void {
  const n = order.length;
  const first = order[0]!;
  const last = order[n - 1]!;
  const n1 = last.objectives[0]! - first.objectives[0]!;
  const n2 = first.objectives[1]! - last.objectives[1]!;
  for (let i = 1; i < n - 1; i++) order[i]!.crowding = gap2d(order[i - 1]!, order[i + 1]!, n1, n2);
  first.crowding = Infinity;
  last.crowding = Infinity;
}

function gap2d(prev: MoIndividual, next: MoIndividual, n1: number, n2: number): number {
  const d1 = n1 > 0 ? (next.objectives[0]! - prev.objectives[0]!) / n1 : 0;
  const d2 = n2 > 0 ? (prev.objectives[1]! - next.objectives[1]!) / n2 : 0;
  return d1 + d2;
}

/** Environmental selection: whole fronts by rank, the last one cut by crowding distance. */
export function selectNsga2(pop: MoIndividual[], k: number): MoIndividual[] {
  const fronts = nonDominatedSort(pop, k);
  const chosen: MoIndividual[] = [];
  fronts.forEach((idx, rank) => {
    const front = idx.map((i) => pop[i]!);
    for (const x of front) x.rank = rank;
    assignCrowding(front);
    if (chosen.length + front.length <= k) chosen.push(...front);
    else chosen.push(...truncateByCrowding(front, k - chosen.length));
  });
  return chosen;
}

/**
 * Cuts a front to `keep` points by removing the most crowded point one at a time and recomputing
 * the crowding distances after each removal (Kukkonen & Deb 2006). Cutting in one pass by the
 * initial distances removes whole clusters of neighbours and leaves gaps in the final front.
 */
function truncateByCrowding(front: MoIndividual[], keep: number): MoIndividual[] {
  if (isFeasible2d(front) && keep >= 2) return truncate2d(front, keep);
  const rest = [...front];
  while (rest.length > keep) {
    assignCrowding(rest);
    let worst = 0;
    for (let i = 1; i < rest.length; i++) if (rest[i]!.crowding < rest[worst]!.crowding) worst = i;
    rest.splice(worst, 1);
  }
  assignCrowding(rest);
  return rest;
}

/**
 * Two-objective truncation on a linked list in f1 order: removing a point changes only its two
 * neighbours' distances, and the extremes (infinite distance) stay, so the normalizers do too.
 */
function truncate2d(front: MoIndividual[], keep: number): MoIndividual[] {
  const order = sortedOrder2d(front);
  const n = order.length;
  const n1 = order[n - 1]!.objectives[0]! - order[0]!.objectives[0]!;
  const n2 = order[0]!.objectives[1]! - order[n - 1]!.objectives[1]!;
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const next = Int32Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const dist = new Float64Array(n).fill(Infinity);
  for (let i = 1; i < n - 1; i++) dist[i] = gap2d(order[i - 1]!, order[i + 1]!, n1, n2);
  const alive = new Uint8Array(n).fill(1);
  for (let size = n; size > keep; size--) {
    let worst = -1;
    for (let i = 0; i < n; i++) if (alive[i] && (worst < 0 || dist[i]! < dist[worst]!)) worst = i;
    alive[worst] = 0;
    const p = prev[worst]!;
    const q = next[worst]!;
    if (p >= 0) next[p] = q;
    if (q >= 0) prev[q] = p;
    if (p >= 0 && prev[p]! >= 0 && q >= 0) dist[p] = gap2d(order[prev[p]!]!, order[q]!, n1, n2);
    if (q >= 0 && next[q]! >= 0 && p >= 0) dist[q] = gap2d(order[p]!, order[next[q]!]!, n1, n2);
  }
  const kept: MoIndividual[] = [];
  for (let i = 0; i < n; i++) if (alive[i]) kept.push(order[i]!);
  crowding2d(kept);
  return kept;
}

function tournamentDcd(rng: Rng, a: MoIndividual, b: MoIndividual): MoIndividual {
  if (dominates(a, b)) return a;
  if (dominates(b, a)) return b;
  if (a.crowding < b.crowding) return b;
  if (a.crowding > b.crowding) return a;
  return rng.next() <= 0.5 ? a : b;
}

function shuffled(rng: Rng, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** DEAP's selTournamentDCD: two shuffles, four tournaments per group of four (wrapping for any size). */
function selectParents(rng: Rng, pop: MoIndividual[], k: number): MoIndividual[] {
  const n = pop.length;
  const p1 = shuffled(rng, n);
  const p2 = shuffled(rng, n);
  const at = (p: number[], i: number) => pop[p[i % n]!]!;
  const chosen: MoIndividual[] = [];
  for (let i = 0; chosen.length < k; i += 4) {
    chosen.push(tournamentDcd(rng, at(p1, i), at(p1, i + 1)));
    chosen.push(tournamentDcd(rng, at(p1, i + 2), at(p1, i + 3)));
    chosen.push(tournamentDcd(rng, at(p2, i), at(p2, i + 1)));
    chosen.push(tournamentDcd(rng, at(p2, i + 2), at(p2, i + 3)));
  }
  return chosen.slice(0, k);
}

/** Step-able NSGA-II run; `best()` is the current first front. */
export function createNsga2(problem: MultiProblem, settings: Nsga2Settings, seed: number): ISolverRun<MoIndividual[]> {
  const rng = createRng(seed);
  const { lower, upper, nBits } = problem;
  const pm = settings.mutationRate ?? 1 / Math.max(1, nBits + lower.length);
  const size = Math.max(2, Math.floor(settings.population));
  let pop: MoIndividual[] = [];
  let evaluations = 0;
  let gen = -1;

  const evaluate = (bits: Uint8Array, reals: Float64Array): MoIndividual => {
    evaluations++;
    const v = problem.evaluate(bits, reals);
    return { bits, reals, objectives: v.objectives, violation: v.violation, rank: 0, crowding: 0 };
  };

  return {
    step() {
      if (gen >= settings.generations) return true;
      if (gen < 0) {
        const init: MoIndividual[] = [];
        for (let i = 0; i < size; i++) init.push(evaluate(randomBits(rng, nBits), randomReals(rng, lower, upper)));
        pop = selectNsga2(init, size);
      } else {
        const parents = selectParents(rng, pop, size);
        const offspring: MoIndividual[] = [];
        for (let i = 0; i < parents.length; i += 2) {
          const a = parents[i]!;
          const b = parents[i + 1];
          const ab = Uint8Array.from(a.bits);
          const ar = Float64Array.from(a.reals);
          if (b === undefined) {
            flipBits(rng, ab, pm);
            polynomialMutation(rng, ar, lower, upper, settings.etaM, pm);
            offspring.push(evaluate(ab, ar));
            continue;
          }
          const bb = Uint8Array.from(b.bits);
          const br = Float64Array.from(b.reals);
          if (rng.next() <= settings.crossoverRate) {
            uniformBits(rng, ab, bb);
            sbxBounded(rng, ar, br, lower, upper, settings.etaC);
          }
          flipBits(rng, ab, pm);
          polynomialMutation(rng, ar, lower, upper, settings.etaM, pm);
          flipBits(rng, bb, pm);
          polynomialMutation(rng, br, lower, upper, settings.etaM, pm);
          offspring.push(evaluate(ab, ar), evaluate(bb, br));
        }
        pop = selectNsga2([...pop, ...offspring], size);
      }
      gen++;
      return gen >= settings.generations;
    },
    fraction: () => Math.max(0, gen) / Math.max(1, settings.generations),
    evaluations: () => evaluations,
    best: () => (pop.length === 0 ? undefined : pop.filter((x) => x.rank === 0)),
  };
}
