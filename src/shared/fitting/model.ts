/**
 * A compiled nonlinear model: value and parameter gradient over all observations at once.
 * The gradient is symbolic (mathjs `derivative`, then compiled like the model) when every partial
 * derivative can be formed, otherwise central finite differences with steps scaled to each
 * parameter.
 */
import { derivative, type MathNode } from 'mathjs';
import { parseModel } from './expression';
import { compileVector, type CompileCache, type VectorProgram } from './vectorEval';

/** Cube root of machine epsilon: optimal relative step for central differences. */
const CBRT_EPS = 6.055454452393343e-6;

export type JacobianMode = 'symbolic' | 'finite-difference';

export type CompiledModel = {
  readonly expression: string;
  readonly parameters: readonly string[];
  readonly variables: readonly string[];
  readonly jacobianMode: JacobianMode;
  /** f(p) for every observation into `out` (length m). */
  evaluate(p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array): void;
  /** ∂f/∂p into `out`, column-major m×n (column j = derivative by parameter j). */
  gradient(p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array): void;
};

export type CompileOutcome = { ok: true; model: CompiledModel } | { ok: false; message: string };

/**
 * Central differences for the columns in `only` (all when undefined), writing into `out`
 * (column-major m×n). With `patch`, only entries that are not finite in `out` are replaced.
 */
function finiteDifferenceGradient(program: VectorProgram, n: number) {
  let fp = new Float64Array(0);
  let fm = new Float64Array(0);
  return (p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array, only?: readonly number[], patch = false): void => {
    if (fp.length !== m) {
      fp = new Float64Array(m);
      fm = new Float64Array(m);
    }
    const q = Float64Array.from(p);
    for (const j of only ?? Array.from({ length: n }, (_, k) => k)) {
      const pj = p[j]!;
      const h = CBRT_EPS * (pj !== 0 ? Math.abs(pj) : 1);
      q[j] = pj + h;
      const hp = q[j]! - pj; // exactly representable step
      program.evaluate(q, cols, m, fp);
      q[j] = pj - h;
      const hm = pj - q[j]!;
      program.evaluate(q, cols, m, fm);
      q[j] = pj;
      const denom = hp + hm;
      const off = j * m;
      for (let i = 0; i < m; i++) {
        if (patch && Number.isFinite(out[off + i]!)) continue;
        out[off + i] = (fp[i]! - fm[i]!) / denom;
      }
    }
  };
}

type FdGradient = ReturnType<typeof finiteDifferenceGradient>;

/**
 * Replace non-finite entries of the columns `bad` by central differences evaluated on just the
 * affected rows (usually a handful, e.g. the x = 0 points), so a 100 000-point fit does not pay
 * two full model evaluations per patched column.
 */
function patchNonFinite(
  fd: FdGradient,
  p: Float64Array,
  cols: readonly Float64Array[],
  m: number,
  n: number,
  out: Float64Array,
  bad: number[],
): void {
  const rows: number[] = [];
  for (let i = 0; i < m; i++) {
    for (const j of bad) {
      if (!Number.isFinite(out[j * m + i]!)) {
        rows.push(i);
        break;
      }
    }
  }
  const k = rows.length;
  const sub = cols.map((c) => Float64Array.from(rows, (i) => c[i]!));
  const g = new Float64Array(k * n).fill(Number.NaN);
  fd(p, sub, k, g, bad, false);
  for (const j of bad) for (let r = 0; r < k; r++) if (!Number.isFinite(out[j * m + rows[r]!]!)) out[j * m + rows[r]!] = g[j * k + r]!;
}

/**
 * Parse, validate and compile. `jacobian: 'finite-difference'` forces numerical derivatives
 * (useful for comparison); the default 'auto' uses symbolic derivatives when available.
 */
export function compileModel(
  expression: string,
  parameters: readonly string[],
  variables: readonly string[],
  jacobian: 'auto' | JacobianMode = 'auto',
): CompileOutcome {
  const parsed = parseModel(expression, [...parameters], [...variables]);
  if (!parsed.ok) return parsed;
  let program: VectorProgram;
  const cache: CompileCache = new Map();
  try {
    program = compileVector(parsed.node, parameters, variables, cache);
  } catch (e) {
    return { ok: false, message: `The model could not be compiled: ${(e as Error).message}` };
  }
  const n = parameters.length;
  let partials: VectorProgram[] | undefined;
  if (jacobian !== 'finite-difference') {
    try {
      partials = parameters.map((name) => {
        // simplify: false — mathjs simplification costs 10–500 ms per model; our compiler folds the
        // constants and identities that matter for speed instead.
        const d: MathNode = derivative(parsed.node, name, { simplify: false });
        return compileVector(d, parameters, variables, cache);
      });
    } catch {
      partials = undefined; // a function mathjs cannot differentiate: fall back to differences
    }
  }
  const fd = finiteDifferenceGradient(program, n);
  const gradient = partials
    ? (p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array): void => {
        const bad: number[] = [];
        for (let j = 0; j < n; j++) {
          const col = out.subarray(j * m, (j + 1) * m);
          partials![j]!.evaluate(p, cols, m, col);
          let check = 0; // x − x is 0 for finite x, NaN otherwise
          for (let i = 0; i < m; i++) check += col[i]! - col[i]!;
          if (check !== 0) bad.push(j);
        }
        // Symbolic derivatives can have removable singularities the model does not have
        // (d/dn xⁿ = xⁿ·ln x is NaN at x = 0 although xⁿ is smooth there): patch those entries
        // with central differences.
        if (bad.length > 0) patchNonFinite(fd, p, cols, m, n, out, bad);
      }
    : (p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array): void => fd(p, cols, m, out);
  return {
    ok: true,
    model: {
      expression,
      parameters,
      variables,
      jacobianMode: partials ? 'symbolic' : 'finite-difference',
      evaluate: (p, cols, m, out) => program.evaluate(p, cols, m, out),
      gradient,
    },
  };
}
