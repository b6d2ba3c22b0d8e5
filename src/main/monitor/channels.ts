import { compileExpression, readPath, type CompiledExpression } from '#shared/expr/index';
import type { DecodedMessage } from '#shared/messages';
import type { Channel } from '#shared/rpc/domains/monitor';

/** A channel with its compiled binding and per-channel runtime state. */
export interface BoundChannel {
  config: Channel;
  series: number;
  path?: string[];
  expr?: CompiledExpression;
  lastKeptT: number;
  latest?: { t: number; v: number };
  lastError?: string;
}

/** Compiles a channel binding; throws an Error with code VALIDATION naming the problem. */
export function compileBinding(config: Channel): Pick<BoundChannel, 'path' | 'expr'> {
  if (config.binding.kind === 'field') return { path: config.binding.fieldPath.split('.') };
  const compiled = compileExpression(config.binding.expression);
  if (!compiled.ok) throw Object.assign(new Error(`Channel '${config.id}': expression ${compiled.error.message}`), { code: 'VALIDATION' });
  return { expr: compiled };
}

/** Numeric value of a decoded field: numbers, booleans (1/0) and bigints; anything else is undefined. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Evaluates a channel against one decoded message: a number, or an error text. */
export function sampleOf(ch: BoundChannel, msg: DecodedMessage): { v: number } | { error: string } {
  if (ch.path) {
    const raw = readPath(msg.fields, ch.path);
    const v = numericValue(raw);
    if (v === undefined) return { error: raw === undefined ? `field '${ch.path.join('.')}' missing in ${msg.sourceId}/${msg.schemaId}` : `field '${ch.path.join('.')}' is not numeric` };
    return { v };
  }
  if (ch.expr) {
    const r = ch.expr.evaluate(msg.fields);
    if (!r.ok) return { error: r.error.message };
    const v = numericValue(r.value);
    return v === undefined ? { error: 'expression result is not numeric' } : { v };
  }
  return { error: 'no binding' };
}

/** Flattens numeric/boolean fields into dotted paths (for the binding picker). */
export function flattenNumeric(fields: Record<string, unknown>, prefix = '', out: Array<[string, number]> = [], depth = 0): Array<[string, number]> {
  if (depth > 4) return out;
  for (const [key, value] of Object.entries(fields)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const v = numericValue(value);
    if (v !== undefined) out.push([path, v]);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) flattenNumeric(value as Record<string, unknown>, path, out, depth + 1);
  }
  return out;
}
