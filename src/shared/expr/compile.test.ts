import fc from 'fast-check';
import { all, create, type FactoryFunctionMap } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { compileExpression, MAX_EXPRESSION_LENGTH, readPath } from './compile';
import type { CompiledExpression, EvalResult, ExprScope } from './types';

// Reference: plain mathjs in predictable mode (NaN instead of complex results), as documented.
const reference = create(all as FactoryFunctionMap, { predictable: true });
const mathEvaluate = (text: string, scope: Record<string, unknown>): unknown => reference.evaluate(text, scope);

function compiled(text: string, variables?: string[]): CompiledExpression {
  const r = compileExpression(text, variables ? { variables } : {});
  if (!r.ok) throw new Error(`expected '${text}' to compile: ${r.error.message}`);
  return r;
}

function value(text: string, scope: ExprScope = {}): unknown {
  const r = compiled(text).evaluate(scope);
  if (!r.ok) throw new Error(`expected '${text}' to evaluate: ${r.error.message}`);
  return r.value;
}

function compileError(text: string, variables?: string[]) {
  const r = compileExpression(text, variables ? { variables } : {});
  if (r.ok) throw new Error(`expected '${text}' to be rejected`);
  return r.error;
}

describe('compileExpression: language', () => {
  it('evaluates arithmetic with mathjs precedence', () => {
    expect(value('1 + 2 * 3 ^ 2')).toBe(19);
    expect(value('-2 ^ 2')).toBe(-4);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('7 % 3')).toBe(1);
    expect(value('-7 mod 3')).toBe(2);
    expect(value('50%')).toBe(0.5);
    expect(value('2pi')).toBeCloseTo(2 * Math.PI);
    expect(value('+3')).toBe(3);
  });

  it('supports comparisons with mathjs tolerance, chained comparisons and logic', () => {
    expect(value('0.1 + 0.2 == 0.3')).toBe(true);
    expect(value('0.1 + 0.2 > 0.3')).toBe(false);
    expect(value('1 != 2')).toBe(true);
    expect(value('0 < x < 10', { x: 5 })).toBe(true);
    expect(value('0 < x < 10', { x: 10 })).toBe(false);
    expect(value('true and not false')).toBe(true);
    expect(value('1 xor 1')).toBe(false);
    expect(value('0 or 2')).toBe(true);
  });

  it('short-circuits and/or and the conditional', () => {
    // The right side would fail with a missing variable if evaluated.
    expect(value('false and missing > 1')).toBe(false);
    expect(value('true or missing > 1')).toBe(true);
    expect(value('x > 0 ? 1 : missing', { x: 1 })).toBe(1);
  });

  it('evaluates the whitelisted functions', () => {
    expect(value('abs(-2) + sqrt(16) + min(3, 1, 2) + max(1, 5)')).toBe(2 + 4 + 1 + 5);
    expect(value('pow(2, 10)')).toBe(1024);
    expect(value('log(e)')).toBeCloseTo(1);
    expect(value('log(8, 2)')).toBeCloseTo(3);
    expect(value('log10(1000)')).toBeCloseTo(3);
    expect(value('floor(2.9999999999999996)')).toBe(3);
    expect(value('ceil(1.2)')).toBe(2);
    expect(value('round(-2.5)')).toBe(-3);
    expect(value('round(1.005, 2)')).toBe(1.01);
    expect(value('sign(-4)')).toBe(-1);
    expect(value('hypot(3, 4)')).toBe(5);
    expect(value('clamp(12, 0, 10)')).toBe(10);
    expect(value('clamp(-1, 0, 10)')).toBe(0);
    expect(value('fix(-2.7)')).toBe(-2);
    expect(value('sin(0) + cos(0) + tan(0)')).toBe(1);
  });

  it('reads variables, dotted paths, flat dotted keys and bigints', () => {
    expect(value('(discharge_pressure - suction_pressure) * 10.197', { discharge_pressure: 3.5, suction_pressure: 0.5 })).toBeCloseTo(30.591);
    expect(value('status.pump_running', { status: { pump_running: true } })).toBe(true);
    expect(value('status.pump_running', { 'status.pump_running': false })).toBe(false);
    expect(value('a.b.c + 1', { a: { b: { c: 2 } } })).toBe(3);
    expect(value('counter + 1', { counter: 41n })).toBe(42);
    expect(value('pump_running * power', { pump_running: true, power: 5 })).toBe(5);
  });

  it('compares strings for enum labels', () => {
    expect(value('mode == "auto"', { mode: 'auto' })).toBe(true);
    expect(value("mode != 'auto'", { mode: 'manual' })).toBe(true);
    expect(value('x > 1 ? "high" : "low"', { x: 2 })).toBe('high');
  });

  it('defaults missing fields with ??', () => {
    expect(value('flow ?? 0', {})).toBe(0);
    expect(value('flow ?? 0', { flow: 12 })).toBe(12);
    // mathjs binds ?? tighter than unary minus: a negative default needs parentheses.
    expect(value('a.b ?? (-1)', { a: {} })).toBe(-1);
  });

  it('reports referenced variables once, in order, as dotted paths', () => {
    const c = compiled('b + a.x + b * status.pump_running');
    expect(c.variables).toEqual(['b', 'a.x', 'status.pump_running']);
    expect(compiled('pi * e').variables).toEqual([]);
  });

  it('lets declared variables shadow the constants pi and e', () => {
    expect(compiled('e + 1', ['e']).evaluate({ e: 1 })).toEqual({ ok: true, value: 2 });
    expect(value('e')).toBe(Math.E);
  });

  it('folds constant subexpressions and reports static result types', () => {
    expect(compiled('1 + 2').resultType).toBe('number');
    expect(compiled('x > 1').resultType).toBe('boolean');
    expect(compiled('x').resultType).toBe('any');
  });
});

describe('compileExpression: rejections', () => {
  it.each([
    ['import({}, {override: true})', 'unknown-function', "Unknown function 'import' at 0"],
    ['createUnit("foo")', 'unknown-function', "Unknown function 'createUnit' at 0"],
    ['evaluate("1+1")', 'unknown-function', "Unknown function 'evaluate' at 0"],
    ['parse("1")', 'unknown-function', "Unknown function 'parse' at 0"],
    ['simplify("x")', 'unknown-function', "Unknown function 'simplify' at 0"],
    ['derivative("x^2", "x")', 'unknown-function', "Unknown function 'derivative' at 0"],
    ['resolve(x)', 'unknown-function', "Unknown function 'resolve' at 0"],
    ['reviver(1, 2)', 'unknown-function', "Unknown function 'reviver' at 0"],
    ['1 + zeros(1e5, 1e5)', 'unknown-function', "Unknown function 'zeros' at 4"],
    ['f(x) = f(x)', 'unsupported', 'Function definitions are not supported at 5'],
    ['a = 1', 'unsupported', 'Assignments are not supported at 2'],
    ['[1:1e9]', 'unsupported', 'Matrices are not supported at 0'],
    ['1:10', 'unsupported', 'Ranges are not supported at 1'],
    ['{a: 1}', 'unsupported', 'Objects are not supported at 0'],
    ['1; 2', 'unsupported', 'Only a single expression is allowed (no ";" or line breaks) at 1'],
    ['a[1]', 'unsupported', 'Indexing with [] is not supported; use dot access (a.b) at 1'],
    ['a["b"]', 'unsupported', 'Indexing with [] is not supported; use dot access (a.b) at 1'],
    ['a.b(1)', 'unsupported', 'Only calls of whitelisted functions are supported (no method calls) at 3'],
    ['5 cm to inch', 'unsupported', "Operator 'to' is not supported at 5"],
    ['a & b', 'unsupported', "Operator '&' is not supported at 2"],
    ['a << 2', 'unsupported', "Operator '<<' is not supported at 2"],
    ['5!', 'unsupported', "Operator '!' is not supported at 1"],
    ["a'", 'unsupported', "Operator ''' is not supported at 1"],
    ['a && b', 'syntax', "Use 'and' instead of '&&' at 2"],
    ['a || b', 'syntax', "Use 'or' instead of '||' at 2"],
    ['!a', 'syntax', "Use 'not' instead of '!' at 0"],
    ['NaN + 1', 'unsupported', "Constant 'NaN' is not supported at 0"],
    ['null', 'unsupported', "Constant 'null' is not supported at 0"],
    ['"a" + 1', 'type', "Operator '+' expects a number, got a string at 4"],
    ['"a" < "b"', 'type', "Operator '<' cannot compare strings; only == and != can at 4"],
    ['"a" == 1', 'type', "Operator '==' cannot compare a string with a number at 4"],
    ['sqrt(1, 2)', 'arity', "Function 'sqrt' expects 1 argument(s), got 2 at 0"],
    ['max()', 'arity', "Function 'max' expects at least 1 argument(s), got 0 at 0"],
    ['round(1.5, 99)', 'type', 'round: decimals must be an integer 0..15 at 0'],
    ['pi.x', 'unsupported', "Constant 'pi' has no fields at 0"],
    ['1 +', 'syntax', 'Unexpected end of expression at 3'],
    ['   ', 'syntax', 'Expression is empty at 0'],
  ])('rejects %s', (text, code, message) => {
    const error = compileError(text);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('rejects undeclared variables when a variable list is given, accepting dotted children', () => {
    const error = compileError('flow_rate > 400 and foo', ['flow_rate']);
    expect(error).toEqual({ code: 'unknown-variable', message: "Unknown variable 'foo' at 20", position: 20 });
    expect(compileExpression('status.pump_running', { variables: ['status'] }).ok).toBe(true);
    expect(compileExpression('status.pump_running', { variables: ['status.pump_running'] }).ok).toBe(true);
    expect(compileExpression('status', { variables: ['status.pump_running'] }).ok).toBe(false);
  });

  it('bounds length and nesting', () => {
    expect(compileError('1+'.repeat(MAX_EXPRESSION_LENGTH)).code).toBe('too-long');
    expect(compileError(`${'('.repeat(100)}1${')'.repeat(100)}`).code).toBe('too-deep');
    expect(compileError(`${'-'.repeat(500)}1`).code).toBe('too-deep');
    expect(compileError(`${'not '.repeat(300)}1`).code).toBe('too-deep');
  });
});

describe('evaluate: errors are values, never exceptions', () => {
  const errorOf = (r: EvalResult) => (r.ok ? undefined : r.error);

  it('reports missing variables with their position', () => {
    const r = compiled('x + flow_rate').evaluate({ x: 1 });
    expect(errorOf(r)).toEqual({ code: 'missing-variable', message: "Variable 'flow_rate' is not defined at 4", position: 4 });
    expect(errorOf(compiled('x').evaluate({ x: null }))?.code).toBe('missing-variable');
  });

  it('reports type errors for strings in arithmetic and objects as values', () => {
    expect(errorOf(compiled('mode + 1').evaluate({ mode: 'auto' }))?.message).toBe("Operator '+' expects a number, got string 'auto' at 5");
    expect(errorOf(compiled('status + 1').evaluate({ status: { a: 1 } }))?.message).toBe("Variable 'status' is an object; read one of its fields with a dot at 0");
    expect(errorOf(compiled('mode == 1').evaluate({ mode: 'auto' }))?.code).toBe('type');
    expect(errorOf(compiled('mode ? 1 : 2').evaluate({ mode: 'auto' }))?.code).toBe('type');
  });

  it('reports non-finite results', () => {
    expect(errorOf(compiled('1 / x').evaluate({ x: 0 }))?.code).toBe('not-finite');
    expect(errorOf(compiled('sqrt(x)').evaluate({ x: -1 }))?.code).toBe('not-finite');
    // Intermediate infinities are fine.
    expect(compiled('1 / x > 5').evaluate({ x: 0 })).toEqual({ ok: true, value: true });
  });

  it('never reads inherited properties', () => {
    expect(errorOf(compiled('a.constructor').evaluate({ a: {} }))?.code).toBe('missing-variable');
    expect(errorOf(compiled('toString').evaluate({}))?.code).toBe('missing-variable');
    expect(errorOf(compiled('a.__proto__').evaluate({ a: {} }))?.code).toBe('missing-variable');
    expect(readPath({ a: {} }, ['a', 'hasOwnProperty'])).toBeUndefined();
  });

  it('survives hostile scopes', () => {
    const c = compiled('x + 1');
    expect(c.evaluate(null as unknown as ExprScope).ok).toBe(false);
    expect(c.evaluate({ x: Symbol('s') }).ok).toBe(false);
    expect(c.evaluate({ x: () => 1 }).ok).toBe(false);
  });
});

describe('property tests', () => {
  const operatorChars = fc.constantFrom(...'0123456789.+-*/^%()?:<>=!&|~,;[]{}"\' abcexyz_\n\t'.split(''), 'and', 'or', 'not', 'pi', 'sqrt(', 'import(', 'f(x)=', 'a.b', '1e308', '??');

  it('compile never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = compileExpression(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('compile and evaluate never throw on random expression-like strings', () => {
    const scopeArb = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', 'e'), fc.oneof(fc.double(), fc.boolean(), fc.string({ maxLength: 3 }), fc.constant(null), fc.object({ maxDepth: 1 })));
    fc.assert(
      fc.property(fc.array(operatorChars, { maxLength: 40 }).map((parts) => parts.join('')), scopeArb, (text, scope) => {
        const r = compileExpression(text);
        if (r.ok) {
          const out = r.evaluate(scope);
          expect(typeof out.ok).toBe('boolean');
          if (out.ok) expect(['number', 'boolean', 'string']).toContain(typeof out.value);
        } else {
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position).toBeLessThanOrEqual(Math.max(text.length, 1));
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  // Random well-formed expressions over the shared subset; results must match mathjs evaluate.
  // Values within mathjs's absolute tolerance (1e-15) of zero are snapped to zero: mathjs treats
  // them inconsistently between functions (e.g. hypot(-5e-324, 0) is 0 there), we do not copy that.
  const snap = (d: number): number => (Math.abs(d) < 1e-9 ? 0 : d);
  const leaf = fc.oneof(
    fc.integer({ min: -20, max: 20 }).map(String),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => `(${String(snap(d))})`),
    fc.constantFrom('a', 'b', 'c', 'pi', 'e', 'true', 'false'),
  );
  const exprArb = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '==', '!=', '<', '>', '<=', '>=', 'and', 'or', 'xor', '%'), tie('expr')).map(([x, op, y]) => `(${x} ${op} ${y})`),
      tie('expr').map((x) => `(-${x})`),
      tie('expr').map((x) => `(not ${x})`),
      fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
      fc.tuple(fc.constantFrom('abs', 'sqrt', 'exp', 'sin', 'cos', 'floor', 'ceil', 'sign', 'log10'), tie('expr')).map(([f, x]) => `${f}(${x})`),
      fc.tuple(fc.constantFrom('min', 'max', 'hypot'), tie('expr'), tie('expr')).map(([f, x, y]) => `${f}(${x}, ${y})`),
      fc.tuple(tie('expr'), fc.integer({ min: -3, max: 3 })).map(([x, n]) => `(${x}) ^ ${n}`),
    ),
  }));

  it('agrees with mathjs evaluate on the shared subset', () => {
    const numbers = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }).map(snap);
    fc.assert(
      fc.property(exprArb.expr, numbers, numbers, numbers, (text, a, b, c) => {
        const scope = { a, b, c };
        const ours = compileExpression(text);
        expect(ours.ok).toBe(true);
        if (!ours.ok) return;
        let theirs: unknown;
        try {
          theirs = mathEvaluate(text, { ...scope });
        } catch {
          return; // mathjs rejected it (e.g. complex results are not comparable); nothing to compare.
        }
        const r = ours.evaluate(scope);
        if (typeof theirs === 'boolean' && r.ok && typeof r.value === 'number') {
          // mathjs min/max return the winning argument itself, which may be a boolean; we return numbers.
          expect(r.value).toBe(+theirs);
        } else if (typeof theirs === 'boolean') {
          expect(r).toEqual({ ok: true, value: theirs });
        } else if (typeof theirs === 'number' && Number.isFinite(theirs)) {
          expect(r.ok).toBe(true);
          if (r.ok) {
            const v = r.value as number;
            expect(Math.abs(v - theirs)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(theirs)));
          }
        } else if (typeof theirs === 'number') {
          expect(r.ok ? r.value : r.error.code).toBe('not-finite');
        }
      }),
      { numRuns: 3000, seed: 1234 },
    );
  });
});
