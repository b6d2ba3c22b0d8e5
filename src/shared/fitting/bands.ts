/**
 * Confidence and prediction bands by the delta method:
 *   var(f̂(x)) = g(x)ᵀ C g(x),  g = ∂f/∂p at the solution, C the parameter covariance;
 *   confidence:  f̂ ± t·√var(f̂)            (where the mean curve lies)
 *   prediction:  f̂ ± t·√(var(f̂) + s²)     (where a new observation with weight 1 lies)
 * with t the two-sided Student quantile for n − p degrees of freedom.
 */
import type { FitBands } from './types';

/**
 * @param grid predictor values
 * @param f model at the grid
 * @param g gradient at the grid, column-major grid.length × p
 * @param cov parameter covariance, row-major p×p (already scaled by s²)
 * @param s2 residual variance s² = RSS/(n − p)
 * @param t Student quantile
 */
export function bandsFromGradient(
  grid: ArrayLike<number>,
  f: ArrayLike<number>,
  g: Float64Array,
  cov: ArrayLike<number>,
  s2: number,
  t: number,
  level: number,
): FitBands {
  const k = grid.length;
  const p = Math.round(Math.sqrt(cov.length));
  const out: FitBands = {
    level,
    x: Array.from(grid),
    fit: Array.from(f),
    confidenceLower: new Array<number>(k),
    confidenceUpper: new Array<number>(k),
    predictionLower: new Array<number>(k),
    predictionUpper: new Array<number>(k),
  };
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let a = 0; a < p; a++) {
      const ga = g[a * k + i]!;
      if (ga === 0) continue;
      for (let b = 0; b < p; b++) v += ga * cov[a * p + b]! * g[b * k + i]!;
    }
    v = Math.max(0, v);
    const fi = f[i]!;
    const hc = t * Math.sqrt(v);
    const hp = t * Math.sqrt(v + s2);
    out.confidenceLower[i] = fi - hc;
    out.confidenceUpper[i] = fi + hc;
    out.predictionLower[i] = fi - hp;
    out.predictionUpper[i] = fi + hp;
  }
  return out;
}

/** `points` evenly spaced values from lo to hi inclusive. */
export function linspace(lo: number, hi: number, points: number): Float64Array {
  const g = new Float64Array(points);
  if (points === 1) {
    g[0] = lo;
    return g;
  }
  for (let i = 0; i < points; i++) g[i] = lo + ((hi - lo) * i) / (points - 1);
  g[points - 1] = hi;
  return g;
}
