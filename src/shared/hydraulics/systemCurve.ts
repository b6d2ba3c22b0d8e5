/**
 * System curve of a pumping main: the head the pumps must deliver to push a flow through it,
 * H(Q) = staticHeadM + k·Q² (Q in m³/h, H in m). The quadratic term is turbulent friction.
 */

/** Quadratic system curve. `staticHeadM` ≥ 0 m (geodetic lift + end pressure); `k` ≥ 0 in m/(m³/h)². */
export type SystemCurve = { staticHeadM: number; k: number };

/** One measured point of the system curve: a flow (m³/h, ≥ 0) and the head it needed (m). */
export type SystemPoint = { flowM3h: number; headM: number };

/** Result of fitting a quadratic system curve to measured points; `rmsM` is the fit's RMS residual in m. */
export type SystemCurveFit = SystemCurve & { rmsM: number };

/** System head in m at flow `flowM3h` (m³/h). */
export function systemHeadM(curve: SystemCurve, flowM3h: number): number {
  return curve.staticHeadM + curve.k * flowM3h * flowM3h;
}

/**
 * Least-squares fit of H = a + k·Q² to measured points (linear in a and k, so closed form).
 * Returns undefined when the points cannot determine both parameters (fewer than two distinct flows).
 * The caller decides whether a negative `k` or `staticHeadM` is acceptable (the station schema rejects both).
 */
export function fitSystemCurve(points: readonly SystemPoint[]): SystemCurveFit | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const x = p.flowM3h * p.flowM3h;
    sx += x;
    sy += p.headM;
    sxx += x * x;
    sxy += x * p.headM;
  }
  const det = n * sxx - sx * sx;
  // Relative test: all Q² equal (one distinct flow) makes the normal equations singular.
  if (!(Math.abs(det) > 1e-12 * Math.max(1, n * sxx))) return undefined;
  const k = (n * sxy - sx * sy) / det;
  const staticHeadM = (sy - k * sx) / n;
  let ss = 0;
  for (const p of points) {
    const r = p.headM - (staticHeadM + k * p.flowM3h * p.flowM3h);
    ss += r * r;
  }
  return { staticHeadM, k, rmsM: Math.sqrt(ss / n) };
}
