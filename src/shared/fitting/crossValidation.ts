/**
 * k-fold cross-validation RMSE. Folds interleave the observations (i mod k), so on data sorted by
 * x every fold spans the whole range and no fold asks the model to extrapolate.
 */

/** Default number of folds. */
export const DEFAULT_CV_FOLDS = 5;
/** Above this many points cross-validation is skipped unless asked for: it costs k extra fits. */
export const CV_AUTO_MAX_POINTS = 20_000;

/** Folds to use, or 0 when cross-validation is skipped. */
export function resolveFolds(n: number, p: number, requested: number | undefined): number {
  const k = requested ?? (n <= CV_AUTO_MAX_POINTS ? DEFAULT_CV_FOLDS : 0);
  if (!(k >= 2)) return 0;
  const folds = Math.min(Math.floor(k), n);
  // Every training set must keep more points than parameters.
  if (n - Math.ceil(n / folds) <= p) return 0;
  return folds;
}

/**
 * @param fitPredict fits on `train` and returns predictions for `test` (same order), or undefined
 *   when the fold's fit fails.
 * @returns √(Σ wᵢ eᵢ² / Σ wᵢ) over all held-out points, or undefined if any fold failed.
 */
export function kFoldRmse(
  n: number,
  folds: number,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  fitPredict: (train: Int32Array, test: Int32Array) => ArrayLike<number> | undefined,
): number | undefined {
  if (folds < 2) return undefined;
  let sse = 0;
  let sw = 0;
  for (let k = 0; k < folds; k++) {
    const testCount = Math.floor((n - 1 - k) / folds) + 1;
    const test = new Int32Array(testCount);
    const train = new Int32Array(n - testCount);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (i % folds === k) test[a++] = i;
      else train[b++] = i;
    }
    const pred = fitPredict(train, test);
    if (!pred) return undefined;
    for (let t = 0; t < testCount; t++) {
      const i = test[t]!;
      const w = weights ? weights[i]! : 1;
      const e = y[i]! - pred[t]!;
      sse += w * e * e;
      sw += w;
    }
  }
  return sw > 0 ? Math.sqrt(sse / sw) : undefined;
}
