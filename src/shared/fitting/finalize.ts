/**
 * Turns a converged parameter vector into a full FitSuccess: standard errors and t-intervals
 * from the unscaled covariance factor, goodness-of-fit metrics, bands and warnings.
 * Shared by the linear and nonlinear paths so both report identically.
 */
import { bandsFromGradient, linspace } from './bands';
import { studentTQuantile } from './distributions';
import { computeMetrics } from './metrics';
import type { FitBands, FitEngineName, FitSuccess, ParameterEstimate, TerminationReason } from './types';

export type BandSource = {
  xMin: number;
  xMax: number;
  points: number;
  /** Model value and gradient (column-major grid.length × p) at the grid. */
  evaluate(grid: Float64Array): { f: Float64Array; g: Float64Array };
};

export type FinalizeInput = {
  engine: FitEngineName;
  polished: boolean;
  expression: string;
  variables: string[];
  names: readonly string[];
  values: ArrayLike<number>;
  y: ArrayLike<number>;
  fitted: ArrayLike<number>;
  weights?: ArrayLike<number>;
  /** (JᵀWJ)⁻¹ row-major p×p (NaN where not estimable). */
  covUnscaled: ArrayLike<number>;
  uncentred: boolean;
  iterations: number;
  converged: boolean;
  termination: TerminationReason;
  startIndex: number;
  warnings: string[];
  atBound?: ReadonlyArray<'min' | 'max' | undefined>;
  level: number;
  bands?: BandSource;
  cv?: { folds: number; rmse: number | undefined };
};

export function finalizeFit(input: FinalizeInput): FitSuccess {
  const p = input.names.length;
  const metrics = computeMetrics(input.y, input.fitted, p, input.weights, input.uncentred);
  const s2 = metrics.dof > 0 ? metrics.rss / metrics.dof : Number.NaN;
  const t = metrics.dof > 0 ? studentTQuantile(1 - (1 - input.level) / 2, metrics.dof) : Number.NaN;
  const covariance: number[][] = [];
  for (let i = 0; i < p; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push(input.covUnscaled[i * p + j]! * s2);
    covariance.push(row);
  }
  const warnings = [...input.warnings];
  const parameters: ParameterEstimate[] = input.names.map((name, i) => {
    const value = input.values[i]!;
    const variance = covariance[i]![i]!;
    const stdError = variance >= 0 ? Math.sqrt(variance) : Number.NaN;
    const est: ParameterEstimate = { name, value, stdError, ciLower: value - t * stdError, ciUpper: value + t * stdError };
    const b = input.atBound?.[i];
    if (b) est.atBound = b;
    return est;
  });
  if (parameters.some((q) => !Number.isFinite(q.stdError)) && metrics.dof > 0) {
    warnings.push('Some standard errors could not be estimated: the parameters are not all identifiable from these data.');
  }
  if (metrics.dof <= 0) warnings.push('There are no more points than parameters, so no uncertainty can be estimated.');
  let bands: FitBands | undefined;
  if (input.bands && input.bands.points > 1 && metrics.dof > 0) {
    const grid = linspace(input.bands.xMin, input.bands.xMax, input.bands.points);
    const { f, g } = input.bands.evaluate(grid);
    const flat = covariance.flat();
    bands = bandsFromGradient(grid, f, g, flat, s2, t, input.level);
  }
  const residuals = new Array<number>(input.y.length);
  for (let i = 0; i < input.y.length; i++) residuals[i] = input.y[i]! - input.fitted[i]!;
  return {
    ok: true,
    engine: input.engine,
    polished: input.polished,
    expression: input.expression,
    variables: input.variables,
    parameters,
    covariance,
    metrics,
    residuals,
    fitted: Array.from(input.fitted),
    cvRmse: input.cv?.rmse,
    cvFolds: input.cv?.rmse === undefined ? 0 : (input.cv?.folds ?? 0),
    bands,
    iterations: input.iterations,
    converged: input.converged,
    termination: input.termination,
    startIndex: input.startIndex,
    warnings,
  };
}
