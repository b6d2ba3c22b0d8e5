/**
 * Public types of the restricted expression language (see docs/expressions.md).
 */

/** A value an expression can produce or read: numbers, booleans and strings (enum labels only). */
export type ExprValue = number | boolean | string;

/**
 * Variables visible to an expression. Keys are field names; values are numbers, booleans,
 * strings, bigints (converted to number) or nested records reached with dot access (`status.pump_running`).
 * A flat key containing dots (`"status.pump_running"`) is also found by the same dotted path.
 */
export type ExprScope = Readonly<Record<string, unknown>>;

/** Why compiling or evaluating an expression failed. */
export type ExprErrorCode =
  /** The text is not a valid expression (mathjs parser error). */
  | 'syntax'
  /** The text exceeds MAX_EXPRESSION_LENGTH characters. */
  | 'too-long'
  /** Nesting exceeds MAX_EXPRESSION_DEPTH levels. */
  | 'too-deep'
  /** A construct outside the language: assignments, matrices, ranges, units, bitwise operators, ... */
  | 'unsupported'
  /** A call to a function that is not on the whitelist. */
  | 'unknown-function'
  /** A name that is neither a constant nor one of the declared variables. */
  | 'unknown-variable'
  /** A whitelisted function called with the wrong number of arguments. */
  | 'arity'
  /** An operand of the wrong type, e.g. a string in arithmetic. */
  | 'type'
  /** At evaluation: a referenced variable is absent from the scope (or null/undefined). */
  | 'missing-variable'
  /** At evaluation: the numeric result is NaN or infinite. */
  | 'not-finite';

/** A compile or evaluation error. `position` is a 0-based character index into the source. */
export type ExprError = {
  code: ExprErrorCode;
  /** Human-readable, ends with "at <position>" when the position is known. */
  message: string;
  /** 0-based character index of the offending token in the source text (0 when unknown). */
  position: number;
};

/** Result of evaluating a compiled expression. Evaluation never throws. */
export type EvalResult = { ok: true; value: ExprValue } | { ok: false; error: ExprError };

/** Options for compileExpression. */
export type CompileOptions = {
  /**
   * Declared variable names. When given, any other name is a compile error ('unknown-variable').
   * A dotted reference `a.b.c` is accepted when `a`, `a.b` or `a.b.c` is declared.
   * A declared name shadows the constants `pi` and `e`. When omitted, every name is a free variable.
   */
  variables?: readonly string[];
};

/** Static type inferred at compile time; 'any' when it depends on variable values. */
export type ExprType = 'number' | 'boolean' | 'string' | 'any';

/** A successfully compiled expression: a closure tree, evaluated without mathjs. */
export type CompiledExpression = {
  ok: true;
  /** The original text. */
  source: string;
  /** Referenced variables as dotted paths (`flow_rate`, `status.pump_running`), in order of first use. */
  variables: readonly string[];
  /** Statically known result type ('any' if it depends on variable types). */
  resultType: ExprType;
  /** Evaluate against a scope. Never throws. */
  evaluate(scope: ExprScope): EvalResult;
};

/** A failed compilation. */
export type CompileFailure = { ok: false; source: string; error: ExprError };

/** Result of compileExpression. */
export type CompileResult = CompiledExpression | CompileFailure;
