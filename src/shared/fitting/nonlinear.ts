/**
 * Nonlinear least squares for user models written as mathjs expressions.
 * Pipeline: validate data → compile model (+ symbolic gradient) → weights and bounds folded into
 * the residual problem → engine from every start → best start → Gauss–Newton polish →
 * covariance, metrics, cross-validation and bands. Never throws: failures come back as
 * `{ ok: false, reason, message }`.
 */
import { inverseNormalFromJacobian } from './covariance';
import { kFoldRmse, resolveFolds } from './crossValidation';
import { cleanData, effectiveCount, type CleanData } from './data';
import { lmEngine, mlLmEngine, type EngineOutcome, type IFitEngine } from './engines';
import { finalizeFit, type BandSource } from './finalize';
import { compileModel, type CompiledModel, type JacobianMode } from './model';
import type { LmOptions } from './lm';
import { polishGaussNewton } from './polish';
import { boundTransform, hasBounds, interiorStart, modelProblem, transformedProblem, type Bound } from './problem';
import { validLevel } from './linearModels';
import type { CommonFitOptions, FitFailure, FitResult, NonlinearEngineChoice, ParameterSpec } from './types';

export type NonlinearFitSpec = CommonFitOptions & {
  /** Model in x (one predictor) or x1, x2, ... (several), e.g. "b1*(1-exp(-b2*x))". */
  expression: string;
  parameters: ParameterSpec[];
  /** Predictor values: number[] for one predictor, or rows number[][] for several. */
  x: number[] | number[][];
  y: number[];
  /** Predictor names; default ['x'] for one column, ['x1', 'x2', ...] for several. */
  variables?: string[];
  /** Minimiser, default 'lm' (ours). */
  engine?: NonlinearEngineChoice;
  /**
   * Extra starts besides `parameters[].start`: a count of generated starts (inside the bounds, or
   * within a factor 10 of the start for unbounded parameters; deterministic), or explicit vectors.
   */
  starts?: number | number[][];
  /** 'auto' (symbolic when possible) or forced finite differences. */
  jacobian?: 'auto' | JacobianMode;
  /** Geodesic acceleration in our LM (default 'geodesic'). */
  acceleration?: 'geodesic' | 'none';
  /**
   * Gauss–Newton polish after the engine. Default: on up to 20 000 points (it adds the last
   * digits, see docs/fitting.md); off above, where those digits are far below the statistical
   * uncertainty and the extra Jacobian factorisations would dominate the run time.
   */
  polish?: boolean;
  maxIterations?: number;
  tolerances?: { ftol?: number; xtol?: number; gtol?: number };
};

/** Above this many points the engine first converges on a subsample of COARSE_POINTS points. */
const COARSE_MIN_POINTS = 20_000;
const COARSE_POINTS = 5_000;

/** Largest data set polished by default. */
const POLISH_AUTO_MAX_POINTS = 20_000;

const fail = (reason: FitFailure['reason'], message: string, engine?: FitFailure['engine']): FitFailure => ({
  ok: false,
  reason,
  message,
  ...(engine ? { engine } : {}),
});

/** Deterministic PRNG (mulberry32) so generated starts are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedStarts(params: ParameterSpec[], count: number): number[][] {
  const rnd = prng(0x5eed);
  const out: number[][] = [];
  for (let s = 0; s < count; s++) {
    out.push(
      params.map((p) => {
        const lo = p.min;
        const hi = p.max;
        if (Number.isFinite(lo) && Number.isFinite(hi)) return lo! + rnd() * (hi! - lo!);
        const base = p.start !== 0 ? p.start : 1;
        let v = base * 10 ** (2 * rnd() - 1);
        if (Number.isFinite(lo) && v <= lo!) v = lo! + Math.abs(base) * rnd();
        if (Number.isFinite(hi) && v >= hi!) v = hi! - Math.abs(base) * rnd();
        return v;
      }),
    );
  }
  return out;
}

function defaultVariables(expression: string, k: number): string[] {
  if (k > 1) return Array.from({ length: k }, (_, i) => `x${i + 1}`);
  return /\bx1\b/.test(expression) && !/\bx\b/.test(expression) ? ['x1'] : ['x'];
}

type Solved = { params: Float64Array; outcome: EngineOutcome; startIndex: number; polished: boolean };

function solve(
  model: CompiledModel,
  data: CleanData,
  spec: NonlinearFitSpec,
  engine: IFitEngine,
  starts: number[][],
  polish: boolean,
): Solved | FitFailure {
  const m = data.y.length;
  const sqrtW = new Float64Array(m);
  for (let i = 0; i < m; i++) sqrtW[i] = Math.sqrt(data.weights ? data.weights[i]! : 1);
  const base = modelProblem(model, data.cols, data.y, sqrtW);
  const bounds: Bound[] = spec.parameters.map((p) => ({ min: p.min, max: p.max }));
  const bounded = hasBounds(bounds);
  const transform = boundTransform(bounds);
  const problem = bounded ? transformedProblem(base, transform) : base;
  const options: LmOptions = {
    maxIterations: spec.maxIterations,
    acceleration: spec.acceleration,
    ftol: spec.tolerances?.ftol,
    xtol: spec.tolerances?.xtol,
    gtol: spec.tolerances?.gtol,
  };
  let best: Solved | undefined;
  let firstError: string | undefined;
  // Coarse-to-fine for large data sets: converge on an evenly strided subsample first, so the
  // expensive full-size iterations start in the quadratic-convergence region (typically 2–4 of
  // them instead of 15–25).
  let coarse: typeof problem | undefined;
  if (m > COARSE_MIN_POINTS) {
    const stride = Math.ceil(m / COARSE_POINTS);
    const idx = Int32Array.from({ length: Math.ceil(m / stride) }, (_, i) => i * stride);
    const sub = subset(data, idx);
    const sw = Float64Array.from(idx, (i) => sqrtW[i]!);
    const subBase = modelProblem(model, sub.cols, sub.y, sw);
    coarse = bounded ? transformedProblem(subBase, transform) : subBase;
  }
  starts.forEach((start, startIndex) => {
    const p0 = Float64Array.from(start, (v, j) => interiorStart(v, bounds[j]!));
    let u0 = bounded ? transform.toInternal(p0) : p0;
    let fine = options;
    if (coarse) {
      const pre = engine.minimize(coarse, u0, options);
      if (!('error' in pre)) {
        u0 = pre.x;
        // Starting next to the minimum: begin almost undamped (Gauss–Newton-like); the geodesic
        // correction only pays off far from it.
        fine = { ...options, initialDamping: 1e-9, acceleration: 'none' };
      }
    }
    const out = engine.minimize(problem, u0, fine);
    if ('error' in out) {
      firstError ??= out.error;
      return;
    }
    const params = bounded ? transform.toExternal(out.x) : out.x;
    const better =
      !best ||
      (out.converged && !best.outcome.converged) ||
      (out.converged === best.outcome.converged && out.cost < best.outcome.cost);
    if (better) best = { params, outcome: out, startIndex, polished: false };
  });
  if (!best) return fail('non-finite-start', firstError ?? 'No start value gave a finite model.', engine.name);
  if (polish) {
    const pol = polishGaussNewton(base, best.params, best.outcome.r);
    const inside = !bounded || Array.from(pol.x).every((v, j) => inBounds(v, bounds[j]!));
    if (pol.changed && inside && pol.cost <= best.outcome.cost * (1 + 1e-13)) {
      best = { ...best, params: pol.x, outcome: { ...best.outcome, r: pol.r, cost: pol.cost }, polished: true };
    }
  }
  return best;
}

function inBounds(v: number, b: Bound): boolean {
  return !(Number.isFinite(b.min) && v < b.min!) && !(Number.isFinite(b.max) && v > b.max!);
}

function boundFlag(v: number, b: Bound): 'min' | 'max' | undefined {
  const tol = (ref: number) => 1e-8 * Math.max(1, Math.abs(ref));
  if (Number.isFinite(b.min) && v - b.min! <= tol(b.min!)) return 'min';
  if (Number.isFinite(b.max) && b.max! - v <= tol(b.max!)) return 'max';
  return undefined;
}

function subset(data: CleanData, idx: Int32Array): CleanData {
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
  return {
    cols: data.cols.map(pick),
    y: pick(data.y),
    weights: data.weights ? pick(data.weights) : undefined,
    rows: Int32Array.from(idx, (i) => data.rows[i]!),
    dropped: 0,
  };
}

/** Fit a nonlinear model. Synchronous and pure: safe in a worker. */
export function fitNonlinear(spec: NonlinearFitSpec): FitResult {
  try {
    return fitNonlinearUnsafe(spec);
  } catch (e) {
    return fail('engine-error', `The fit failed unexpectedly: ${(e as Error)?.message ?? String(e)}`);
  }
}

function fitNonlinearUnsafe(spec: NonlinearFitSpec): FitResult {
  if (!spec || !Array.isArray(spec.parameters) || spec.parameters.length === 0) {
    return fail('invalid-input', 'At least one parameter with a start value is needed.');
  }
  for (const p of spec.parameters) {
    if (!Number.isFinite(p.start)) return fail('invalid-input', `Parameter ${p.name} needs a finite start value.`);
    if (Number.isFinite(p.min) && Number.isFinite(p.max) && !(p.min! < p.max!)) {
      return fail('invalid-input', `Parameter ${p.name}: the lower bound must be below the upper bound.`);
    }
  }
  const data = cleanData(spec.x, spec.y, spec.weights);
  if ('error' in data) return fail('invalid-input', data.error);
  const names = spec.parameters.map((p) => p.name);
  const nParams = names.length;
  if (effectiveCount(data) < nParams) {
    return fail('too-few-points', `${nParams} parameters need at least ${nParams} usable points; there are ${effectiveCount(data)}.`);
  }
  const variables = spec.variables ?? defaultVariables(spec.expression, data.cols.length);
  if (variables.length !== data.cols.length) {
    return fail('invalid-input', `The model uses ${variables.length} predictor(s) but x has ${data.cols.length} column(s).`);
  }
  const compiled = compileModel(spec.expression, names, variables, spec.jacobian ?? 'auto');
  if (!compiled.ok) return fail('invalid-expression', compiled.message);
  const model = compiled.model;
  const engine = spec.engine === 'ml-levenberg-marquardt' ? mlLmEngine : lmEngine;
  const given = spec.parameters.map((p) => p.start);
  const extra = Array.isArray(spec.starts)
    ? spec.starts.filter((s) => Array.isArray(s) && s.length === nParams && s.every(Number.isFinite))
    : generatedStarts(spec.parameters, Math.max(0, Math.floor(spec.starts ?? 0)));
  const polish = spec.polish ?? data.y.length <= POLISH_AUTO_MAX_POINTS;
  const solved = solve(model, data, spec, engine, [given, ...extra], polish);
  if ('ok' in solved) return solved;

  const m = data.y.length;
  const { params, outcome } = solved;
  const fitted = new Float64Array(m);
  model.evaluate(params, data.cols, m, fitted);
  const J = new Float64Array(m * nParams);
  model.gradient(params, data.cols, m, J);
  if (data.weights) {
    for (let j = 0; j < nParams; j++) for (let i = 0; i < m; i++) J[j * m + i] = J[j * m + i]! * Math.sqrt(data.weights[i]!);
  }
  const inv = inverseNormalFromJacobian(J, m, nParams);

  const warnings: string[] = [];
  if (data.dropped > 0) warnings.push(`${data.dropped} row(s) with missing or non-finite values were left out; residuals refer to the remaining rows.`);
  if (!outcome.converged) {
    warnings.push(
      `The fit stopped before converging (${outcome.termination}). The result may not be the best fit: try other start values, more starts, or bounds.`,
    );
  }
  if (model.jacobianMode === 'finite-difference') {
    warnings.push('Derivatives of this model were approximated numerically; standard errors carry a little more error.');
  }
  if (inv.rank < nParams) warnings.push('The parameters are not all identifiable from these data (the Jacobian is rank-deficient).');
  const bounds: Bound[] = spec.parameters.map((p) => ({ min: p.min, max: p.max }));
  const atBound = Array.from(params, (v, j) => boundFlag(v, bounds[j]!));
  atBound.forEach((b, j) => {
    if (b) warnings.push(`${names[j]} ended at its ${b === 'min' ? 'lower' : 'upper'} bound; its uncertainty is not meaningful.`);
  });

  // Cross-validation: refit each training set from the solution (warm start, no extra starts).
  const folds = resolveFolds(m, nParams, spec.cvFolds);
  const cvRmse =
    folds > 0
      ? kFoldRmse(m, folds, data.y, data.weights, (train, test) => {
          const tr = subset(data, train);
          const te = subset(data, test);
          const s = solve(model, tr, { ...spec, maxIterations: 100 }, engine, [Array.from(params)], false);
          if ('ok' in s) return undefined;
          const pred = new Float64Array(te.y.length);
          model.evaluate(s.params, te.cols, te.y.length, pred);
          return pred;
        })
      : undefined;

  let bandSource: BandSource | undefined;
  const bandPoints = spec.bandPoints ?? 101;
  if (variables.length === 1 && bandPoints > 1) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of data.cols[0]!) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    bandSource = {
      xMin: lo,
      xMax: hi,
      points: bandPoints,
      evaluate(grid) {
        const k = grid.length;
        const f = new Float64Array(k);
        const g = new Float64Array(k * nParams);
        model.evaluate(params, [grid], k, f);
        model.gradient(params, [grid], k, g);
        return { f, g };
      },
    };
  }

  return finalizeFit({
    engine: engine.name,
    polished: solved.polished,
    expression: spec.expression,
    variables,
    names,
    values: params,
    y: data.y,
    fitted,
    weights: data.weights,
    covUnscaled: inv.matrix,
    uncentred: false,
    iterations: outcome.iterations,
    converged: outcome.converged,
    termination: outcome.termination,
    startIndex: solved.startIndex,
    warnings,
    atBound,
    level: validLevel(spec.confidenceLevel),
    bands: bandSource,
    cv: { folds, rmse: cvRmse },
  });
}
