/**
 * Parsing and validation of user model expressions (mathjs syntax).
 *
 * A model is an arithmetic expression in the predictor(s) `x` (or `x1`, `x2`, ...) and named
 * parameters. Only numbers, symbols, + − × ÷ ^ mod, parentheses and a fixed list of elementary
 * functions are accepted: no assignment, no function definitions, no property access, no
 * matrices, no strings, no `import`/`evaluate` or any other mathjs function outside the list.
 * The expression is parsed once; evaluation uses our own compiled evaluator (vectorEval.ts),
 * with mathjs's own `compile()` kept as the scalar reference it is tested against.
 */
import { parse, type MathNode } from 'mathjs';

/** Elementary functions a user may call, with their accepted argument counts. */
export const ALLOWED_FUNCTIONS: Readonly<Record<string, readonly number[]>> = {
  exp: [1],
  log: [1, 2],
  log10: [1],
  log2: [1],
  sqrt: [1],
  cbrt: [1],
  abs: [1],
  sign: [1],
  sin: [1],
  cos: [1],
  tan: [1],
  asin: [1],
  acos: [1],
  atan: [1],
  atan2: [2],
  sinh: [1],
  cosh: [1],
  tanh: [1],
  pow: [2],
  square: [1],
  cube: [1],
  min: [2],
  max: [2],
  mod: [2],
  // produced by symbolic differentiation of tan/cot/sec/csc; harmless to allow
  sec: [1],
  csc: [1],
  cot: [1],
};

/** Named constants. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod']);

/** Longest accepted expression, characters; bounds parse time and node count. */
export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_NODES = 2000;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type ParsedModel = { ok: true; node: MathNode } | { ok: false; message: string };

/**
 * Parse and validate. `parameters` and `variables` are the only symbols allowed besides pi and e;
 * every parameter must appear in the expression.
 */
export function parseModel(expression: string, parameters: string[], variables: string[]): ParsedModel {
  if (typeof expression !== 'string' || expression.trim() === '') return { ok: false, message: 'The model expression is empty.' };
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, message: `The model expression is longer than ${MAX_EXPRESSION_LENGTH} characters.` };
  }
  for (const name of [...parameters, ...variables]) {
    if (!NAME_RE.test(name)) return { ok: false, message: `"${name}" is not a valid name (letters, digits, underscore).` };
    if (name in CONSTANTS || name in ALLOWED_FUNCTIONS) return { ok: false, message: `"${name}" is a reserved name.` };
  }
  const names = new Set([...parameters, ...variables]);
  if (names.size !== parameters.length + variables.length) return { ok: false, message: 'Parameter and variable names must be distinct.' };
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (e) {
    return { ok: false, message: `The model expression could not be read: ${(e as Error).message}` };
  }
  const used = new Set<string>();
  let count = 0;
  const check = (n: MathNode): string | undefined => {
    if (++count > MAX_NODES) return 'The model expression is too large.';
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: unknown }).value;
        return typeof v === 'number' && Number.isFinite(v) ? undefined : 'Only numeric constants are allowed.';
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (name in CONSTANTS) return undefined;
        if (!names.has(name)) return `Unknown name "${name}": use the parameters (${parameters.join(', ')}) and ${variables.join(', ')}.`;
        used.add(name);
        return undefined;
      }
      case 'ParenthesisNode':
        return check((n as unknown as { content: MathNode }).content);
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; op: string; args: MathNode[] };
        if (!OPERATORS.has(op.fn)) return `The operator "${op.op}" is not allowed in a model.`;
        for (const a of op.args) {
          const err = check(a);
          if (err) return err;
        }
        return undefined;
      }
      case 'FunctionNode': {
        const fnode = n as unknown as { fn: MathNode; args: MathNode[] };
        if (fnode.fn.type !== 'SymbolNode') return 'Only calls of named elementary functions are allowed.';
        const fname = (fnode.fn as unknown as { name: string }).name;
        const arity = ALLOWED_FUNCTIONS[fname];
        if (!arity) return `The function "${fname}" is not allowed in a model.`;
        if (!arity.includes(fnode.args.length)) return `${fname}() takes ${arity.join(' or ')} argument(s).`;
        for (const a of fnode.args) {
          const err = check(a);
          if (err) return err;
        }
        return undefined;
      }
      default:
        return `${n.type.replace(/Node$/, '')} expressions are not allowed in a model (only arithmetic and elementary functions).`;
    }
  };
  const err = check(node);
  if (err) return { ok: false, message: err };
  const unused = parameters.filter((p) => !used.has(p));
  if (unused.length > 0) return { ok: false, message: `Parameter(s) ${unused.join(', ')} do not appear in the model.` };
  return { ok: true, node };
}

/** True when the expression refers to a predictor variable somewhere under `n`. */
export function dependsOn(n: MathNode, names: ReadonlySet<string>): boolean {
  let found = false;
  n.traverse((c) => {
    if (c.type === 'SymbolNode' && names.has((c as unknown as { name: string }).name)) found = true;
  });
  return found;
}
