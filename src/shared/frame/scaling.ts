import type { Scaling } from './schema';

/*
 * Engineering conversion shared by the interpreter and (as emitted source) the compiler. Both
 * apply exactly these operations in this order so their results are bit-identical:
 *   value = raw / divisor  (or raw * multiplier),  then + offset when offset is non-zero.
 * A zero offset is skipped because `x + 0` would turn −0 into +0.
 */

/** True when the spec changes the raw value at all. */
export function hasScaling(s: Scaling): boolean {
  return s.divisor !== undefined || s.multiplier !== undefined || (s.offset !== undefined && s.offset !== 0);
}

/** Raw -> engineering value. 64-bit raw values are converted to number first. */
export function toEngineering(raw: number | bigint, s: Scaling): number {
  let v = typeof raw === 'bigint' ? Number(raw) : raw;
  if (s.divisor !== undefined) v = v / s.divisor;
  else if (s.multiplier !== undefined) v = v * s.multiplier;
  if (s.offset !== undefined && s.offset !== 0) v = v + s.offset;
  return v;
}

/** Engineering -> raw value, before rounding and range checks (the inverse operations in reverse order). */
export function fromEngineering(value: number, s: Scaling): number {
  let v = value;
  if (s.offset !== undefined && s.offset !== 0) v = v - s.offset;
  if (s.divisor !== undefined) v = v * s.divisor;
  else if (s.multiplier !== undefined) v = v / s.multiplier;
  return v;
}

/** JS source of `toEngineering` for a raw expression, with constants inlined (used by the compiler). */
export function scalingSource(rawExpr: string, s: Scaling): string {
  let e = rawExpr;
  if (s.divisor !== undefined) e = `(${e} / ${numberLiteral(s.divisor)})`;
  else if (s.multiplier !== undefined) e = `(${e} * ${numberLiteral(s.multiplier)})`;
  if (s.offset !== undefined && s.offset !== 0) e = `(${e} + ${numberLiteral(s.offset)})`;
  return e;
}

/** A finite number as a JS literal that round-trips exactly (negative numbers parenthesised). */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (Object.is(n, -0)) return '(-0)';
  return n < 0 ? `(${String(n)})` : String(n);
}
