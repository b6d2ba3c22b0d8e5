/**
 * Compiles restricted expressions: mathjs parses the text, then one walk over the node tree
 * either rejects it (with a positioned error) or turns it into a tree of plain closures.
 * Evaluating a compiled expression never touches mathjs, `eval` or `new Function`, so it is
 * fast enough for the routing hot path and allowed under a strict CSP.
 */
import type { MathNode } from 'mathjs';
import { FUNCTIONS } from './functions';
import { findCall, findIdentifier, findLiteral, findOperator, firstPositionDeeperThan, tokenize, type Token } from './locate';
import { restrictedParse } from './mathInstance';
import { nearlyEqual, modFloor } from './numeric';
import type { CompileOptions, CompileResult, EvalResult, ExprError, ExprErrorCode, ExprScope, ExprType, ExprValue } from './types';

/** Longest accepted expression text, in characters. Bounds parse time and memory. */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest accepted nesting (brackets and syntax-tree depth). Bounds recursion at parse and evaluation. */
export const MAX_EXPRESSION_DEPTH = 64;
/** Named constants, used unless a declared variable has the same name. */
export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });

type Fn = (scope: ExprScope) => ExprValue;
type NumFn = (scope: ExprScope) => number;
type Compiled = { fn: Fn; type: ExprType; constant: boolean };

/**
 * Internal control flow for evaluation errors. Not an Error subclass on purpose: no stack trace
 * is captured, which keeps failing evaluations (e.g. a missing field on every message) cheap.
 */
class Failure {
  constructor(readonly error: ExprError) {}
}

function fail(code: ExprErrorCode, message: string, position: number | undefined): never {
  const pos = position ?? 0;
  throw new Failure({ code, message: `${message} at ${pos}`, position: pos });
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `string '${v}'`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  if (typeof v === 'number') return `number ${v}`;
  return typeof v;
}

const WORD_OPERATOR: Readonly<Record<string, string>> = { and: 'and', or: 'or', xor: 'xor', not: 'not' };

// Generic mathjs node view: we read fields by name after checking `type`.
type AnyNode = MathNode & Record<string, unknown>;

class Compiler {
  private readonly tokens: Token[];
  private readonly declared: ReadonlySet<string> | undefined;
  readonly variables: string[] = [];

  constructor(
    readonly source: string,
    options: CompileOptions,
  ) {
    this.tokens = tokenize(source);
    this.declared = options.variables ? new Set(options.variables) : undefined;
  }

  /** Checks done on tokens before parsing: nesting bound and hints for C-style operators. */
  precheck(): void {
    const deep = firstPositionDeeperThan(this.tokens, MAX_EXPRESSION_DEPTH);
    if (deep !== undefined) fail('too-deep', `Expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, deep);
    const t = this.tokens;
    for (let k = 0; k < t.length; k++) {
      const cur = t[k] as Token;
      const next = t[k + 1];
      if (cur.text === '&' && next?.text === '&' && next.pos === cur.pos + 1) fail('syntax', "Use 'and' instead of '&&'", cur.pos);
      if (cur.text === '|' && next?.text === '|' && next.pos === cur.pos + 1) fail('syntax', "Use 'or' instead of '||'", cur.pos);
      const prev = t[k - 1];
      const prefix = !prev || (prev.kind === 'op' && prev.text !== ')' && prev.text !== ']' && prev.text !== "'");
      if (cur.text === '!' && prefix) fail('syntax', "Use 'not' instead of '!'", cur.pos);
    }
  }

  build(node: AnyNode, depth: number): Compiled {
    if (depth > MAX_EXPRESSION_DEPTH) fail('too-deep', `Expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, 0);
    switch (node.type) {
      case 'ConstantNode':
        return this.constant(node);
      case 'SymbolNode':
        return this.symbol(node.name as string);
      case 'AccessorNode':
        return this.accessor(node);
      case 'ParenthesisNode':
        return this.build(node.content as AnyNode, depth + 1);
      case 'OperatorNode':
        return this.operator(node, depth);
      case 'RelationalNode':
        return this.relational(node, depth);
      case 'ConditionalNode':
        return this.conditional(node, depth);
      case 'FunctionNode':
        return this.call(node, depth);
      case 'AssignmentNode':
        return fail('unsupported', 'Assignments are not supported', findOperator(this.tokens, '='));
      case 'FunctionAssignmentNode':
        return fail('unsupported', 'Function definitions are not supported', findOperator(this.tokens, '='));
      case 'BlockNode':
        return fail('unsupported', 'Only a single expression is allowed (no ";" or line breaks)', findOperator(this.tokens, ';') ?? findOperator(this.tokens, '\n'));
      case 'ArrayNode':
        return fail('unsupported', 'Matrices are not supported', findOperator(this.tokens, '['));
      case 'ObjectNode':
        return fail('unsupported', 'Objects are not supported', findOperator(this.tokens, '{'));
      case 'RangeNode':
        return fail('unsupported', 'Ranges are not supported', findOperator(this.tokens, ':'));
      case 'IndexNode':
        return fail('unsupported', 'Indexing with [] is not supported; use dot access (a.b)', findOperator(this.tokens, '['));
      default:
        return fail('unsupported', `Unsupported expression element '${String(node.type)}'`, 0);
    }
  }

  private constant(node: AnyNode): Compiled {
    const value = node.value;
    if (typeof value === 'number') {
      if (Number.isNaN(value)) fail('unsupported', "Constant 'NaN' is not supported", findIdentifier(this.tokens, 'NaN'));
      return constantOf(value);
    }
    if (typeof value === 'boolean' || typeof value === 'string') return constantOf(value);
    const name = value === null ? 'null' : 'undefined';
    return fail('unsupported', `Constant '${name}' is not supported`, findIdentifier(this.tokens, name));
  }

  private symbol(name: string): Compiled {
    if (!this.declared?.has(name) && Object.hasOwn(EXPRESSION_CONSTANTS, name)) {
      return constantOf(EXPRESSION_CONSTANTS[name] as number);
    }
    return this.variable([name], findIdentifier(this.tokens, name));
  }

  private accessor(node: AnyNode): Compiled {
    const path: string[] = [];
    let cur: AnyNode = node;
    while (cur.type === 'AccessorNode') {
      const index = cur.index as AnyNode;
      const dims = (index.dimensions ?? []) as AnyNode[];
      const key = dims[0];
      if (!index.dotNotation || dims.length !== 1 || key?.type !== 'ConstantNode' || typeof key.value !== 'string') {
        fail('unsupported', 'Indexing with [] is not supported; use dot access (a.b)', findOperator(this.tokens, '['));
      }
      path.unshift(key.value as string);
      cur = cur.object as AnyNode;
    }
    if (cur.type !== 'SymbolNode') {
      return fail('unsupported', 'Dot access is only supported on variables (a.b)', findOperator(this.tokens, '.'));
    }
    const root = cur.name as string;
    path.unshift(root);
    const pos = findIdentifier(this.tokens, root);
    if (!this.declared?.has(root) && Object.hasOwn(EXPRESSION_CONSTANTS, root)) {
      fail('unsupported', `Constant '${root}' has no fields`, pos);
    }
    return this.variable(path, pos);
  }

  private variable(path: string[], pos: number | undefined): Compiled {
    const dotted = path.join('.');
    if (this.declared) {
      let known = false;
      for (let i = 1; i <= path.length && !known; i++) known = this.declared.has(path.slice(0, i).join('.'));
      if (!known) fail('unknown-variable', `Unknown variable '${dotted}'`, pos);
    }
    if (!this.variables.includes(dotted)) this.variables.push(dotted);
    return { fn: makeLookup(path, dotted, pos ?? 0), type: 'any', constant: false };
  }

  private operator(node: AnyNode, depth: number): Compiled {
    const op = node.op as string;
    const fnName = node.fn as string;
    const args = (node.args as AnyNode[]).map((a) => this.build(a, depth + 1));
    const pos = findOperator(this.tokens, op) ?? 0;
    const [a, b] = args as [Compiled, Compiled | undefined];
    const label = WORD_OPERATOR[op] ?? op;
    switch (fnName) {
      case 'unaryMinus': {
        const x = this.numeric(a, label, pos);
        return fold({ fn: (s) => -x(s), type: 'number', constant: a.constant });
      }
      case 'unaryPlus': {
        const x = this.numeric(a, label, pos);
        return fold({ fn: (s) => +x(s), type: 'number', constant: a.constant });
      }
      case 'not': {
        const x = this.truthy(a, label, pos);
        return fold({ fn: (s) => !x(s), type: 'boolean', constant: a.constant });
      }
      case 'add':
      case 'subtract':
      case 'multiply':
      case 'divide':
      case 'pow':
      case 'mod':
        return this.arithmetic(fnName, a, b as Compiled, label, pos);
      case 'equal':
      case 'unequal':
      case 'smaller':
      case 'larger':
      case 'smallerEq':
      case 'largerEq': {
        const cmp = this.comparison(fnName, a, b as Compiled, label, pos);
        const x = a.fn;
        const y = (b as Compiled).fn;
        return fold({ fn: (s) => cmp(x(s), y(s)), type: 'boolean', constant: a.constant && (b as Compiled).constant });
      }
      case 'and':
      case 'or':
      case 'xor':
        return this.logical(fnName, a, b as Compiled, label, pos);
      case 'nullish':
        return this.nullish(a, b as Compiled);
      default:
        return fail('unsupported', `Operator '${op}' is not supported`, pos);
    }
  }

  private arithmetic(fnName: string, a: Compiled, b: Compiled, label: string, pos: number): Compiled {
    const x = this.numeric(a, label, pos);
    const y = this.numeric(b, label, pos);
    let fn: Fn;
    switch (fnName) {
      case 'add':
        fn = (s) => x(s) + y(s);
        break;
      case 'subtract':
        fn = (s) => x(s) - y(s);
        break;
      case 'multiply':
        fn = (s) => x(s) * y(s);
        break;
      case 'divide':
        fn = (s) => x(s) / y(s);
        break;
      case 'pow':
        fn = (s) => Math.pow(x(s), y(s));
        break;
      default:
        fn = (s) => modFloor(x(s), y(s));
    }
    return fold({ fn, type: 'number', constant: a.constant && b.constant });
  }

  private comparison(fnName: string, a: Compiled, b: Compiled, label: string, pos: number): (x: ExprValue, y: ExprValue) => boolean {
    const ordering = fnName !== 'equal' && fnName !== 'unequal';
    const stringSide = a.type === 'string' || b.type === 'string';
    if (ordering && stringSide) fail('type', `Operator '${label}' cannot compare strings; only == and != can`, pos);
    if (stringSide && a.type !== 'any' && b.type !== 'any' && a.type !== b.type) {
      fail('type', `Operator '${label}' cannot compare a ${a.type} with a ${b.type}`, pos);
    }
    // Comparisons run on every routed message: no allocation on the number/number path.
    const bad = (x: ExprValue, y: ExprValue): never => {
      const what = typeof x === 'string' && typeof y === 'string' ? 'strings; only == and != can' : `${describe(x)} with ${describe(y)}`;
      return fail('type', `Operator '${label}' cannot compare ${what}`, pos);
    };
    const eq = (x: ExprValue, y: ExprValue): boolean => {
      if (typeof x === 'number' && typeof y === 'number') return nearlyEqual(x, y);
      if (typeof x === 'string' || typeof y === 'string') return typeof x === typeof y ? x === y : bad(x, y);
      return nearlyEqual(+x, +y);
    };
    const lt = (p: number, q: number): boolean => p < q && !nearlyEqual(p, q);
    const le = (p: number, q: number): boolean => p <= q || nearlyEqual(p, q);
    const num = (v: ExprValue, other: ExprValue): number => (typeof v === 'string' ? bad(v, other) : +v);
    switch (fnName) {
      case 'equal':
        return eq;
      case 'unequal':
        return (x, y) => !eq(x, y);
      case 'smaller':
        return (x, y) => (typeof x === 'number' && typeof y === 'number' ? lt(x, y) : lt(num(x, y), num(y, x)));
      case 'larger':
        return (x, y) => (typeof x === 'number' && typeof y === 'number' ? lt(y, x) : lt(num(y, x), num(x, y)));
      case 'smallerEq':
        return (x, y) => (typeof x === 'number' && typeof y === 'number' ? le(x, y) : le(num(x, y), num(y, x)));
      default:
        return (x, y) => (typeof x === 'number' && typeof y === 'number' ? le(y, x) : le(num(y, x), num(x, y)));
    }
  }

  private logical(fnName: string, a: Compiled, b: Compiled, label: string, pos: number): Compiled {
    const x = this.truthy(a, label, pos);
    const y = this.truthy(b, label, pos);
    let fn: Fn;
    // and/or short-circuit, like mathjs: `x > 0 and 10 / x > 1` never divides by zero.
    if (fnName === 'and') fn = (s) => x(s) && y(s);
    else if (fnName === 'or') fn = (s) => x(s) || y(s);
    else fn = (s) => x(s) !== y(s);
    return fold({ fn, type: 'boolean', constant: a.constant && b.constant });
  }

  private nullish(a: Compiled, b: Compiled): Compiled {
    const x = a.fn;
    const y = b.fn;
    // A missing variable on the left is the "null" case: `flow ?? 0` defaults an absent field.
    const fn: Fn = (s) => {
      try {
        return x(s);
      } catch (e) {
        if (e instanceof Failure && e.error.code === 'missing-variable') return y(s);
        throw e;
      }
    };
    const type: ExprType = a.type === b.type ? a.type : 'any';
    return { fn: a.constant ? x : fn, type, constant: a.constant };
  }

  private relational(node: AnyNode, depth: number): Compiled {
    const params = (node.params as AnyNode[]).map((p) => this.build(p, depth + 1));
    const conds = node.conditionals as string[];
    const OPS: Record<string, string> = { equal: '==', unequal: '!=', smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=' };
    const cmps = conds.map((c, i) => {
      const op = OPS[c];
      if (op === undefined) return fail('unsupported', `Comparison '${c}' is not supported`, 0);
      return this.comparison(c, params[i] as Compiled, params[i + 1] as Compiled, op, findOperator(this.tokens, op) ?? 0);
    });
    const fns = params.map((p) => p.fn);
    const fn: Fn = (s) => {
      let left = (fns[0] as Fn)(s);
      for (let i = 0; i < cmps.length; i++) {
        const right = (fns[i + 1] as Fn)(s);
        if (!(cmps[i] as (x: ExprValue, y: ExprValue) => boolean)(left, right)) return false;
        left = right;
      }
      return true;
    };
    return fold({ fn, type: 'boolean', constant: params.every((p) => p.constant) });
  }

  private conditional(node: AnyNode, depth: number): Compiled {
    const c = this.build(node.condition as AnyNode, depth + 1);
    const t = this.build(node.trueExpr as AnyNode, depth + 1);
    const f = this.build(node.falseExpr as AnyNode, depth + 1);
    const test = this.truthy(c, '?', findOperator(this.tokens, '?') ?? 0);
    const tf = t.fn;
    const ff = f.fn;
    const type: ExprType = t.type === f.type ? t.type : 'any';
    return fold({ fn: (s) => (test(s) ? tf(s) : ff(s)), type, constant: c.constant && t.constant && f.constant });
  }

  private call(node: AnyNode, depth: number): Compiled {
    const callee = node.fn as AnyNode;
    if (callee.type !== 'SymbolNode') {
      return fail('unsupported', 'Only calls of whitelisted functions are supported (no method calls)', findOperator(this.tokens, '('));
    }
    const name = callee.name as string;
    const pos = findCall(this.tokens, name) ?? findIdentifier(this.tokens, name) ?? 0;
    const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!spec) return fail('unknown-function', `Unknown function '${name}'`, pos);
    const rawArgs = node.args as AnyNode[];
    if (rawArgs.length < spec.minArgs || rawArgs.length > spec.maxArgs) {
      const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      fail('arity', `Function '${name}' expects ${expected} argument(s), got ${rawArgs.length}`, pos);
    }
    const args = rawArgs.map((a) => this.build(a, depth + 1));
    const nums = args.map((a) => this.numeric(a, `${name}()`, pos));
    const impl = spec.impl;
    const guarded = (...xs: number[]): number => {
      try {
        return impl(...xs);
      } catch (e) {
        return fail('type', e instanceof Error ? e.message : String(e), pos);
      }
    };
    // Only round and clamp validate their arguments; the Math functions never throw.
    const mayThrow = name === 'round' || name === 'clamp';
    let fn: Fn;
    if (nums.length === 1) {
      const x = nums[0] as NumFn;
      fn = mayThrow ? (s) => guarded(x(s)) : (s) => impl(x(s));
    } else if (nums.length === 2) {
      const x = nums[0] as NumFn;
      const y = nums[1] as NumFn;
      fn = mayThrow ? (s) => guarded(x(s), y(s)) : (s) => impl(x(s), y(s));
    } else {
      fn = (s) => guarded(...nums.map((n) => n(s)));
    }
    return fold({ fn, type: 'number', constant: args.every((a) => a.constant) });
  }

  /** A number-valued closure for an operand: booleans count as 0/1, strings are a type error. */
  private numeric(c: Compiled, label: string, pos: number): NumFn {
    if (c.type === 'string') fail('type', `Operator '${label}' expects a number, got a string`, pos);
    if (c.type === 'number') return c.fn as NumFn;
    const f = c.fn;
    return (s) => {
      const v = f(s);
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      return fail('type', `Operator '${label}' expects a number, got ${describe(v)}`, pos);
    };
  }

  /** A boolean-valued closure for a logical operand: numbers are true when non-zero. */
  private truthy(c: Compiled, label: string, pos: number): (s: ExprScope) => boolean {
    if (c.type === 'string') fail('type', `Operator '${label}' expects a boolean or number, got a string`, pos);
    const f = c.fn;
    if (c.type === 'boolean') return f as (s: ExprScope) => boolean;
    return (s) => {
      const v = f(s);
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
      return fail('type', `Operator '${label}' expects a boolean or number, got ${describe(v)}`, pos);
    };
  }
}

function constantOf(value: ExprValue): Compiled {
  const type: ExprType = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  return { fn: () => value, type, constant: true };
}

/** Evaluates constant subtrees once at compile time; a type error there becomes a compile error. */
function fold(c: Compiled): Compiled {
  if (!c.constant) return c;
  const value = c.fn({});
  return { fn: () => value, type: c.type, constant: true };
}

/** Reads a variable (dotted path) from a scope and normalizes it to an ExprValue, or fails. */
function makeLookup(path: readonly string[], dotted: string, pos: number): Fn {
  const missing = `Variable '${dotted}' is not defined`;
  const normalize = (v: unknown): ExprValue => {
    switch (typeof v) {
      case 'number':
      case 'boolean':
      case 'string':
        return v;
      case 'bigint':
        return Number(v);
      case 'undefined':
        return fail('missing-variable', missing, pos);
      default:
        if (v === null) return fail('missing-variable', missing, pos);
        return fail('type', `Variable '${dotted}' is ${typeof v === 'object' ? 'an object; read one of its fields with a dot' : `a ${typeof v}`}`, pos);
    }
  };
  if (path.length === 1) {
    const key = path[0] as string;
    return (s) => normalize(Object.hasOwn(s, key) ? s[key] : undefined);
  }
  return (s) => normalize(readPath(s, path, dotted));
}

/**
 * Reads a dotted path from a scope without ever touching inherited properties: nested records
 * first (`scope.status.pump_running`), then a flat key (`scope["status.pump_running"]`).
 * Returns undefined when absent. Exported for diagnostics (routing dry runs show values).
 */
export function readPath(scope: ExprScope, path: readonly string[], dotted = path.join('.')): unknown {
  let cur: unknown = scope;
  for (const seg of path) {
    if (cur !== null && typeof cur === 'object' && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      cur = undefined;
      break;
    }
  }
  if (cur === undefined && path.length > 1 && Object.hasOwn(scope, dotted)) cur = scope[dotted];
  return cur;
}

function errorOf(e: unknown, fallbackCode: ExprErrorCode): ExprError {
  if (e instanceof Failure) return e.error;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return { code: 'too-deep', message: 'Expression is nested too deeply at 0', position: 0 };
  }
  const message = e instanceof Error ? e.message : String(e);
  // mathjs SyntaxErrors carry the character index in `char`.
  const char = (e as { char?: unknown } | null)?.char;
  const position = typeof char === 'number' ? Math.max(0, char - 1) : 0;
  const clean = message.replace(/\s*\(char \d+\)\s*$/, '');
  return { code: fallbackCode, message: `${clean} at ${position}`, position };
}

/**
 * Compiles `text` once into an evaluator. Never throws: failures are returned with a message
 * naming the offending element and its 0-based character position, e.g.
 * `Unknown function 'import' at 0`.
 */
export function compileExpression(text: string, options: CompileOptions = {}): CompileResult {
  const source = String(text);
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      source,
      error: { code: 'too-long', message: `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters at ${MAX_EXPRESSION_LENGTH}`, position: MAX_EXPRESSION_LENGTH },
    };
  }
  if (source.trim() === '') return { ok: false, source, error: { code: 'syntax', message: 'Expression is empty at 0', position: 0 } };
  let compiler: Compiler;
  let root: AnyNode;
  try {
    compiler = new Compiler(source, options);
    compiler.precheck();
    root = restrictedParse()(source) as AnyNode;
  } catch (e) {
    return { ok: false, source, error: errorOf(e, 'syntax') };
  }
  let compiled: Compiled;
  try {
    compiled = compiler.build(root, 0);
  } catch (e) {
    return { ok: false, source, error: errorOf(e, 'unsupported') };
  }
  const fn = compiled.fn;
  const evaluate = (scope: ExprScope): EvalResult => {
    try {
      const value = fn(scope);
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return { ok: false, error: { code: 'not-finite', message: `Result is ${value} (not a finite number) at 0`, position: 0 } };
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: errorOf(e, 'type') };
    }
  };
  return { ok: true, source, variables: Object.freeze([...compiler.variables]), resultType: compiled.type, evaluate };
}
