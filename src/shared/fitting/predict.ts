/**
 * Re-evaluating a stored FitSuccess: predictions and bands at any predictor values, from the
 * plain-data result alone (expression + parameter values + covariance), e.g. after it came back
 * from a worker or out of the project database.
 */
import { bandsFromGradient } from './bands';
import { studentTQuantile } from './distributions';
import { compileModel } from './model';
import type { FitBands, FitSuccess } from './types';

/** Vectorised predictor f(x) for a single-predictor fit, or undefined if it cannot be compiled. */
export function makePredictor(fit: FitSuccess): ((x: ArrayLike<number>) => Float64Array) | undefined {
  const names = fit.parameters.map((p) => p.name);
  const c = compileModel(fit.expression, names, fit.variables);
  if (!c.ok || fit.variables.length !== 1) return undefined;
  const p = Float64Array.from(fit.parameters, (q) => q.value);
  return (x) => {
    const col = Float64Array.from(x);
    const out = new Float64Array(col.length);
    c.model.evaluate(p, [col], col.length, out);
    return out;
  };
}

/** Scalar convenience wrapper around `makePredictor`. */
export function predictAt(fit: FitSuccess, x: number): number {
  const f = makePredictor(fit);
  return f ? f([x])[0]! : Number.NaN;
}

/** Confidence and prediction bands of a single-predictor fit over `grid`. */
export function computeBands(fit: FitSuccess, grid: ArrayLike<number>, level = 0.95): FitBands | undefined {
  const names = fit.parameters.map((p) => p.name);
  const c = compileModel(fit.expression, names, fit.variables);
  const dof = fit.metrics.dof;
  if (!c.ok || fit.variables.length !== 1 || dof <= 0) return undefined;
  const p = Float64Array.from(fit.parameters, (q) => q.value);
  const col = Float64Array.from(grid);
  const k = col.length;
  const f = new Float64Array(k);
  const g = new Float64Array(k * names.length);
  c.model.evaluate(p, [col], k, f);
  c.model.gradient(p, [col], k, g);
  const t = studentTQuantile(1 - (1 - level) / 2, dof);
  return bandsFromGradient(col, f, g, fit.covariance.flat(), fit.metrics.rss / dof, t, level);
}
