/**
 * Minimisation engines behind one interface. Both see the same weighted, bound-transformed
 * least-squares problem; everything after the minimum (polish, covariance, metrics) is shared, so
 * results differ only in the minimiser.
 */
import { levenbergMarquardt as mlLevenbergMarquardt } from 'ml-levenberg-marquardt';
import { levenbergMarquardt, type LmOptions } from './lm';
import { norm2 } from './qr';
import type { LeastSquaresProblem } from './problem';
import type { NonlinearEngineChoice, TerminationReason } from './types';

export type EngineOutcome = {
  x: Float64Array;
  r: Float64Array;
  cost: number;
  iterations: number;
  converged: boolean;
  termination: TerminationReason;
};

export type EngineFailure = { error: string };

export interface IFitEngine {
  readonly name: NonlinearEngineChoice;
  minimize(problem: LeastSquaresProblem, x0: Float64Array, options: LmOptions): EngineOutcome | EngineFailure;
}

export const lmEngine: IFitEngine = {
  name: 'lm',
  minimize(problem, x0, options) {
    const out = levenbergMarquardt(problem, x0, options);
    if ('error' in out) {
      return {
        error:
          out.error === 'non-finite-start'
            ? 'The model gives non-finite values (NaN or ∞) at the start values.'
            : 'The model derivatives are not finite at the start values.',
      };
    }
    return out;
  },
};

/** Largest cosine between r and a Jacobian column accepted as a stationary point. */
const STATIONARY_COSINE = 1e-6;

/** max_j |J_jᵀ r| / (‖J_j‖ ‖r‖): 0 at a stationary point of ‖r‖². */
export function gradientCosine(J: Float64Array, r: Float64Array, m: number, n: number): number {
  const rn = norm2(r, 0, m);
  if (rn === 0) return 0;
  let g = 0;
  for (let j = 0; j < n; j++) {
    const cn = norm2(J, j * m, m);
    if (cn === 0) continue;
    let s = 0;
    for (let i = 0; i < m; i++) s += J[j * m + i]! * r[i]!;
    g = Math.max(g, Math.abs(s) / (cn * rn));
  }
  return g;
}

/** Iterations per call of ml-levenberg-marquardt between our relative-progress checks. */
const ML_CHUNK = 25;
/** Stand-in residual for a model value that is not finite, so the library rejects the step instead of failing. */
const NON_FINITE_PENALTY = 1e100;

/**
 * ml-levenberg-marquardt 5.1 behind our interface. The library is given the residual vector as
 * "data y = 0, model = −r(p)" over observation indices, so weights and bounds are already in r
 * (its own `weights` option expects standard deviations and is easy to misuse) and multi-variable
 * models need no special handling. It has no relative stopping rule, so it runs in chunks and we
 * stop when a chunk improves ‖r‖² by less than 1e-12 relatively. Its Cholesky/LU failures on NaN
 * are prevented by replacing non-finite residuals with a large penalty, and any exception that
 * still escapes is turned into an EngineFailure.
 */
export const mlLmEngine: IFitEngine = {
  name: 'ml-levenberg-marquardt',
  minimize(outer, x0Outer, options) {
    // The library damps with λ·I on JᵀJ (not Marquardt's diag(JᵀJ)), so it is sensitive to
    // parameter units. Work in variables scaled by the Jacobian column norms at the start, which
    // makes every column unit-length and the damping unit-free.
    const scale = jacobianColumnScale(outer, x0Outer);
    const problem = scaledProblem(outer, scale);
    const x0 = Float64Array.from(x0Outer, (v, j) => v / scale[j]!);
    const { m, n } = problem;
    const idx = Array.from({ length: m }, (_, i) => i);
    const zeros = new Array<number>(m).fill(0);
    const r = new Float64Array(m);
    const J = new Float64Array(m * n);
    const negResidual = (params: number[]): Float64Array => {
      const out = new Float64Array(m);
      const ok = problem.residuals(Float64Array.from(params), r);
      for (let i = 0; i < m; i++) out[i] = ok && Number.isFinite(r[i]!) ? -r[i]! : NON_FINITE_PENALTY;
      return out;
    };
    const paramFn = (params: number[]) => {
      const v = negResidual(params);
      return (i: number) => v[i]!;
    };
    const jacobianFunction = (params: number[]) => {
      const ok = problem.jacobian(Float64Array.from(params), J);
      return (i: number) => {
        const row = new Array<number>(n);
        for (let j = 0; j < n; j++) {
          const v = -J[j * m + i]!;
          row[j] = ok && Number.isFinite(v) ? v : 0;
        }
        return row;
      };
    };
    if (!problem.residuals(x0, r)) return { error: 'The model gives non-finite values (NaN or ∞) at the start values.' };
    let best = Array.from(x0);
    let bestCost = norm2(r, 0, m) ** 2;
    const maxIter = options.maxIterations ?? 500;
    let iterations = 0;
    let termination: TerminationReason = 'max-iterations';
    let converged = false;
    try {
      while (iterations < maxIter) {
        const chunk = Math.min(ML_CHUNK, maxIter - iterations);
        const res = mlLevenbergMarquardt({ x: idx, y: zeros }, paramFn, {
          initialValues: best,
          maxIterations: chunk,
          errorTolerance: 0,
          jacobianFunction,
        });
        iterations += res.iterations;
        const cost = res.parameterError;
        const improved = Number.isFinite(cost) && cost < bestCost;
        const rel = improved ? (bestCost - cost) / bestCost : 0;
        if (improved) {
          best = res.parameterValues.slice();
          bestCost = cost;
        }
        if (bestCost === 0) {
          termination = 'zero-residual';
          converged = true;
          break;
        }
        if (rel <= 1e-12) {
          termination = 'ftol';
          converged = true;
          break;
        }
        if (res.iterations < chunk) {
          termination = 'stalled'; // the library stopped early (NaN error)
          break;
        }
      }
    } catch {
      return {
        error: 'The ml-levenberg-marquardt engine broke down on this problem (singular system). Try the built-in LM engine or other start values.',
      };
    }
    const u = Float64Array.from(best);
    const x = Float64Array.from(u, (v, j) => v * scale[j]!);
    if (!problem.residuals(u, r)) return { error: 'The ml-levenberg-marquardt engine ended at parameters where the model is not finite.' };
    // "No progress" is only convergence when the gradient is (relatively) zero there too.
    if (converged && termination === 'ftol' && problem.jacobian(u, J) && gradientCosine(J, r, m, n) > STATIONARY_COSINE) {
      converged = false;
      termination = 'stalled';
    }
    return { x, r: Float64Array.from(r), cost: norm2(r, 0, m) ** 2, iterations, converged, termination };
  },
};

/** 1/‖J_j‖ at x0 for each parameter (1 where the column is zero or not finite). */
function jacobianColumnScale(problem: LeastSquaresProblem, x0: Float64Array): Float64Array {
  const { m, n } = problem;
  const J = new Float64Array(m * n);
  const scale = new Float64Array(n).fill(1);
  if (!problem.jacobian(x0, J)) return scale;
  for (let j = 0; j < n; j++) {
    const c = norm2(J, j * m, m);
    if (c > 0 && Number.isFinite(c)) scale[j] = 1 / c;
  }
  return scale;
}

/** The problem in variables u with p = scale ∘ u. */
function scaledProblem(inner: LeastSquaresProblem, scale: Float64Array): LeastSquaresProblem {
  const { m, n } = inner;
  const toP = (u: Float64Array) => Float64Array.from(u, (v, j) => v * scale[j]!);
  return {
    m,
    n,
    residuals: (u, out) => inner.residuals(toP(u), out),
    jacobian(u, out) {
      const ok = inner.jacobian(toP(u), out);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[j * m + i] = out[j * m + i]! * scale[j]!;
      return ok;
    },
  };
}
