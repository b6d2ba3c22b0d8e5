import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignCrowding, createNsga2, dominates, nonDominatedSort2d, nonDominatedSortGeneral, selectNsga2, type MoIndividual } from './nsga2';
import type { MultiProblem } from './types';

const ind = (f1: number, f2: number, violation = 0): MoIndividual => ({
  bits: new Uint8Array(0),
  reals: new Float64Array(0),
  objectives: [f1, f2],
  violation,
  rank: 0,
  crowding: 0,
});

const canonical = (fronts: number[][]) => fronts.map((f) => [...f].sort((a, b) => a - b));

describe('NSGA-II building blocks', () => {
  it('constrained domination: feasible first, then violation, then Pareto', () => {
    expect(dominates(ind(5, 5), ind(0, 0, 1))).toBe(true);
    expect(dominates(ind(0, 0, 2), ind(9, 9, 1))).toBe(false);
    expect(dominates(ind(1, 2), ind(1, 3))).toBe(true);
    expect(dominates(ind(1, 2), ind(1, 2))).toBe(false);
    expect(dominates(ind(1, 3), ind(2, 2))).toBe(false);
  });

  it('the O(n log n) two-objective sort equals the general sort (with duplicates)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 40 }), (pts) => {
        const pop = pts.map(([a, b]) => ind(a, b));
        expect(canonical(nonDominatedSort2d(pop))).toEqual(canonical(nonDominatedSortGeneral(pop)));
      }),
    );
  });

  it('crowding: extremes infinite, interior by normalized neighbour gaps', () => {
    const front = [ind(0, 1), ind(0.25, 0.5), ind(1, 0)];
    assignCrowding(front);
    expect(front[0]!.crowding).toBe(Infinity);
    expect(front[2]!.crowding).toBe(Infinity);
    expect(front[1]!.crowding).toBeCloseTo(1 + 1, 12);
  });

  it('selection keeps whole better fronts and spreads the cut front', () => {
    const pop = [ind(0, 4), ind(1, 3), ind(2, 2), ind(3, 1), ind(4, 0), ind(5, 5), ind(6, 6)];
    const chosen = selectNsga2(pop, 3);
    const kept = chosen.map((x) => x.objectives.join(',')).sort();
    // The extremes of the first front always survive; the middle point is the least crowded.
    expect(kept).toEqual(['0,4', '2,2', '4,0']);
  });

  it('handles bits alongside reals and respects constraints', () => {
    // Minimize (number of ones, x) subject to x ≥ 0.5 when any bit is one: a small mixed problem.
    const problem: MultiProblem = {
      nBits: 3,
      lower: [0],
      upper: [1],
      nObjectives: 2,
      evaluate(bits, reals) {
        const ones = bits.reduce((s, b) => s + b, 0);
        const x = reals[0]!;
        return { objectives: [ones, 1 - x], violation: ones > 0 && x < 0.5 ? 0.5 - x : 0 };
      },
    };
    const run = createNsga2(problem, { population: 24, generations: 40, crossoverRate: 0.9, etaC: 20, etaM: 20 }, 3);
    while (!run.step());
    const front = run.best()!;
    expect(front.every((x) => x.violation === 0)).toBe(true);
    expect(Math.min(...front.map((x) => x.objectives[1]!))).toBeLessThan(0.01);
  });
});
