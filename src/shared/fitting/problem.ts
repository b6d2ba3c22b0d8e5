/**
 * Least-squares problems as the engines see them: residuals r(p) and Jacobian ∂r/∂p.
 * Weights are applied by scaling residuals and Jacobian rows by √w, and bounds by a smooth change
 * of variables (the MINUIT/lmfit transforms), so the engines themselves stay unconstrained.
 */
import type { CompiledModel } from './model';

export type LeastSquaresProblem = {
  readonly m: number;
  readonly n: number;
  /** r(p) into `out`; false when any residual is not finite. */
  residuals(p: Float64Array, out: Float64Array): boolean;
  /** ∂r/∂p into `out` (column-major m×n); false when any entry is not finite. */
  jacobian(p: Float64Array, out: Float64Array): boolean;
};

/** rᵢ = √wᵢ (yᵢ − f(xᵢ; p)). */
export function modelProblem(
  model: CompiledModel,
  cols: readonly Float64Array[],
  y: Float64Array,
  sqrtW: Float64Array,
): LeastSquaresProblem {
  const m = y.length;
  const n = model.parameters.length;
  const f = new Float64Array(m);
  return {
    m,
    n,
    residuals(p, out) {
      model.evaluate(p, cols, m, f);
      // Fused with the finiteness check: x − x is 0 for finite x and NaN for ±∞/NaN.
      let check = 0;
      for (let i = 0; i < m; i++) {
        const v = sqrtW[i]! * (y[i]! - f[i]!);
        out[i] = v;
        check += v - v;
      }
      return check === 0;
    },
    jacobian(p, out) {
      model.gradient(p, cols, m, out);
      let check = 0;
      for (let j = 0; j < n; j++) {
        const off = j * m;
        for (let i = 0; i < m; i++) {
          const v = -sqrtW[i]! * out[off + i]!;
          out[off + i] = v;
          check += v - v;
        }
      }
      return check === 0;
    },
  };
}

export type Bound = { min?: number; max?: number };

/** Smooth bijection between an internal unconstrained u and an external bounded p. */
export type BoundTransform = {
  toExternal(u: Float64Array): Float64Array;
  toInternal(p: Float64Array): Float64Array;
  /** dp/du at u. */
  derivative(u: Float64Array): Float64Array;
};

const isNum = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function boundTransform(bounds: readonly Bound[]): BoundTransform {
  const n = bounds.length;
  return {
    toExternal(u) {
      const p = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const { min, max } = bounds[j]!;
        const uj = u[j]!;
        if (isNum(min) && isNum(max)) p[j] = min + ((Math.sin(uj) + 1) * (max - min)) / 2;
        else if (isNum(min)) p[j] = min - 1 + Math.sqrt(uj * uj + 1);
        else if (isNum(max)) p[j] = max + 1 - Math.sqrt(uj * uj + 1);
        else p[j] = uj;
      }
      return p;
    },
    toInternal(p) {
      const u = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const { min, max } = bounds[j]!;
        const pj = p[j]!;
        if (isNum(min) && isNum(max)) u[j] = Math.asin(Math.max(-1, Math.min(1, (2 * (pj - min)) / (max - min) - 1)));
        else if (isNum(min)) u[j] = Math.sqrt(Math.max(0, (pj - min + 1) ** 2 - 1));
        else if (isNum(max)) u[j] = Math.sqrt(Math.max(0, (max - pj + 1) ** 2 - 1));
        else u[j] = pj;
      }
      return u;
    },
    derivative(u) {
      const d = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const { min, max } = bounds[j]!;
        const uj = u[j]!;
        if (isNum(min) && isNum(max)) d[j] = (Math.cos(uj) * (max - min)) / 2;
        else if (isNum(min)) d[j] = uj / Math.sqrt(uj * uj + 1);
        else if (isNum(max)) d[j] = -uj / Math.sqrt(uj * uj + 1);
        else d[j] = 1;
      }
      return d;
    },
  };
}

/**
 * Move a start value strictly inside its bounds: at a bound the transforms have zero derivative and
 * the parameter could never leave it.
 */
export function interiorStart(p: number, b: Bound): number {
  const { min, max } = b;
  if (isNum(min) && isNum(max)) {
    const w = max - min;
    return Math.min(max - 0.01 * w, Math.max(min + 0.01 * w, p));
  }
  if (isNum(min) && p <= min) return min + 0.01 * Math.max(1, Math.abs(min));
  if (isNum(max) && p >= max) return max - 0.01 * Math.max(1, Math.abs(max));
  return p;
}

export function hasBounds(bounds: readonly Bound[]): boolean {
  return bounds.some((b) => isNum(b.min) || isNum(b.max));
}

/** The same problem in internal (unbounded) variables. */
export function transformedProblem(inner: LeastSquaresProblem, t: BoundTransform): LeastSquaresProblem {
  const { m, n } = inner;
  return {
    m,
    n,
    residuals(u, out) {
      return inner.residuals(t.toExternal(u), out);
    },
    jacobian(u, out) {
      const ok = inner.jacobian(t.toExternal(u), out);
      const d = t.derivative(u);
      for (let j = 0; j < n; j++) {
        const off = j * m;
        const dj = d[j]!;
        for (let i = 0; i < m; i++) out[off + i] = out[off + i]! * dj;
      }
      return ok;
    },
  };
}
