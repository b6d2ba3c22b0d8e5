import { describe, expect, it } from 'vitest';
import { hypervolume2d } from './hypervolume';
import { createNsga2, NSGA2_DEFAULTS } from './nsga2';
import { zdtProblem, type ZdtKind } from './zdt';

/**
 * NSGA-II on ZDT1–3 with DEAP's settings (30 variables, population 100, 250 generations,
 * SBX/polynomial η = 20, p_c = 0.9, p_m = 1/30): median hypervolume over 11 seeds, reference (1.1, 1.1).
 */
const SEEDS = Array.from({ length: 11 }, (_, i) => i + 1);
const THRESHOLDS: Record<ZdtKind, number> = { zdt1: 0.8694, zdt2: 0.5359, zdt3: 1.3276 };

function runHypervolume(kind: ZdtKind, seed: number): number {
  const run = createNsga2(zdtProblem(kind, 30), { ...NSGA2_DEFAULTS, population: 100, generations: 250 }, seed);
  while (!run.step());
  const front = run.best() ?? [];
  return hypervolume2d(
    front.map((x) => [x.objectives[0]!, x.objectives[1]!] as const),
    [1.1, 1.1],
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('NSGA-II on ZDT (DEAP settings, median of 11 seeds)', () => {
  for (const kind of ['zdt1', 'zdt2', 'zdt3'] as const) {
    it(`${kind} median hypervolume ≥ ${THRESHOLDS[kind]}`, () => {
      const hvs = SEEDS.map((seed) => runHypervolume(kind, seed));
      const m = median(hvs);
      console.log(kind, 'median HV', m.toFixed(5), 'all', hvs.map((h) => h.toFixed(4)).join(' '));
      expect(m).toBeGreaterThanOrEqual(THRESHOLDS[kind]);
    });
  }
});
