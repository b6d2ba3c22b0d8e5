/**
 * Compiles a validated mathjs expression tree into a vectorised evaluator: every node computes its
 * value for all observations at once into its own preallocated Float64Array, and sub-trees that do
 * not depend on the data are folded to one scalar per call. No `eval`/`new Function`, so it runs
 * under a strict CSP (renderer previews) as well as in workers.
 *
 * Semantics follow mathjs for real results; where mathjs would return a complex number
 * (sqrt/log of a negative, fractional power of a negative) this returns NaN, which the fitting
 * engines treat as "step not acceptable".
 */
import type { MathNode } from 'mathjs';
import { CONSTANTS } from './expression';

type ScalarFn = (p: Float64Array) => number;
type VectorFn = (p: Float64Array, cols: readonly Float64Array[], m: number) => Float64Array;
/**
 * `k` marks a compile-time constant (no parameters, no data), folded before evaluation.
 * `deps` lists the parameter indices a vector node depends on (sorted): its value is memoised on
 * them and on the data columns, so a sub-expression shared by the model and its derivatives
 * (x^n in H0 − k·x^n and in both partials) is computed once per parameter vector, and data-only
 * sub-expressions (ln x) once per data set.
 */
type CNode = { vec: false; s: ScalarFn; k?: number } | { vec: true; v: VectorFn; deps: number[] };

function memo(v: VectorFn, deps: number[]): VectorFn {
  let lastCols: readonly Float64Array[] | undefined;
  let lastM = -1;
  let lastOut: Float64Array | undefined;
  const lastP = new Float64Array(deps.length);
  return (p, c, m) => {
    if (lastOut && c === lastCols && m === lastM) {
      let same = true;
      for (let i = 0; i < deps.length; i++) {
        if (p[deps[i]!] !== lastP[i]) {
          same = false;
          break;
        }
      }
      if (same) return lastOut;
    }
    const out = v(p, c, m);
    lastOut = out;
    lastCols = c;
    lastM = m;
    for (let i = 0; i < deps.length; i++) lastP[i] = p[deps[i]!]!;
    return out;
  };
}

function union(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function vecNode(v: VectorFn, deps: number[]): CNode {
  return { vec: true, v: memo(v, deps), deps };
}

/** Params a (possibly scalar) node depends on; scalar nodes are cheap and not tracked finely. */
function depsOf(c: CNode, all: number[]): number[] {
  return c.vec ? c.deps : c.k !== undefined ? [] : all;
}

/**
 * x^k for a data-only base x and a scalar exponent: ln x is memoised per data set, so each
 * evaluation costs one exp per point instead of a pow (V8's Math.pow is ~3× slower than exp).
 */
function powDataBase(base: VectorFn, exponent: ScalarFn, generic: VectorFn): VectorFn {
  const lnBase = memo(unaryVec('log', base), []);
  const get = buffer();
  return (p, c, m) => {
    const k = exponent(p);
    if (Number.isInteger(k) || k === 0.5) return generic(p, c, m);
    const x = base(p, c, m);
    const lb = lnBase(p, c, m);
    const o = get(m);
    for (let i = 0; i < m; i++) o[i] = x[i]! > 0 ? Math.exp(k * lb[i]!) : Math.pow(x[i]!, k);
    return o;
  };
}


const constant = (k: number): CNode => ({ vec: false, s: () => k, k });

/**
 * Algebraic identities that symbolic differentiation leaves behind (x·1, x+0, x^1, 0−x, ...):
 * dropping them saves whole vector passes per evaluation. Only identities exact in IEEE
 * arithmetic for finite x are used (x·0 is not folded: it would turn NaN/∞ into 0).
 */
function identity(op: string, l: CNode, r: CNode): CNode | undefined {
  const lk = l.vec ? undefined : l.k;
  const rk = r.vec ? undefined : r.k;
  switch (op) {
    case 'multiply':
      if (lk === 1) return r;
      if (rk === 1) return l;
      return undefined;
    case 'add':
      if (lk === 0) return r;
      if (rk === 0) return l;
      return undefined;
    case 'subtract':
      return rk === 0 ? l : undefined;
    case 'divide':
    case 'pow':
      return rk === 1 ? l : undefined;
    default:
      return undefined;
  }
}

/** A compiled expression over m observations. */
export type VectorProgram = {
  /** True when the value depends on the data (otherwise every row has the same value). */
  readonly dependsOnData: boolean;
  /**
   * Evaluate into `out` (length m). `cols` are the predictor columns in variable order, `p` the
   * parameter values in parameter order.
   */
  evaluate(p: Float64Array, cols: readonly Float64Array[], m: number, out: Float64Array): void;
};

const UNARY: Record<string, (a: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  abs: Math.abs,
  sign: Math.sign,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  square: (a) => a * a,
  cube: (a) => a * a * a,
  sec: (a) => 1 / Math.cos(a),
  csc: (a) => 1 / Math.sin(a),
  cot: (a) => 1 / Math.tan(a),
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
};

/** mathjs mod: x − y·floor(x/y), and mod(x, 0) = x. */
const mod = (a: number, b: number): number => (b === 0 ? a : a - b * Math.floor(a / b));

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: Math.pow,
  mod,
  atan2: Math.atan2,
  min: Math.min,
  max: Math.max,
  log: (a, b) => Math.log(a) / Math.log(b),
};

function buffer(): (m: number) => Float64Array {
  let buf = new Float64Array(0);
  return (m) => (buf.length === m ? buf : (buf = new Float64Array(m)));
}

function unaryVec(fname: string, a: VectorFn): VectorFn {
  const get = buffer();
  if (fname === 'unaryMinus') {
    return (p, c, m) => {
      const x = a(p, c, m);
      const o = get(m);
      for (let i = 0; i < m; i++) o[i] = -x[i]!;
      return o;
    };
  }
  if (fname === 'exp') {
    return (p, c, m) => {
      const x = a(p, c, m);
      const o = get(m);
      for (let i = 0; i < m; i++) o[i] = Math.exp(x[i]!);
      return o;
    };
  }
  const f = UNARY[fname]!;
  return (p, c, m) => {
    const x = a(p, c, m);
    const o = get(m);
    for (let i = 0; i < m; i++) o[i] = f(x[i]!);
    return o;
  };
}

function binaryVec(op: string, l: CNode, r: CNode): VectorFn {
  const get = buffer();
  // Specialised loops for the four arithmetic operators: they dominate model evaluation time.
  if (l.vec && r.vec) {
    const a = l.v;
    const b = r.v;
    switch (op) {
      case 'add':
        return (p, c, m) => { const x = a(p, c, m), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! + y[i]!; return o; };
      case 'subtract':
        return (p, c, m) => { const x = a(p, c, m), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! - y[i]!; return o; };
      case 'multiply':
        return (p, c, m) => { const x = a(p, c, m), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! * y[i]!; return o; };
      case 'divide':
        return (p, c, m) => { const x = a(p, c, m), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! / y[i]!; return o; };
      default: {
        const f = BINARY[op]!;
        return (p, c, m) => { const x = a(p, c, m), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = f(x[i]!, y[i]!); return o; };
      }
    }
  }
  if (l.vec && !r.vec) {
    const a = l.v;
    const s = r.s;
    switch (op) {
      case 'add':
        return (p, c, m) => { const x = a(p, c, m), k = s(p), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! + k; return o; };
      case 'subtract':
        return (p, c, m) => { const x = a(p, c, m), k = s(p), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! - k; return o; };
      case 'multiply':
        return (p, c, m) => { const x = a(p, c, m), k = s(p), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! * k; return o; };
      case 'divide':
        return (p, c, m) => { const x = a(p, c, m), k = s(p), o = get(m); for (let i = 0; i < m; i++) o[i] = x[i]! / k; return o; };
      case 'pow':
        return (p, c, m) => {
          const x = a(p, c, m), k = s(p), o = get(m);
          if (k === 2) for (let i = 0; i < m; i++) o[i] = x[i]! * x[i]!;
          else if (k === 3) for (let i = 0; i < m; i++) o[i] = x[i]! * x[i]! * x[i]!;
          else if (k === 0.5) for (let i = 0; i < m; i++) o[i] = Math.sqrt(x[i]!);
          else if (k === -1) for (let i = 0; i < m; i++) o[i] = 1 / x[i]!;
          else if (Number.isInteger(k)) for (let i = 0; i < m; i++) o[i] = Math.pow(x[i]!, k);
          else {
            // Non-integer exponent: exp(k·ln x) is 2–3× faster than Math.pow in V8 and within a few
            // ulps of it (relative error ≈ |k ln x|·ε); x ≤ 0 goes to Math.pow for its exact
            // special cases (0^k, NaN for negative bases).
            for (let i = 0; i < m; i++) {
              const xi = x[i]!;
              o[i] = xi > 0 ? Math.exp(k * Math.log(xi)) : Math.pow(xi, k);
            }
          }
          return o;
        };
      default: {
        const f = BINARY[op]!;
        return (p, c, m) => { const x = a(p, c, m), k = s(p), o = get(m); for (let i = 0; i < m; i++) o[i] = f(x[i]!, k); return o; };
      }
    }
  }
  // scalar ∘ vector
  const s = (l as { s: ScalarFn }).s;
  const b = (r as { v: VectorFn }).v;
  switch (op) {
    case 'add':
      return (p, c, m) => { const k = s(p), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = k + y[i]!; return o; };
    case 'subtract':
      return (p, c, m) => { const k = s(p), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = k - y[i]!; return o; };
    case 'multiply':
      return (p, c, m) => { const k = s(p), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = k * y[i]!; return o; };
    case 'divide':
      return (p, c, m) => { const k = s(p), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = k / y[i]!; return o; };
    default: {
      const f = BINARY[op]!;
      return (p, c, m) => { const k = s(p), y = b(p, c, m), o = get(m); for (let i = 0; i < m; i++) o[i] = f(k, y[i]!); return o; };
    }
  }
}

type Ctx = {
  params: ReadonlyMap<string, number>;
  vars: ReadonlyMap<string, number>;
  /** All parameter indices (dependency of a non-constant scalar). */
  all: number[];
  /** Compiled vector sub-expressions by their text: common sub-expression sharing. */
  cache: Map<string, CNode>;
};

function compileNode(n: MathNode, ctx: Ctx): CNode {
  if (n.type === 'OperatorNode' || n.type === 'FunctionNode' || n.type === 'ParenthesisNode') {
    const key = n.toString();
    const hit = ctx.cache.get(key);
    if (hit) return hit;
    const c = compileUncached(n, ctx);
    if (c.vec) ctx.cache.set(key, c);
    return c;
  }
  return compileUncached(n, ctx);
}

function compileUncached(n: MathNode, ctx: Ctx): CNode {
  switch (n.type) {
    case 'ConstantNode':
      return constant((n as unknown as { value: number }).value);
    case 'SymbolNode': {
      const name = (n as unknown as { name: string }).name;
      const vi = ctx.vars.get(name);
      if (vi !== undefined) return { vec: true, v: (_p, c) => c[vi]!, deps: [] };
      const pi = ctx.params.get(name);
      if (pi !== undefined) return { vec: false, s: (p) => p[pi]! };
      const k = CONSTANTS[name];
      if (k !== undefined) return constant(k);
      throw new Error(`unknown symbol ${name}`);
    }
    case 'ParenthesisNode':
      return compileNode((n as unknown as { content: MathNode }).content, ctx);
    case 'OperatorNode':
    case 'FunctionNode': {
      let fname: string;
      const args = (n as unknown as { args: MathNode[] }).args;
      if (n.type === 'OperatorNode') fname = (n as unknown as { fn: string }).fn;
      else fname = (n as unknown as { fn: { name: string } }).fn.name;
      if (args.length === 1) {
        const a = compileNode(args[0]!, ctx);
        const f = UNARY[fname];
        if (!f) throw new Error(`unsupported function ${fname}`);
        if (!a.vec && a.k !== undefined) return constant(f(a.k));
        return a.vec ? vecNode(unaryVec(fname, a.v), a.deps) : { vec: false, s: (p) => f(a.s(p)) };
      }
      if (args.length === 2) {
        const op = fname;
        const f = BINARY[op];
        if (!f) throw new Error(`unsupported function ${fname}`);
        const l = compileNode(args[0]!, ctx);
        const r = compileNode(args[1]!, ctx);
        if (!l.vec && !r.vec && l.k !== undefined && r.k !== undefined) return constant(f(l.k, r.k));
        const same = identity(op, l, r);
        if (same) return same;
        if (!l.vec && !r.vec) return { vec: false, s: (p) => f(l.s(p), r.s(p)) };
        const deps = union(depsOf(l, ctx.all), depsOf(r, ctx.all));
        const generic = binaryVec(op, l, r);
        if (op === 'pow' && l.vec && l.deps.length === 0 && !r.vec) return vecNode(powDataBase(l.v, r.s, generic), deps);
        return vecNode(generic, deps);
      }
      throw new Error(`unsupported arity for ${fname}`);
    }
    default:
      throw new Error(`unsupported node ${n.type}`);
  }
}

/** A compile cache shared by the programs of one model (value and partial derivatives). */
export type CompileCache = Map<string, unknown>;

/** Compile a validated tree. Throws only on trees that `parseModel` would have rejected. */
export function compileVector(
  node: MathNode,
  parameters: readonly string[],
  variables: readonly string[],
  cache: CompileCache = new Map(),
): VectorProgram {
  const ctx: Ctx = {
    params: new Map(parameters.map((p, i) => [p, i] as const)),
    vars: new Map(variables.map((v, i) => [v, i] as const)),
    all: parameters.map((_, i) => i),
    cache: cache as Map<string, CNode>,
  };
  const c = compileNode(node, ctx);
  if (c.vec) {
    const v = c.v;
    return {
      dependsOnData: true,
      evaluate(p, cols, m, out) {
        const r = v(p, cols, m);
        out.set(r.length === m ? r : r.subarray(0, m));
      },
    };
  }
  const s = c.s;
  return {
    dependsOnData: false,
    evaluate(p, _cols, m, out) {
      out.fill(s(p), 0, m);
    },
  };
}
