import type { DecodedValue } from '#shared/frame/result';

/**
 * Decoded values as JSON: bigints (64-bit integers beyond 2^53) become decimal strings; every
 * other decoded value is already JSON-safe. Non-finite floats become strings ("NaN", "Infinity")
 * because JSON has no literal for them.
 */
export function toJsonValue(value: DecodedValue | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

export function toJsonFields(fields: Record<string, DecodedValue>): Record<string, unknown> {
  return toJsonValue(fields) as Record<string, unknown>;
}
