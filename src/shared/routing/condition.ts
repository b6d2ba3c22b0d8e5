/**
 * Route conditions: restricted expressions compiled to predicates, plus the formatting dry runs
 * use to explain a false condition ("flow_rate > 400 (flow_rate=312.5)").
 */
import { compileExpression, readPath, type CompiledExpression } from '../expr/index';
import type { Fields } from './transforms';

/** Outcome of testing a condition against one message. */
export type ConditionOutcome = { ok: true; value: boolean } | { ok: false; message: string };

/** A compiled route condition. */
export type CompiledCondition = {
  /** The expression text. */
  source: string;
  /** Fields the condition reads (dotted paths). */
  variables: readonly string[];
  /** True when the expression is true or a non-zero number. Never throws. */
  test(fields: Fields): ConditionOutcome;
};

/** Compiles a condition; string-valued expressions are rejected (a condition must be boolean or numeric). */
export function compileCondition(text: string): { ok: true; condition: CompiledCondition } | { ok: false; message: string } {
  const c = compileExpression(text);
  if (!c.ok) return { ok: false, message: c.error.message };
  if (c.resultType === 'string') return { ok: false, message: 'a condition must be true/false or a number, not a string' };
  const expr: CompiledExpression = c;
  const test = (fields: Fields): ConditionOutcome => {
    const r = expr.evaluate(fields);
    if (!r.ok) return { ok: false, message: r.error.message };
    const v = r.value;
    if (typeof v === 'boolean') return { ok: true, value: v };
    if (typeof v === 'number') return { ok: true, value: v !== 0 };
    return { ok: false, message: `condition evaluated to a string ('${v}'), expected true/false` };
  };
  return { ok: true, condition: { source: c.source, variables: c.variables, test } };
}

const MAX_SHOWN_VARIABLES = 8;
const MAX_VALUE_CHARS = 40;

/** A short, readable rendering of one field value for diagnostics. */
export function formatValue(v: unknown): string {
  let s: string;
  if (v === undefined) s = 'missing';
  else if (typeof v === 'string') s = `'${v}'`;
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) s = String(v);
  else s = typeof v === 'object' ? '{…}' : typeof v;
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

/** `name=value` pairs for the variables a condition reads, e.g. `flow_rate=312.5, mode='auto'`. */
export function describeVariables(fields: Fields, variables: readonly string[]): string {
  const shown = variables.slice(0, MAX_SHOWN_VARIABLES).map((name) => `${name}=${formatValue(readPath(fields, name.split('.'), name))}`);
  if (variables.length > MAX_SHOWN_VARIABLES) shown.push(`+${variables.length - MAX_SHOWN_VARIABLES} more`);
  return shown.join(', ');
}
