/**
 * Linear least squares for models that are linear in their parameters.
 *
 * Method (never the normal equations):
 *  1. Rows are scaled by √w; every column is scaled by a power of two near its norm (exact, and
 *     it equilibrates the columns so the QR pivoting and rank test see comparable columns).
 *  2. Householder QR with column pivoting gives the first solution.
 *  3. Iterative refinement: the residual y − A·c is recomputed with double-double arithmetic
 *     (for power bases: Horner in double-double on the ORIGINAL x, so the powers xʲ are exact),
 *     the correction is solved with the same QR and added to c kept in double-double.
 *
 * For polynomials the QR works on t = (x − x₀)/2ᵉ (centred, scaled to about [−1, 1]), which is far
 * better conditioned than raw powers; the coefficients are converted back to ascending powers of
 * the original x in double-double, and the refinement residual is taken in that original basis, so
 * the fixed point is the least-squares solution in the original basis itself.
 */
import { dd, ddAdd, ddMul, ddMulNum, twoSum, type DD } from './dd';
import { householderQR, inverseNormalFromQR, qrSolve, type QR } from './qr';

export type LinearSolution = {
  /** Coefficients in the requested basis (ascending powers of the original x for power bases). */
  coef: Float64Array;
  /** (AᵀWA)⁻¹, row-major p×p, in the same basis as `coef`; multiply by s² for the covariance. */
  covUnscaled: Float64Array;
  /** Numerical rank of the design matrix. */
  rank: number;
  /** Model values at the data. */
  fitted: Float64Array;
  /** Weighted residual sum of squares (from the double-double residuals). */
  rss: number;
  /** Refinement iterations performed. */
  refinements: number;
};

const MAX_REFINEMENTS = 8;
/** Dekker's splitter 2^27 + 1. */
const SPLIT = 134217729;

/** Nearest power of two to |v| (1 for 0 or non-finite), so scaling by it is exact. */
function pow2Near(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  return 2 ** Math.round(Math.log2(v));
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Double-double power b^k. */
function ddPow(b: DD, k: number): DD {
  let r = dd(1);
  for (let i = 0; i < k; i++) r = ddMul(r, b);
  return r;
}

/** Factor the scaled design once and solve right-hand sides with it. */
class ScaledDesign {
  readonly qr: QR;
  readonly colScale: Float64Array;
  constructor(a: Float64Array, readonly m: number, readonly p: number) {
    this.colScale = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += a[j * m + i]! * a[j * m + i]!;
      const sc = pow2Near(Math.sqrt(s));
      this.colScale[j] = sc;
      for (let i = 0; i < m; i++) a[j * m + i] = a[j * m + i]! / sc;
    }
    this.qr = householderQR(a, m, p, true);
  }
  /** Least-squares solution in the unscaled column basis. */
  solve(rhs: Float64Array): Float64Array {
    const z = qrSolve(this.qr, rhs);
    for (let j = 0; j < this.p; j++) z[j] = z[j]! / this.colScale[j]!;
    return z;
  }
  /** (AᵀA)⁻¹ in the unscaled column basis, row-major. */
  inverseNormal(): Float64Array {
    const c = inverseNormalFromQR(this.qr);
    const p = this.p;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) c[i * p + j] = c[i * p + j]! / (this.colScale[i]! * this.colScale[j]!);
    return c;
  }
}

export type PowerBasisOptions = {
  /** Centre x before scaling (only meaningful when the powers are 0..K without gaps). */
  centre: boolean;
  weights?: ArrayLike<number>;
};

/**
 * Fit y ≈ Σ_{j ∈ powers} c_j xʲ. Returns the c_j (ascending order of `powers`) with the unscaled
 * covariance factor, both in the original-x basis.
 */
export function fitPowerBasis(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  powers: number[],
  opts: PowerBasisOptions,
): LinearSolution | { error: string } {
  const m = x.length;
  const p = powers.length;
  const sw = new Float64Array(m);
  for (let i = 0; i < m; i++) sw[i] = Math.sqrt(opts.weights ? opts.weights[i]! : 1);
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    if (x[i]! < xmin) xmin = x[i]!;
    if (x[i]! > xmax) xmax = x[i]!;
  }
  const maxPow = Math.max(...powers);
  const centre = opts.centre ? (xmin + xmax) / 2 : 0;
  const half = opts.centre ? (xmax - xmin) / 2 : Math.max(Math.abs(xmin), Math.abs(xmax));
  if (maxPow > 0 && !(half > 0)) return { error: 'all x values are equal; a curve in x cannot be fitted' };
  // s is a power of two so t = (x − x₀)/s adds no rounding beyond the subtraction.
  const s = maxPow > 0 ? pow2Near(half) : 1;

  // Design in t, rows scaled by √w.
  const a = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    const t = (x[i]! - centre) / s;
    for (let j = 0; j < p; j++) a[j * m + i] = sw[i]! * t ** powers[j]!;
  }
  const design = new ScaledDesign(a, m, p);
  if (design.qr.rank < p) {
    return { error: `the design is rank-deficient (rank ${design.qr.rank} of ${p}): too few distinct x values for this model` };
  }

  // Conversion T from t-basis coefficients to x-basis coefficients: c = T a (T[j][k] for powers).
  // Row index: target power powers[r]; column: source power powers[k]. With centring the powers
  // are 0..K, so every target power exists.
  const negCentre = dd(-centre);
  const T: DD[][] = [];
  for (let r = 0; r < p; r++) {
    const row: DD[] = [];
    const jp = powers[r]!;
    for (let k = 0; k < p; k++) {
      const kp = powers[k]!;
      if (kp < jp || (!opts.centre && kp !== jp)) {
        row.push(dd(0));
        continue;
      }
      // C(k, j) (−x₀)^{k−j} / s^k  (1/s^k exact: s is a power of two)
      const term = ddMulNum(ddPow(negCentre, kp - jp), binomial(kp, jp) / s ** kp);
      row.push(term);
    }
    T.push(row);
  }
  const convert = (av: Float64Array): DD[] =>
    T.map((row) => row.reduce((acc, tk, k) => ddAdd(acc, ddMulNum(tk, av[k]!)), dd(0)));

  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) rhs[i] = sw[i]! * y[i]!;
  let c = convert(design.solve(rhs));

  // Residuals in double-double via Horner on the original x. Written out without DD objects:
  // this loop runs for every observation on every refinement step.
  const order = powers.map((pw, idx) => ({ pw, idx })).sort((u, v) => v.pw - u.pw);
  const steps = order.map(({ pw, idx }, k) => ({ idx, mulBefore: k === 0 ? 0 : order[k - 1]!.pw - pw }));
  const lowest = order[order.length - 1]!.pw;
  const residual = (coef: DD[], out: Float64Array): number => {
    const ch = coef.map((v) => v.hi);
    const cl = coef.map((v) => v.lo);
    let rss = 0;
    for (let i = 0; i < m; i++) {
      const xi = x[i]!;
      let t = SPLIT * xi;
      const xh = t - (t - xi);
      const xl = xi - xh;
      let hi = 0;
      let lo = 0;
      for (const st of steps) {
        for (let q = 0; q < st.mulBefore; q++) {
          // (hi, lo) *= xi
          const p = hi * xi;
          t = SPLIT * hi;
          const hh = t - (t - hi);
          const hl = hi - hh;
          const e = hh * xh - p + hh * xl + hl * xh + hl * xl;
          const l2 = e + lo * xi;
          hi = p + l2;
          lo = l2 - (hi - p);
        }
        // (hi, lo) += (ch, cl)
        const sh = hi + ch[st.idx]!;
        const bb = sh - hi;
        const se = hi - (sh - bb) + (ch[st.idx]! - bb);
        const l3 = se + lo + cl[st.idx]!;
        hi = sh + l3;
        lo = l3 - (hi - sh);
      }
      for (let q = 0; q < lowest; q++) {
        const p = hi * xi;
        t = SPLIT * hi;
        const hh = t - (t - hi);
        const hl = hi - hh;
        const e = hh * xh - p + hh * xl + hl * xh + hl * xl;
        const l2 = e + lo * xi;
        hi = p + l2;
        lo = l2 - (hi - p);
      }
      // y − (hi + lo), rounded once
      const d = y[i]! - hi;
      const rw = (d - lo) * sw[i]!;
      out[i] = rw;
      rss += rw * rw;
    }
    return rss;
  };

  const r = new Float64Array(m);
  let rss = residual(c, r);
  let refinements = 0;
  let lastStep = Number.POSITIVE_INFINITY;
  for (; refinements < MAX_REFINEMENTS; refinements++) {
    const delta = convert(design.solve(r));
    let stepRel = 0;
    for (let j = 0; j < p; j++) {
      const cj = Math.abs(c[j]!.hi);
      const dj = Math.abs(delta[j]!.hi);
      stepRel = Math.max(stepRel, cj > 0 ? dj / cj : dj);
    }
    if (!(stepRel < lastStep) && refinements > 0) break; // no longer contracting
    c = c.map((cj, j) => ddAdd(cj, delta[j]!));
    rss = residual(c, r);
    lastStep = stepRel;
    if (stepRel < 1e-20) break;
  }

  const coef = Float64Array.from(c, (v) => twoSum(v.hi, v.lo).hi);
  // Covariance factor: cov_c = T cov_a Tᵀ (plain doubles are ample for standard errors).
  const covA = design.inverseNormal();
  const Td = T.map((row) => row.map((v) => v.hi));
  const covUnscaled = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let k = 0; k < p; k++) {
        const tik = Td[i]![k]!;
        if (tik === 0) continue;
        for (let l = 0; l < p; l++) sum += tik * covA[k * p + l]! * Td[j]![l]!;
      }
      covUnscaled[i * p + j] = sum;
    }
  }
  const fitted = new Float64Array(m);
  for (let i = 0; i < m; i++) fitted[i] = y[i]! - (sw[i]! > 0 ? r[i]! / sw[i]! : 0);
  if (opts.weights) {
    for (let i = 0; i < m; i++) if (!(sw[i]! > 0)) fitted[i] = evalPower(coef, powers, x[i]!);
  }
  return { coef, covUnscaled, rank: design.qr.rank, fitted, rss, refinements };
}

/** Σ c_j x^{powers[j]} in plain double. */
export function evalPower(coef: ArrayLike<number>, powers: number[], x: number): number {
  let s = 0;
  for (let j = 0; j < powers.length; j++) s += coef[j]! * x ** powers[j]!;
  return s;
}

/**
 * General linear least squares y ≈ A c for a design given as columns (each length m), with column
 * equilibration, pivoted QR and iterative refinement using compensated residuals.
 */
export function fitDesign(
  columns: ArrayLike<number>[],
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): LinearSolution | { error: string } {
  const p = columns.length;
  const m = y.length;
  const sw = new Float64Array(m);
  for (let i = 0; i < m; i++) sw[i] = Math.sqrt(weights ? weights[i]! : 1);
  const a = new Float64Array(m * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) a[j * m + i] = sw[i]! * columns[j]![i]!;
  const design = new ScaledDesign(a, m, p);
  if (design.qr.rank < p) {
    return { error: `the design is rank-deficient (rank ${design.qr.rank} of ${p}): the model terms are not independent on these data` };
  }
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) rhs[i] = sw[i]! * y[i]!;
  const c: DD[] = Array.from(design.solve(rhs), (v) => dd(v));
  const r = new Float64Array(m);
  const residual = (): number => {
    let rss = 0;
    for (let i = 0; i < m; i++) {
      let acc = dd(y[i]!);
      for (let j = 0; j < p; j++) acc = ddAdd(acc, ddMulNum(c[j]!, -columns[j]![i]!));
      const rw = (acc.hi + acc.lo) * sw[i]!;
      r[i] = rw;
      rss += rw * rw;
    }
    return rss;
  };
  let rss = residual();
  let refinements = 0;
  let lastStep = Number.POSITIVE_INFINITY;
  for (; refinements < MAX_REFINEMENTS; refinements++) {
    const delta = design.solve(r);
    let stepRel = 0;
    for (let j = 0; j < p; j++) {
      const cj = Math.abs(c[j]!.hi);
      stepRel = Math.max(stepRel, cj > 0 ? Math.abs(delta[j]!) / cj : Math.abs(delta[j]!));
    }
    if (!(stepRel < lastStep) && refinements > 0) break;
    for (let j = 0; j < p; j++) c[j] = ddAdd(c[j]!, dd(delta[j]!));
    rss = residual();
    lastStep = stepRel;
    if (stepRel < 1e-20) break;
  }
  const coef = Float64Array.from(c, (v) => v.hi + v.lo);
  const fitted = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += coef[j]! * columns[j]![i]!;
    fitted[i] = s;
  }
  return { coef, covUnscaled: design.inverseNormal(), rank: design.qr.rank, fitted, rss, refinements };
}
