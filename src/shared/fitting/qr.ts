/**
 * Householder QR factorisation of a dense m×n matrix (m ≥ n), column-major Float64Array, with
 * optional column pivoting (MINPACK qrfac style). Never forms normal equations: least-squares
 * solves and (RᵀR)⁻¹ come from R directly, so the condition number enters once, not squared.
 */

const EPS = 2.220446049250313e-16;

export type QR = {
  m: number;
  n: number;
  /** Factored matrix: R above the diagonal (diagonal in `rdiag`), Householder vectors on and below it. */
  a: Float64Array;
  /** Diagonal of R. */
  rdiag: Float64Array;
  /** Column permutation: factored column k is original column perm[k]. */
  perm: Int32Array;
  /** Numerical rank: columns k < rank have |rdiag[k]| > tol·|rdiag[0]|. */
  rank: number;
};

/** Below this sum of squares the plain one-pass norm may have lost digits to underflow. */
const TINY_SUMSQ = 1e-280;

/** Euclidean norm of a[off .. off+len) without overflow or harmful underflow. */
export function norm2(a: Float64Array, off: number, len: number): number {
  // Fast path: one pass. Only when the sum of squares over- or underflows is the scaled
  // two-pass version needed.
  let ss = 0;
  for (let i = 0; i < len; i++) {
    const v = a[off + i]!;
    ss += v * v;
  }
  if (ss > TINY_SUMSQ && ss < Number.POSITIVE_INFINITY) return Math.sqrt(ss);
  if (ss === 0) return 0;
  if (Number.isNaN(ss)) return Number.NaN;
  let scale = 0;
  for (let i = 0; i < len; i++) {
    const v = Math.abs(a[off + i]!);
    if (v > scale) scale = v;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < len; i++) {
    const v = a[off + i]! / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/**
 * Factor A (m×n, column-major, overwritten) as A·P = Q·R.
 * @param rankTol relative tolerance on |R_kk| for the numerical rank (default n·eps·max(m,n)·10).
 */
export function householderQR(a: Float64Array, m: number, n: number, pivot = true, rankTol?: number): QR {
  const rdiag = new Float64Array(n);
  const perm = new Int32Array(n);
  const acnorm = new Float64Array(n);
  const wa = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    perm[j] = j;
    acnorm[j] = norm2(a, j * m, m);
    rdiag[j] = acnorm[j]!;
    wa[j] = rdiag[j]!;
  }
  const steps = Math.min(m, n);
  for (let k = 0; k < steps; k++) {
    if (pivot) {
      let kmax = k;
      for (let j = k; j < n; j++) if (rdiag[j]! > rdiag[kmax]!) kmax = j;
      if (kmax !== k) {
        const ok = k * m;
        const om = kmax * m;
        for (let i = 0; i < m; i++) {
          const t = a[ok + i]!;
          a[ok + i] = a[om + i]!;
          a[om + i] = t;
        }
        rdiag[kmax] = rdiag[k]!;
        wa[kmax] = wa[k]!;
        const tp = perm[k]!;
        perm[k] = perm[kmax]!;
        perm[kmax] = tp;
      }
    }
    const off = k * m + k;
    let ajnorm = norm2(a, off, m - k);
    if (ajnorm === 0) {
      rdiag[k] = 0;
      continue;
    }
    if (a[off]! < 0) ajnorm = -ajnorm;
    for (let i = 0; i < m - k; i++) a[off + i] = a[off + i]! / ajnorm;
    a[off] = a[off]! + 1;
    // Apply the reflector I − v vᵀ / v₀ to the remaining columns and update their norms.
    for (let j = k + 1; j < n; j++) {
      const offj = j * m + k;
      let sum = 0;
      for (let i = 0; i < m - k; i++) sum += a[off + i]! * a[offj + i]!;
      const temp = sum / a[off]!;
      for (let i = 0; i < m - k; i++) a[offj + i] = a[offj + i]! - temp * a[off + i]!;
      if (pivot && rdiag[j] !== 0) {
        const t = a[offj]! / rdiag[j]!;
        const r = Math.max(0, 1 - t * t);
        rdiag[j] = rdiag[j]! * Math.sqrt(r);
        const ratio = rdiag[j]! / wa[j]!;
        if (0.05 * ratio * ratio <= EPS) {
          // Downdating lost accuracy: recompute the norm of the trailing part.
          rdiag[j] = norm2(a, offj + 1, m - k - 1);
          wa[j] = rdiag[j]!;
        }
      }
    }
    rdiag[k] = -ajnorm;
  }
  const tol = rankTol ?? 10 * EPS * Math.max(m, n);
  let rank = 0;
  const r0 = Math.abs(rdiag[0] ?? 0);
  for (let k = 0; k < steps; k++) {
    if (Math.abs(rdiag[k]!) > tol * r0 && r0 > 0) rank = k + 1;
    else break;
  }
  return { m, n, a, rdiag, perm, rank };
}

/** b := Qᵀ b in place (length m). */
export function applyQt(f: QR, b: Float64Array): void {
  const { m, n, a } = f;
  const steps = Math.min(m, n);
  for (let k = 0; k < steps; k++) {
    const off = k * m + k;
    const v0 = a[off]!;
    if (v0 === 0) continue;
    let sum = 0;
    for (let i = 0; i < m - k; i++) sum += a[off + i]! * b[k + i]!;
    const temp = sum / v0;
    for (let i = 0; i < m - k; i++) b[k + i] = b[k + i]! - temp * a[off + i]!;
  }
}

/** R element (i ≤ j) of the factorisation. */
export function rAt(f: QR, i: number, j: number): number {
  return i === j ? f.rdiag[i]! : f.a[j * f.m + i]!;
}

/**
 * Solve min ‖A x − b‖ given Qᵀb (first n entries used). Columns beyond the numerical rank get 0
 * (basic solution). Result in the original column order.
 */
export function solveFromQtb(f: QR, qtb: Float64Array): Float64Array {
  const { n, rank } = f;
  const z = new Float64Array(n);
  for (let i = rank - 1; i >= 0; i--) {
    let s = qtb[i]!;
    for (let j = i + 1; j < rank; j++) s -= rAt(f, i, j) * z[j]!;
    z[i] = s / f.rdiag[i]!;
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[f.perm[k]!] = z[k]!;
  return x;
}

/** Least-squares solution of A x ≈ b for a factored A (b is not modified). */
export function qrSolve(f: QR, b: Float64Array): Float64Array {
  const qtb = Float64Array.from(b);
  applyQt(f, qtb);
  return solveFromQtb(f, qtb);
}

/**
 * (AᵀA)⁻¹ = P R⁻¹ R⁻ᵀ Pᵀ, row-major n×n in the original column order. Rows/columns of
 * columns beyond the numerical rank are NaN: their variance is not estimable.
 */
export function inverseNormalFromQR(f: QR): Float64Array {
  const { n, rank } = f;
  // Rinv (upper triangular, rank×rank), column-major.
  const rinv = new Float64Array(n * n);
  for (let j = 0; j < rank; j++) {
    rinv[j * n + j] = 1 / f.rdiag[j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += rAt(f, i, k) * rinv[j * n + k]!;
      rinv[j * n + i] = -s / f.rdiag[i]!;
    }
  }
  const out = new Float64Array(n * n).fill(Number.NaN);
  for (let p = 0; p < rank; p++) {
    for (let q = 0; q < rank; q++) {
      // (R⁻¹R⁻ᵀ)_pq = Σ_k Rinv[p,k] Rinv[q,k], k ≥ max(p,q)
      let s = 0;
      for (let k = Math.max(p, q); k < rank; k++) s += rinv[k * n + p]! * rinv[k * n + q]!;
      out[f.perm[p]! * n + f.perm[q]!] = s;
    }
  }
  return out;
}
