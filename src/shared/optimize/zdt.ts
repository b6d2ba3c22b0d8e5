/**
 * ZDT1–ZDT3 test problems (Zitzler, Deb & Thiele 2000): n variables in [0, 1], two objectives,
 * Pareto front at x2..xn = 0. Used to check NSGA-II against published hypervolumes.
 */
import type { MultiProblem } from './types';

/** Which ZDT problem. */
export type ZdtKind = 'zdt1' | 'zdt2' | 'zdt3';

/** The ZDT problem `kind` with `n` variables (30 in the literature). */
export function zdtProblem(kind: ZdtKind, n = 30): MultiProblem {
  const lower = new Array<number>(n).fill(0);
  const upper = new Array<number>(n).fill(1);
  return {
    nBits: 0,
    lower,
    upper,
    nObjectives: 2,
    evaluate(_bits, x) {
      const f1 = x[0]!;
      let s = 0;
      for (let i = 1; i < n; i++) s += x[i]!;
      const g = 1 + (9 * s) / (n - 1);
      const r = f1 / g;
      let h: number;
      if (kind === 'zdt1') h = 1 - Math.sqrt(r);
      else if (kind === 'zdt2') h = 1 - r * r;
      else h = 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * f1);
      return { objectives: [f1, g * h], violation: 0 };
    },
  };
}
