/**
 * (JᵀJ)⁻¹ from a Jacobian by column-equilibrated, pivoted Householder QR — the normal matrix is
 * never formed, so ill-conditioned fits (condition numbers up to ~1e15 after scaling) still get
 * standard errors with several correct digits.
 */
import { householderQR, inverseNormalFromQR, norm2 } from './qr';

export type InverseNormal = {
  /** (JᵀJ)⁻¹, row-major n×n; rows/columns beyond the numerical rank are NaN. */
  matrix: Float64Array;
  rank: number;
};

/** J is column-major m×n and is not modified. */
export function inverseNormalFromJacobian(J: Float64Array, m: number, n: number): InverseNormal {
  const a = Float64Array.from(J);
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = norm2(a, j * m, m) || 1;
    scale[j] = s;
    for (let i = 0; i < m; i++) a[j * m + i] = a[j * m + i]! / s;
  }
  const qr = householderQR(a, m, n, true);
  const c = inverseNormalFromQR(qr);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! / (scale[i]! * scale[j]!);
  return { matrix: c, rank: qr.rank };
}
