/**
 * Bracketed root finding (Brent's method): never leaves the bracket, so it is safe on the
 * monotone pump curves we invert, and converges superlinearly on smooth ones.
 */

/** Result of a bracketed solve: `x` is the root estimate, `ok` false when the ends do not bracket a root. */
export type RootResult = { ok: boolean; x: number; iterations: number };

/**
 * Finds x in [lo, hi] with f(x) = 0, given f(lo) and f(hi) of opposite sign (or one of them zero).
 * `xTol` is an absolute tolerance on x; at most `maxIter` iterations (bisection alone would need
 * about log2((hi - lo) / xTol) of them).
 */
export function brent(f: (x: number) => number, lo: number, hi: number, xTol = 1e-12, maxIter = 100): RootResult {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return { ok: true, x: a, iterations: 0 };
  if (fb === 0) return { ok: true, x: b, iterations: 0 };
  if (!(fa * fb < 0)) return { ok: false, x: Math.abs(fa) < Math.abs(fb) ? a : b, iterations: 0 };

  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 1; i <= maxIter; i++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xTol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { ok: true, x: b, iterations: i };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation, or secant when only two distinct points exist.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return { ok: true, x: b, iterations: maxIter };
}
