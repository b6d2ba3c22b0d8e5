/**
 * Gauss–Newton polishing after an engine has converged. Near the minimum the undamped
 * Gauss–Newton step from a column-equilibrated, pivoted QR of the Jacobian is the most accurate
 * correction available; it removes the last bias left by damping or loose engine tolerances.
 * A step is kept only while the steps keep shrinking and the sum of squares does not rise beyond
 * rounding noise, so polishing can never make a fit worse.
 */
import { householderQR, norm2, qrSolve } from './qr';
import type { LeastSquaresProblem } from './problem';

export type PolishOutcome = { x: Float64Array; r: Float64Array; cost: number; steps: number; changed: boolean };

const MAX_STEPS = 8;
/** Relative rise of ‖r‖² attributed to rounding rather than a worse point. */
const NOISE = 1e-13;

function sumSq(a: Float64Array): number {
  const v = norm2(a, 0, a.length);
  return v * v;
}

export function polishGaussNewton(problem: LeastSquaresProblem, x0: Float64Array, r0: Float64Array): PolishOutcome {
  const { m, n } = problem;
  let x = Float64Array.from(x0);
  let r = Float64Array.from(r0);
  let f = sumSq(r);
  const J = new Float64Array(m * n);
  const rNew = new Float64Array(m);
  let lastRel = Number.POSITIVE_INFINITY;
  let steps = 0;
  let changed = false;
  for (let k = 0; k < MAX_STEPS; k++) {
    if (f === 0 || !problem.jacobian(x, J)) break;
    const scale = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const s = norm2(J, j * m, m) || 1;
      scale[j] = s;
      for (let i = 0; i < m; i++) J[j * m + i] = J[j * m + i]! / s;
    }
    const qr = householderQR(J, m, n, true);
    if (qr.rank < n) break;
    const neg = new Float64Array(m);
    for (let i = 0; i < m; i++) neg[i] = -r[i]!;
    const d = qrSolve(qr, neg);
    let rel = 0;
    for (let j = 0; j < n; j++) {
      d[j] = d[j]! / scale[j]!;
      const xj = Math.abs(x[j]!);
      rel = Math.max(rel, xj > 0 ? Math.abs(d[j]!) / xj : Math.abs(d[j]!));
    }
    if (rel === 0 || !(rel < lastRel) || rel > 1e-3) break;
    const xNew = new Float64Array(n);
    for (let j = 0; j < n; j++) xNew[j] = x[j]! + d[j]!;
    if (!problem.residuals(xNew, rNew)) break;
    const fNew = sumSq(rNew);
    if (!(fNew <= f * (1 + NOISE))) break;
    x = xNew;
    r = Float64Array.from(rNew);
    f = fNew;
    lastRel = rel;
    steps++;
    changed = true;
    if (rel < 1e-16) break;
  }
  return { x, r, cost: f, steps, changed };
}
