/**
 * Restricted expression language: compile once, evaluate many times without throwing.
 * See docs/expressions.md for the language.
 */
export { compileExpression, readPath, EXPRESSION_CONSTANTS, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './compile';
export { FUNCTIONS, isWhitelistedFunction, type FunctionSpec } from './functions';
export { DISABLED_MATHJS_FUNCTIONS } from './mathInstance';
export type {
  CompileFailure,
  CompileOptions,
  CompileResult,
  CompiledExpression,
  EvalResult,
  ExprError,
  ExprErrorCode,
  ExprScope,
  ExprType,
  ExprValue,
} from './types';
