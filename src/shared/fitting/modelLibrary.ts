/**
 * The model library offered in the Curves UI: linear pump forms and polynomials (solved directly by
 * QR) and a few nonlinear forms whose parameters engineers read directly (BEP flow and efficiency,
 * shut-off head and exponent). Each nonlinear entry carries a start-value guess from the data so a
 * user does not have to type start values.
 */
import { linearModelSpec, fitPowerModel, MAX_POLYNOMIAL_DEGREE } from './linearModels';
import { fitNonlinear } from './nonlinear';
import type { CommonFitOptions, FitFailure, FitResult, NonlinearEngineChoice } from './types';

export type LibraryParameter = {
  name: string;
  /** Meaning and unit, for the UI. */
  description: string;
  min?: number;
  max?: number;
};

export type LibraryModel = {
  /** Stable identifier (poly1..poly10, pump-head-quadratic, ...). */
  name: string;
  label: string;
  description: string;
  kind: 'linear' | 'nonlinear';
  /** mathjs expression in x and the parameter names. */
  expression: string;
  parameters: LibraryParameter[];
};

type NonlinearEntry = LibraryModel & {
  kind: 'nonlinear';
  /** Start values from the data (x ascending not required). */
  guess(x: number[], y: number[]): number[];
};

function extremes(x: number[], y: number[]) {
  let iMax = 0;
  let xMax = Number.NEGATIVE_INFINITY;
  let xMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    if (y[i]! > y[iMax]!) iMax = i;
    xMax = Math.max(xMax, x[i]!);
    xMin = Math.min(xMin, x[i]!);
  }
  return { iMax, xMax, xMin };
}

const polynomials: LibraryModel[] = Array.from({ length: MAX_POLYNOMIAL_DEGREE }, (_, i) => {
  const d = i + 1;
  const spec = linearModelSpec(`poly${d}`)!;
  return {
    name: `poly${d}`,
    label: `Polynomial, degree ${d}`,
    description: `y = c0 + c1·x + … + c${d}·x^${d}, solved directly (QR on centred, scaled x).`,
    kind: 'linear' as const,
    expression: spec.expression,
    parameters: spec.names.map((n, j) => ({ name: n, description: `coefficient of x^${j}` })),
  };
});

const linearPump: LibraryModel[] = [
  {
    name: 'pump-head-quadratic',
    label: 'Pump head, H = H0 − k·Q²',
    description: 'Shut-off head minus a quadratic loss: the classic two-parameter head curve.',
    kind: 'linear',
    expression: 'H0 - k*x^2',
    parameters: [
      { name: 'H0', description: 'shut-off head, m' },
      { name: 'k', description: 'head coefficient, m/(m³/h)²' },
    ],
  },
  {
    name: 'pump-head-poly2',
    label: 'Pump head, H = a + b·Q + c·Q²',
    description: 'Full quadratic head curve.',
    kind: 'linear',
    expression: 'a + b*x + c*x^2',
    parameters: ['a', 'b', 'c'].map((n) => ({ name: n, description: 'coefficient' })),
  },
  {
    name: 'pump-head-poly3',
    label: 'Pump head, cubic',
    description: 'Cubic head curve for curves with an unstable (rising) part near shut-off.',
    kind: 'linear',
    expression: 'a + b*x + c*x^2 + d*x^3',
    parameters: ['a', 'b', 'c', 'd'].map((n) => ({ name: n, description: 'coefficient' })),
  },
  {
    name: 'pump-efficiency-cubic-origin',
    label: 'Efficiency, η = a·Q + b·Q² + c·Q³',
    description: 'Efficiency through the origin (η = 0 at Q = 0), cubic.',
    kind: 'linear',
    expression: 'a*x + b*x^2 + c*x^3',
    parameters: ['a', 'b', 'c'].map((n) => ({ name: n, description: 'coefficient' })),
  },
  {
    name: 'pump-efficiency-poly2-origin',
    label: 'Efficiency, η = a·Q + b·Q²',
    description: 'Efficiency through the origin, parabola.',
    kind: 'linear',
    expression: 'a*x + b*x^2',
    parameters: ['a', 'b'].map((n) => ({ name: n, description: 'coefficient' })),
  },
  {
    name: 'power-poly2',
    label: 'Shaft power, P = a + b·Q + c·Q²',
    description: 'Quadratic power curve.',
    kind: 'linear',
    expression: 'a + b*x + c*x^2',
    parameters: ['a', 'b', 'c'].map((n) => ({ name: n, description: 'coefficient' })),
  },
  {
    name: 'power-poly3',
    label: 'Shaft power, cubic',
    description: 'Cubic power curve.',
    kind: 'linear',
    expression: 'a + b*x + c*x^2 + d*x^3',
    parameters: ['a', 'b', 'c', 'd'].map((n) => ({ name: n, description: 'coefficient' })),
  },
];

const nonlinearEntries: NonlinearEntry[] = [
  {
    name: 'pump-efficiency-bep',
    label: 'Efficiency with BEP parameters',
    description: 'η = ηb·(Q/Qb)·(2 − Q/Qb): a parabola through the origin whose parameters are the best-efficiency point, so its uncertainty comes with the fit.',
    kind: 'nonlinear',
    expression: 'etaBep * (x/qBep) * (2 - x/qBep)',
    parameters: [
      { name: 'etaBep', description: 'efficiency at the best-efficiency point, fraction', min: 0, max: 1 },
      { name: 'qBep', description: 'flow at the best-efficiency point, same unit as x', min: 0 },
    ],
    guess(x, y) {
      const { iMax, xMax } = extremes(x, y);
      const eta = Math.min(0.95, Math.max(0.05, y[iMax]!));
      return [eta, x[iMax]! > 0 ? x[iMax]! : xMax / 2];
    },
  },
  {
    name: 'pump-head-power',
    label: 'Pump head, H = H0 − k·Q^n',
    description: 'Shut-off head minus a power-law loss with a fitted exponent (n ≈ 2 for most pumps).',
    kind: 'nonlinear',
    expression: 'H0 - k*x^n',
    parameters: [
      { name: 'H0', description: 'shut-off head, m' },
      { name: 'k', description: 'head coefficient' },
      { name: 'n', description: 'exponent', min: 1, max: 4 },
    ],
    guess(x, y) {
      const { xMax } = extremes(x, y);
      let h0 = Number.NEGATIVE_INFINITY;
      let hEnd = y[0]!;
      let xEnd = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < x.length; i++) {
        h0 = Math.max(h0, y[i]!);
        if (x[i]! > xEnd) {
          xEnd = x[i]!;
          hEnd = y[i]!;
        }
      }
      const k = xMax > 0 ? Math.max((h0 - hEnd) / (xMax * xMax), 1e-12) : 1;
      return [h0 * 1.02, k, 2];
    },
  },
  {
    name: 'system-curve',
    label: 'System curve, H = Hs + k·Q^n',
    description: 'Static head plus friction loss with a fitted exponent (2 for fully turbulent flow).',
    kind: 'nonlinear',
    expression: 'Hs + k*x^n',
    parameters: [
      { name: 'Hs', description: 'static head, m' },
      { name: 'k', description: 'loss coefficient' },
      { name: 'n', description: 'exponent', min: 1, max: 3 },
    ],
    guess(x, y) {
      let iMin = 0;
      let iMax = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i]! < x[iMin]!) iMin = i;
        if (x[i]! > x[iMax]!) iMax = i;
      }
      const hs = y[iMin]!;
      const k = x[iMax]! > 0 ? Math.max((y[iMax]! - hs) / x[iMax]! ** 2, 1e-12) : 1;
      return [hs, k, 2];
    },
  },
  {
    name: 'exponential-decay',
    label: 'Exponential decay, y = a·exp(−b·x)',
    description: 'First-order decay (drawdown recovery, cooling).',
    kind: 'nonlinear',
    expression: 'a*exp(-b*x)',
    parameters: [
      { name: 'a', description: 'value at x = 0' },
      { name: 'b', description: 'rate, 1/unit of x' },
    ],
    guess(x, y) {
      const { xMax, xMin } = extremes(x, y);
      const span = xMax - xMin || 1;
      return [y[0] ?? 1, 1 / span];
    },
  },
  {
    name: 'power-law',
    label: 'Power law, y = a·x^b',
    description: 'Power law (x > 0).',
    kind: 'nonlinear',
    expression: 'a*x^b',
    parameters: [
      { name: 'a', description: 'coefficient' },
      { name: 'b', description: 'exponent' },
    ],
    guess(x, y) {
      const { iMax } = extremes(x, y);
      return [x[iMax]! > 0 ? y[iMax]! / x[iMax]! : 1, 1];
    },
  },
];

/** All library models, linear first. */
export const modelLibrary: readonly LibraryModel[] = [
  ...polynomials,
  ...linearPump,
  ...nonlinearEntries.map(({ guess: _guess, ...rest }) => rest),
];

export type LibraryFitOptions = CommonFitOptions & {
  /** Override the guessed start values (nonlinear models), in parameter order. */
  starts?: number[];
  engine?: NonlinearEngineChoice;
  /** Extra generated starts for nonlinear models (default 4: library users give no start values). */
  multiStart?: number;
};

/** Fit a library model by name. */
export function fitLibraryModel(name: string, x: number[], y: number[], opts: LibraryFitOptions = {}): FitResult {
  const linear = linearModelSpec(name);
  if (linear && modelLibrary.some((m) => m.name === name && m.kind === 'linear')) return fitPowerModel(linear, x, y, opts);
  const entry = nonlinearEntries.find((m) => m.name === name);
  if (!entry) {
    const f: FitFailure = { ok: false, reason: 'invalid-input', message: `Unknown model "${name}".` };
    return f;
  }
  let start = opts.starts;
  if (!start) {
    try {
      start = entry.guess(x, y);
    } catch {
      start = entry.parameters.map(() => 1);
    }
  }
  return fitNonlinear({
    ...opts,
    expression: entry.expression,
    parameters: entry.parameters.map((p, j) => ({ name: p.name, start: start![j] ?? 1, min: p.min, max: p.max })),
    x,
    y,
    starts: opts.multiStart ?? 4,
  });
}
