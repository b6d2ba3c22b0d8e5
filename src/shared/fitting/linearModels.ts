/**
 * Public linear-in-parameters fits: polynomials of degree 1..10, the pump forms, and a general
 * design-matrix fit. All results are FitSuccess/FitFailure like the nonlinear fits, with
 * coefficients in ascending powers of the ORIGINAL x.
 */
import { kFoldRmse, resolveFolds } from './crossValidation';
import { cleanData, effectiveCount } from './data';
import { finalizeFit, type BandSource } from './finalize';
import { fitDesign, fitPowerBasis, evalPower } from './linear';
import type { CommonFitOptions, FitFailure, FitResult } from './types';

/** Highest polynomial degree offered (higher degrees are numerically meaningless on pump data). */
export const MAX_POLYNOMIAL_DEGREE = 10;

/** A linear model in powers of x: y = Σ signs[j]·names[j]·x^powers[j]. */
export type PowerModelSpec = {
  /** Powers of x, distinct, ascending. */
  powers: number[];
  /** Parameter names, one per power. */
  names: string[];
  /** +1 or −1 per parameter (H = H0 − k·Q² is powers [0, 2], signs [+1, −1]). */
  signs: number[];
  /** Expression in x and the names, for display, bands and re-evaluation. */
  expression: string;
};

/** Built-in linear model kinds. */
export type LinearModelKind =
  | 'pump-head-quadratic'
  | 'pump-head-poly2'
  | 'pump-head-poly3'
  | 'pump-efficiency-cubic-origin'
  | 'pump-efficiency-poly2-origin'
  | 'power-poly2'
  | 'power-poly3'
  | `poly${number}`;

const fail = (reason: FitFailure['reason'], message: string): FitFailure => ({ ok: false, reason, message, engine: 'linear-qr' });

export function polynomialSpec(degree: number): PowerModelSpec {
  const powers = Array.from({ length: degree + 1 }, (_, i) => i);
  return {
    powers,
    names: powers.map((p) => `c${p}`),
    signs: powers.map(() => 1),
    expression: powers.map((p) => (p === 0 ? 'c0' : p === 1 ? 'c1*x' : `c${p}*x^${p}`)).join(' + '),
  };
}

const KINDS: Record<string, PowerModelSpec> = {
  'pump-head-quadratic': { powers: [0, 2], names: ['H0', 'k'], signs: [1, -1], expression: 'H0 - k*x^2' },
  'pump-head-poly2': { powers: [0, 1, 2], names: ['a', 'b', 'c'], signs: [1, 1, 1], expression: 'a + b*x + c*x^2' },
  'pump-head-poly3': { powers: [0, 1, 2, 3], names: ['a', 'b', 'c', 'd'], signs: [1, 1, 1, 1], expression: 'a + b*x + c*x^2 + d*x^3' },
  'pump-efficiency-cubic-origin': { powers: [1, 2, 3], names: ['a', 'b', 'c'], signs: [1, 1, 1], expression: 'a*x + b*x^2 + c*x^3' },
  'pump-efficiency-poly2-origin': { powers: [1, 2], names: ['a', 'b'], signs: [1, 1], expression: 'a*x + b*x^2' },
  'power-poly2': { powers: [0, 1, 2], names: ['a', 'b', 'c'], signs: [1, 1, 1], expression: 'a + b*x + c*x^2' },
  'power-poly3': { powers: [0, 1, 2, 3], names: ['a', 'b', 'c', 'd'], signs: [1, 1, 1, 1], expression: 'a + b*x + c*x^2 + d*x^3' },
};

/** The power-basis spec of a linear model kind, or undefined for an unknown kind. */
export function linearModelSpec(kind: string): PowerModelSpec | undefined {
  const m = /^poly(\d+)$/.exec(kind);
  if (m) {
    const d = Number(m[1]);
    return d >= 1 && d <= MAX_POLYNOMIAL_DEGREE ? polynomialSpec(d) : undefined;
  }
  return KINDS[kind];
}

/** Fit any power-basis model (shared by polynomials and the pump forms). */
export function fitPowerModel(spec: PowerModelSpec, x: number[], y: number[], opts: CommonFitOptions = {}): FitResult {
  try {
    const data = cleanData(x, y, opts.weights);
    if ('error' in data) return fail('invalid-input', data.error);
    if (data.cols.length !== 1) return fail('invalid-input', 'This model has one predictor; give x as a plain array of numbers.');
    const p = spec.powers.length;
    if (effectiveCount(data) < p) return fail('too-few-points', `${p} coefficients need at least ${p} usable points; there are ${effectiveCount(data)}.`);
    const xs = data.cols[0]!;
    // Centring is only valid when every lower power is present (it mixes powers).
    const centre = spec.powers.every((pw, i) => pw === i);
    const sol = fitPowerBasis(xs, data.y, spec.powers, { centre, weights: data.weights });
    if ('error' in sol) return fail('singular', `The model cannot be fitted: ${sol.error}.`);
    const values = Array.from(sol.coef, (c, j) => spec.signs[j]! * c);
    const cov = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov[i * p + j] = spec.signs[i]! * spec.signs[j]! * sol.covUnscaled[i * p + j]!;
    const m = data.y.length;
    const folds = resolveFolds(m, p, opts.cvFolds);
    const cvRmse =
      folds > 0
        ? kFoldRmse(m, folds, data.y, data.weights, (train, test) => {
            const tx = Float64Array.from(train, (i) => xs[i]!);
            const ty = Float64Array.from(train, (i) => data.y[i]!);
            const tw = data.weights ? Float64Array.from(train, (i) => data.weights![i]!) : undefined;
            const s = fitPowerBasis(tx, ty, spec.powers, { centre, weights: tw });
            if ('error' in s) return undefined;
            return Array.from(test, (i) => evalPower(s.coef, spec.powers, xs[i]!));
          })
        : undefined;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of xs) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const bandPoints = opts.bandPoints ?? 101;
    const bands: BandSource | undefined =
      bandPoints > 1
        ? {
            xMin: lo,
            xMax: hi,
            points: bandPoints,
            evaluate(grid) {
              const k = grid.length;
              const f = new Float64Array(k);
              const g = new Float64Array(k * p);
              for (let i = 0; i < k; i++) {
                f[i] = evalPower(sol.coef, spec.powers, grid[i]!);
                for (let j = 0; j < p; j++) g[j * k + i] = spec.signs[j]! * grid[i]! ** spec.powers[j]!;
              }
              return { f, g };
            },
          }
        : undefined;
    const warnings: string[] = [];
    if (data.dropped > 0) warnings.push(`${data.dropped} row(s) with missing or non-finite values were left out; residuals refer to the remaining rows.`);
    return finalizeFit({
      engine: 'linear-qr',
      polished: false,
      expression: spec.expression,
      variables: ['x'],
      names: spec.names,
      values,
      y: data.y,
      fitted: sol.fitted,
      weights: data.weights,
      covUnscaled: cov,
      uncentred: !spec.powers.includes(0),
      iterations: 0,
      converged: true,
      termination: 'direct',
      startIndex: 0,
      warnings,
      level: validLevel(opts.confidenceLevel),
      bands,
      cv: { folds, rmse: cvRmse },
    });
  } catch (e) {
    return fail('engine-error', `The fit failed unexpectedly: ${(e as Error)?.message ?? String(e)}`);
  }
}

export function validLevel(level: number | undefined): number {
  return typeof level === 'number' && level > 0 && level < 1 ? level : 0.95;
}

/**
 * Polynomial y = c0 + c1·x + … + cK·x^K, K = 1..10, by Householder QR on centred and scaled x
 * with iterative refinement; coefficients are returned in ascending powers of the original x.
 */
export function fitPolynomial(x: number[], y: number[], degree: number, opts: CommonFitOptions = {}): FitResult {
  if (!Number.isInteger(degree) || degree < 1 || degree > MAX_POLYNOMIAL_DEGREE) {
    return fail('invalid-input', `The polynomial degree must be a whole number from 1 to ${MAX_POLYNOMIAL_DEGREE}.`);
  }
  return fitPowerModel(polynomialSpec(degree), x, y, opts);
}

/** Fit one of the built-in linear model kinds (pump forms, power curves, poly1..poly10). */
export function fitLinearModel(kind: LinearModelKind, x: number[], y: number[], opts: CommonFitOptions = {}): FitResult {
  const spec = linearModelSpec(kind);
  if (!spec) return fail('invalid-input', `Unknown linear model "${String(kind)}".`);
  return fitPowerModel(spec, x, y, opts);
}

/** General linear least squares y ≈ Σ_j b_j·column_j for an arbitrary design matrix. */
export type DesignFitSpec = CommonFitOptions & {
  /** Design columns, each with one value per observation. */
  columns: number[][];
  /** Parameter names, one per column. */
  names: string[];
  y: number[];
  /** Display expression; default "b1*X1 + b2*X2 + …". */
  expression?: string;
  /** True when the columns include a constant (intercept) term: selects the centred R². */
  hasIntercept?: boolean;
};

export function fitDesignMatrix(spec: DesignFitSpec): FitResult {
  try {
    const p = spec.columns?.length ?? 0;
    if (p === 0 || spec.names?.length !== p) return fail('invalid-input', 'Give one name per design column.');
    const n = spec.y?.length ?? 0;
    for (const c of spec.columns) if (!Array.isArray(c) || c.length !== n) return fail('invalid-input', 'Every design column needs one value per observation.');
    const rows = spec.y.map((_, i) => spec.columns.map((c) => c[i]!));
    const data = cleanData(rows, spec.y, spec.weights);
    if ('error' in data) return fail('invalid-input', data.error);
    if (effectiveCount(data) < p) return fail('too-few-points', `${p} coefficients need at least ${p} usable points.`);
    const sol = fitDesign(data.cols, data.y, data.weights);
    if ('error' in sol) return fail('singular', `The model cannot be fitted: ${sol.error}.`);
    const m = data.y.length;
    const folds = resolveFolds(m, p, spec.cvFolds);
    const cvRmse =
      folds > 0
        ? kFoldRmse(m, folds, data.y, data.weights, (train, test) => {
            const cols = data.cols.map((c) => Float64Array.from(train, (i) => c[i]!));
            const ty = Float64Array.from(train, (i) => data.y[i]!);
            const tw = data.weights ? Float64Array.from(train, (i) => data.weights![i]!) : undefined;
            const s = fitDesign(cols, ty, tw);
            if ('error' in s) return undefined;
            return Array.from(test, (i) => data.cols.reduce((acc, c, j) => acc + s.coef[j]! * c[i]!, 0));
          })
        : undefined;
    const warnings: string[] = [];
    if (data.dropped > 0) warnings.push(`${data.dropped} row(s) with missing or non-finite values were left out.`);
    return finalizeFit({
      engine: 'linear-qr',
      polished: false,
      expression: spec.expression ?? spec.names.map((nm, j) => `${nm}*X${j + 1}`).join(' + '),
      variables: spec.names.map((_, j) => `X${j + 1}`),
      names: spec.names,
      values: sol.coef,
      y: data.y,
      fitted: sol.fitted,
      weights: data.weights,
      covUnscaled: sol.covUnscaled,
      uncentred: !(spec.hasIntercept ?? true),
      iterations: 0,
      converged: true,
      termination: 'direct',
      startIndex: 0,
      warnings,
      level: validLevel(spec.confidenceLevel),
      cv: { folds, rmse: cvRmse },
    });
  } catch (e) {
    return fail('engine-error', `The fit failed unexpectedly: ${(e as Error)?.message ?? String(e)}`);
  }
}
