/**
 * Singular value decomposition of a small square matrix by one-sided Jacobi rotations
 * (Hestenes). Used on the n×n triangular factor R of the Jacobian, so n is the number of
 * parameters (≤ a few dozen) and the O(n³) sweeps are negligible next to the O(m n²) QR.
 * One-sided Jacobi computes small singular values to high relative accuracy, which is what the
 * damped least-squares subproblem of Levenberg–Marquardt needs on ill-conditioned problems.
 */

const EPS = 2.220446049250313e-16;

export type SVD = {
  n: number;
  /** Left singular vectors, column-major n×n. */
  u: Float64Array;
  /** Singular values (not sorted). */
  s: Float64Array;
  /** Right singular vectors, column-major n×n. */
  v: Float64Array;
};

/** A = U diag(s) Vᵀ for a column-major n×n matrix (not modified). */
export function jacobiSvd(a: Float64Array, n: number): SVD {
  const w = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const op = p * n;
        const oq = q * n;
        for (let i = 0; i < n; i++) {
          const wp = w[op + i]!;
          const wq = w[oq + i]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < n; i++) {
          const wp = w[op + i]!;
          const wq = w[oq + i]!;
          w[op + i] = c * wp - s * wq;
          w[oq + i] = s * wp + c * wq;
          const vp = v[op + i]!;
          const vq = v[oq + i]!;
          v[op + i] = c * vp - s * vq;
          v[oq + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  const u = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += w[j * n + i]! * w[j * n + i]!;
    nrm = Math.sqrt(nrm);
    s[j] = nrm;
    if (nrm > 0) for (let i = 0; i < n; i++) u[j * n + i] = w[j * n + i]! / nrm;
  }
  return { n, u, s, v };
}
