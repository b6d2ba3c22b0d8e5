/**
 * Levenberg–Marquardt with MINPACK-style variable scaling, Nielsen's damping update, relative
 * stopping rules and optional geodesic acceleration (Transtrum & Sethna 2012).
 *
 * Each iteration factors the scaled Jacobian J·D⁻¹ = Q R (Householder) and R = U Σ Vᵀ (Jacobi),
 * so the damped step for any λ is a cheap formula in the singular values:
 *     δ̃(λ) = −V diag(σᵢ / (σᵢ² + λ)) Uᵀ Qᵀ r,   δ = D⁻¹ δ̃
 * A rejected step only changes λ, not the factorisation. D holds the running maximum of the
 * Jacobian column norms (MINPACK mode 1), which makes the method invariant to parameter units.
 */
import { applyQt, householderQR, norm2, rAt } from './qr';
import type { LeastSquaresProblem } from './problem';
import { jacobiSvd } from './svd';
import type { TerminationReason } from './types';

const EPS = 2.220446049250313e-16;

export type LmOptions = {
  /** Maximum Jacobian evaluations (iterations). Default 500. */
  maxIterations?: number;
  /** Maximum residual evaluations. Default 5000. */
  maxEvaluations?: number;
  /** Stop when actual and predicted relative reductions of ‖r‖² are both below ftol. Default 1e-15. */
  ftol?: number;
  /** Stop when the scaled step is below xtol times the scaled parameter norm. Default 1e-15. */
  xtol?: number;
  /** Stop when the cosine between r and every Jacobian column is below gtol. Default 1e-15. */
  gtol?: number;
  /** Geodesic acceleration (second-order correction along the step) or plain LM. Default 'geodesic'. */
  acceleration?: 'geodesic' | 'none';
  /** Initial λ relative to the largest squared singular value of the scaled Jacobian. Default 1e-3. */
  initialDamping?: number;
};

export type LmOutcome = {
  x: Float64Array;
  r: Float64Array;
  /** ‖r‖² at x. */
  cost: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  termination: TerminationReason;
};

export type LmFailure = { error: 'non-finite-start' | 'non-finite-jacobian' };

function sumSq(a: Float64Array): number {
  const nrm = norm2(a, 0, a.length);
  return nrm * nrm;
}

export function levenbergMarquardt(problem: LeastSquaresProblem, x0: Float64Array, options: LmOptions = {}): LmOutcome | LmFailure {
  const { m, n } = problem;
  const maxIter = options.maxIterations ?? 500;
  const maxEval = options.maxEvaluations ?? 5000;
  const ftol = options.ftol ?? 1e-15;
  const xtol = options.xtol ?? 1e-15;
  const gtol = options.gtol ?? 1e-15;
  const geodesic = (options.acceleration ?? 'geodesic') === 'geodesic';
  const tau = options.initialDamping ?? 1e-3;

  let x = Float64Array.from(x0);
  let r = new Float64Array(m);
  if (!problem.residuals(x, r)) return { error: 'non-finite-start' };
  let f = sumSq(r);
  let evaluations = 1;
  const J = new Float64Array(m * n);
  const Js = new Float64Array(m * n);
  const D = new Float64Array(n);
  const colNorm = new Float64Array(n);
  const jtr = new Float64Array(n);
  const rNew = new Float64Array(m);
  const rTry = new Float64Array(m);
  const qtr = new Float64Array(m);
  const xNew = new Float64Array(n);
  const ds = new Float64Array(n);
  const z = new Float64Array(n);
  const za = new Float64Array(n);
  const as = new Float64Array(n);
  const Rm = new Float64Array(n * n);
  let lambda = -1;
  let nu = 2;
  let iterations = 0;

  const done = (converged: boolean, termination: TerminationReason): LmOutcome => ({
    x,
    r,
    cost: f,
    iterations,
    evaluations,
    converged,
    termination,
  });

  for (;;) {
    if (f === 0) return done(true, 'zero-residual');
    if (iterations >= maxIter) return done(false, 'max-iterations');
    if (!problem.jacobian(x, J)) {
      if (iterations === 0) return { error: 'non-finite-jacobian' };
      return done(false, 'stalled');
    }
    iterations++;
    // Factor a copy of J (J itself is kept for the geodesic term). Householder QR is invariant
    // to column scaling, so R·D⁻¹ is the triangular factor of the scaled Jacobian J·D⁻¹, and the
    // column norms of J and Jᵀr come from R and Qᵀr without further passes over the m rows.
    Js.set(J);
    const qr = householderQR(Js, m, n, false);
    qtr.set(r);
    applyQt(qr, qtr);
    Rm.fill(0);
    for (let j = 0; j < n; j++) {
      let c2 = 0;
      let g = 0;
      for (let i = 0; i <= j; i++) {
        const rij = rAt(qr, i, j);
        c2 += rij * rij;
        g += rij * qtr[i]!;
      }
      colNorm[j] = Math.sqrt(c2);
      D[j] = Math.max(D[j]!, colNorm[j]!);
      if (D[j] === 0) D[j] = 1;
      jtr[j] = g;
    }
    // gtol: largest cosine between the residual and a Jacobian column.
    const rnorm = Math.sqrt(f);
    let gmax = 0;
    for (let j = 0; j < n; j++) if (colNorm[j]! > 0) gmax = Math.max(gmax, Math.abs(jtr[j]!) / (colNorm[j]! * rnorm));
    if (gmax <= gtol) return done(true, 'gtol');
    for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) Rm[j * n + i] = rAt(qr, i, j) / D[j]!;
    const svd = jacobiSvd(Rm, n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += svd.u[i * n + k]! * qtr[k]!;
      z[i] = s;
    }
    let zz = 0;
    let smax2 = 0;
    for (let i = 0; i < n; i++) {
      zz += z[i]! * z[i]!;
      smax2 = Math.max(smax2, svd.s[i]! * svd.s[i]!);
    }
    if (lambda < 0) lambda = tau * (smax2 > 0 ? smax2 : 1);
    let xnorm = 0;
    for (let j = 0; j < n; j++) xnorm += (D[j]! * x[j]!) ** 2;
    xnorm = Math.sqrt(xnorm);

    // Inner loop: adjust λ until a step is accepted or a stopping rule fires.
    for (;;) {
      if (evaluations >= maxEval) return done(false, 'max-evaluations');
      // δ̃ = −V diag(σ/(σ²+λ)) z and the predicted reduction of ‖r‖².
      let pred = zz;
      for (let i = 0; i < n; i++) {
        const s = svd.s[i]!;
        const q = (lambda * z[i]!) / (s * s + lambda);
        pred -= q * q;
      }
      let dsNorm = 0;
      for (let k = 0; k < n; k++) {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          const s = svd.s[i]!;
          acc += svd.v[i * n + k]! * ((s / (s * s + lambda)) * z[i]!);
        }
        ds[k] = -acc;
        dsNorm += acc * acc;
      }
      dsNorm = Math.sqrt(dsNorm);
      for (let j = 0; j < n; j++) xNew[j] = x[j]! + ds[j]! / D[j]!;

      let accelOk = true;
      if (geodesic) {
        // Second directional derivative of r along the step by a finite difference (h = 0.1).
        const h = 0.1;
        for (let j = 0; j < n; j++) xNew[j] = x[j]! + (h * ds[j]!) / D[j]!;
        evaluations++;
        if (problem.residuals(xNew, rTry)) {
          // rpp = (2/h)((r(x+hδ) − r)/h − Jδ), with Jδ = Σ_j J_j·δ_j accumulated column by column
          // (contiguous memory; Js was overwritten by the QR, J was not).
          for (let i = 0; i < m; i++) qtr[i] = (rTry[i]! - r[i]!) / h;
          for (let j = 0; j < n; j++) {
            const dj = ds[j]! / D[j]!;
            const off = j * m;
            for (let i = 0; i < m; i++) qtr[i] = qtr[i]! - J[off + i]! * dj;
          }
          for (let i = 0; i < m; i++) qtr[i] = qtr[i]! * (2 / h);
          applyQt(qr, qtr);
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += svd.u[i * n + k]! * qtr[k]!;
            za[i] = s;
          }
          let aNorm = 0;
          for (let k = 0; k < n; k++) {
            let acc = 0;
            for (let i = 0; i < n; i++) {
              const s = svd.s[i]!;
              acc += svd.v[i * n + k]! * ((s / (s * s + lambda)) * za[i]!);
            }
            as[k] = -acc;
            aNorm += acc * acc;
          }
          aNorm = Math.sqrt(aNorm);
          // Accept the acceleration only while it is small next to the velocity (α = 0.75).
          accelOk = dsNorm > 0 && (2 * aNorm) / dsNorm <= 0.75;
          for (let j = 0; j < n; j++) xNew[j] = x[j]! + (ds[j]! + (accelOk ? 0.5 * as[j]! : 0)) / D[j]!;
        } else {
          accelOk = false;
          for (let j = 0; j < n; j++) xNew[j] = x[j]! + ds[j]! / D[j]!;
        }
      }

      evaluations++;
      const finite = accelOk && problem.residuals(xNew, rNew);
      const fNew = finite ? sumSq(rNew) : Number.POSITIVE_INFINITY;
      const actual = f - fNew;
      const rho = pred > 0 ? actual / pred : -1;
      if (finite && rho > 1e-4 && fNew < f) {
        const relAct = actual / f;
        const relPred = pred / f;
        x = Float64Array.from(xNew);
        r.set(rNew);
        const fOld = f;
        f = fNew;
        lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        if (relAct <= ftol && relPred <= ftol) return done(true, 'ftol');
        if (dsNorm <= xtol * xnorm) return done(true, 'xtol');
        if (f === 0 || fOld === 0) return done(true, 'zero-residual');
        break;
      }
      // Rejected step.
      if (finite && Math.abs(actual) <= ftol * f && pred <= ftol * f) return done(true, 'ftol');
      if (dsNorm <= EPS * xnorm) return done(true, 'xtol');
      lambda *= nu;
      nu *= 2;
      if (!(lambda < 1e300)) return done(false, 'stalled');
    }
  }
}
