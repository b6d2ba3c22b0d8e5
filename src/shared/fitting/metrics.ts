/** Goodness-of-fit statistics from observations, fitted values and weights. */
import type { FitMetrics } from './types';

/**
 * @param y observations
 * @param fitted model values at the observations
 * @param p number of fitted parameters
 * @param weights optional non-negative weights (default 1)
 * @param uncentred use the uncentred R² (models through the origin, no intercept)
 */
export function computeMetrics(
  y: ArrayLike<number>,
  fitted: ArrayLike<number>,
  p: number,
  weights?: ArrayLike<number>,
  uncentred = false,
): FitMetrics {
  const n = y.length;
  let sw = 0;
  let swy = 0;
  let sumLogW = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    sw += w;
    swy += w * y[i]!;
    if (w > 0) sumLogW += Math.log(w);
  }
  const mean = uncentred ? 0 : swy / sw;
  // Two-pass sums keep R² accurate when the data sit far from zero.
  let rss = 0;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    const r = y[i]! - fitted[i]!;
    rss += w * r * r;
    const d = y[i]! - mean;
    tss += w * d * d;
  }
  const dof = n - p;
  const r2 = tss > 0 ? 1 - rss / tss : rss === 0 ? 1 : Number.NaN;
  const dfTotal = uncentred ? n : n - 1;
  const adjR2 = dof > 0 ? 1 - ((1 - r2) * dfTotal) / dof : Number.NaN;
  // Gaussian log-likelihood at the ML variance σ² = RSS/n; weights enter as known relative precisions.
  const sigma2 = rss / n;
  const logL = sigma2 > 0 ? -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) + 0.5 * sumLogW : Number.POSITIVE_INFINITY;
  const k = p + 1;
  return {
    n,
    p,
    dof,
    rss,
    residualSd: dof > 0 ? Math.sqrt(rss / dof) : Number.NaN,
    rmse: Math.sqrt(rss / n),
    r2,
    adjR2,
    r2Uncentred: uncentred,
    aic: 2 * k - 2 * logL,
    bic: k * Math.log(n) - 2 * logL,
  };
}
