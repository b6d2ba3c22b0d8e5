import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyQt, householderQR, inverseNormalFromQR, qrSolve, rAt } from './qr';
import { jacobiSvd } from './svd';

function colMajor(rows: number[][]): Float64Array {
  const m = rows.length;
  const n = rows[0]!.length;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = rows[i]![j]!;
  return a;
}

describe('householderQR', () => {
  it('solves a consistent overdetermined system exactly', () => {
    const rows = [
      [1, 0, 2],
      [1, 1, 0],
      [1, 2, 1],
      [1, 3, 5],
      [1, 4, -1],
    ];
    const xTrue = [0.5, -2, 3];
    const b = Float64Array.from(rows, (r) => r.reduce((s, v, j) => s + v * xTrue[j]!, 0));
    const x = qrSolve(householderQR(colMajor(rows), 5, 3), b);
    x.forEach((v, j) => expect(v).toBeCloseTo(xTrue[j]!, 12));
  });

  it('keeps ‖Qᵀb‖ = ‖b‖ and reproduces RᵀR = AᵀA (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 12 }), (rows) => {
        const m = rows.length;
        const a = colMajor(rows);
        const f = householderQR(Float64Array.from(a), m, 3, true);
        // The identity check below is only meaningful for reasonably conditioned matrices.
        const d = Array.from(f.rdiag, Math.abs);
        if (f.rank < 3 || Math.min(...d) < 1e-3 * Math.max(...d)) return true;
        const b = Float64Array.from({ length: m }, (_, i) => i - 1.5);
        const qb = Float64Array.from(b);
        applyQt(f, qb);
        const n1 = Math.hypot(...b);
        const n2 = Math.hypot(...qb);
        expect(Math.abs(n1 - n2)).toBeLessThan(1e-10 * (1 + n1));
        // (AᵀA)⁻¹ · AᵀA = I
        const inv = inverseNormalFromQR(f);
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            let s = 0;
            for (let k = 0; k < 3; k++) {
              let ata = 0;
              for (let r = 0; r < m; r++) ata += a[k * m + r]! * a[j * m + r]!;
              s += inv[i * 3 + k]! * ata;
            }
            expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-6);
          }
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('detects rank deficiency and marks unestimable variances NaN', () => {
    const rows = [
      [1, 2, 3],
      [2, 4, 1],
      [3, 6, 0],
      [4, 8, 2],
    ];
    const f = householderQR(colMajor(rows), 4, 3, true);
    expect(f.rank).toBe(2);
    const inv = inverseNormalFromQR(f);
    expect(Array.from(inv).some(Number.isNaN)).toBe(true);
    expect(rAt(f, 0, 0)).not.toBe(0);
  });
});

describe('jacobiSvd', () => {
  it('reconstructs A = U Σ Vᵀ', () => {
    const n = 4;
    const a = Float64Array.from({ length: n * n }, (_, k) => Math.sin(k + 1) * (k % 3 === 0 ? 100 : 1));
    const { u, s, v } = jacobiSvd(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let x = 0;
        for (let k = 0; k < n; k++) x += u[k * n + i]! * s[k]! * v[k * n + j]!;
        expect(x).toBeCloseTo(a[j * n + i]!, 10);
      }
    }
  });
});
