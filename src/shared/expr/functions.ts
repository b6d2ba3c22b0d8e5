/**
 * The function whitelist. Every function takes and returns plain numbers; booleans are passed
 * as 0/1 by the compiler. Anything not listed here is rejected at compile time.
 */
import { ceilTol, floorTol, modFloor, nearlyEqual, roundTo } from './numeric';

/** One whitelisted function. */
export type FunctionSpec = {
  /** Minimum number of arguments. */
  minArgs: number;
  /** Maximum number of arguments (Infinity for variadic). */
  maxArgs: number;
  /** Implementation over numbers. Throws RangeError for invalid arguments (reported as a type error). */
  impl: (...args: number[]) => number;
  /** One-line description for docs and UI help. */
  doc: string;
};

function roundFn(x: number, decimals?: number): number {
  const n = decimals ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 15) throw new RangeError('round: decimals must be an integer 0..15');
  return roundTo(x, n);
}

// min/max keep the earlier argument when two are equal within tolerance, like mathjs.
function minFn(...xs: number[]): number {
  let m = xs[0] as number;
  for (const x of xs) {
    if (Number.isNaN(x)) return NaN;
    if (x < m && !nearlyEqual(x, m)) m = x;
  }
  return m;
}

function maxFn(...xs: number[]): number {
  let m = xs[0] as number;
  for (const x of xs) {
    if (Number.isNaN(x)) return NaN;
    if (x > m && !nearlyEqual(x, m)) m = x;
  }
  return m;
}

function clampFn(x: number, lo: number, hi: number): number {
  if (lo > hi) throw new RangeError('clamp: lower bound is greater than upper bound');
  return x < lo ? lo : x > hi ? hi : x;
}

/** Whitelisted functions by name. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.freeze({
  abs: { minArgs: 1, maxArgs: 1, impl: Math.abs, doc: 'absolute value' },
  sqrt: { minArgs: 1, maxArgs: 1, impl: Math.sqrt, doc: 'square root (NaN for negative input)' },
  cbrt: { minArgs: 1, maxArgs: 1, impl: Math.cbrt, doc: 'cube root' },
  min: { minArgs: 1, maxArgs: Infinity, impl: minFn, doc: 'smallest argument' },
  max: { minArgs: 1, maxArgs: Infinity, impl: maxFn, doc: 'largest argument' },
  clamp: { minArgs: 3, maxArgs: 3, impl: clampFn, doc: 'clamp(x, lo, hi): x limited to [lo, hi]' },
  pow: { minArgs: 2, maxArgs: 2, impl: Math.pow, doc: 'pow(x, y) = x ^ y' },
  exp: { minArgs: 1, maxArgs: 1, impl: Math.exp, doc: 'e ^ x' },
  log: {
    minArgs: 1,
    maxArgs: 2,
    impl: (x: number, base?: number) => (base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)),
    doc: 'natural logarithm; log(x, base) for another base',
  },
  log10: { minArgs: 1, maxArgs: 1, impl: Math.log10, doc: 'base-10 logarithm' },
  log2: { minArgs: 1, maxArgs: 1, impl: Math.log2, doc: 'base-2 logarithm' },
  sin: { minArgs: 1, maxArgs: 1, impl: Math.sin, doc: 'sine (radians)' },
  cos: { minArgs: 1, maxArgs: 1, impl: Math.cos, doc: 'cosine (radians)' },
  tan: { minArgs: 1, maxArgs: 1, impl: Math.tan, doc: 'tangent (radians)' },
  asin: { minArgs: 1, maxArgs: 1, impl: Math.asin, doc: 'arcsine (radians)' },
  acos: { minArgs: 1, maxArgs: 1, impl: Math.acos, doc: 'arccosine (radians)' },
  atan: { minArgs: 1, maxArgs: 1, impl: Math.atan, doc: 'arctangent (radians)' },
  atan2: { minArgs: 2, maxArgs: 2, impl: Math.atan2, doc: 'atan2(y, x) (radians)' },
  floor: { minArgs: 1, maxArgs: 1, impl: floorTol, doc: 'round down (values within 1e-12 of an integer snap to it)' },
  ceil: { minArgs: 1, maxArgs: 1, impl: ceilTol, doc: 'round up (values within 1e-12 of an integer snap to it)' },
  round: { minArgs: 1, maxArgs: 2, impl: roundFn, doc: 'round(x) or round(x, decimals): half away from zero' },
  fix: { minArgs: 1, maxArgs: 1, impl: Math.trunc, doc: 'round toward zero' },
  sign: { minArgs: 1, maxArgs: 1, impl: Math.sign, doc: '-1, 0 or 1' },
  hypot: { minArgs: 1, maxArgs: Infinity, impl: Math.hypot, doc: 'square root of the sum of squares' },
  mod: { minArgs: 2, maxArgs: 2, impl: modFloor, doc: 'mod(x, y): remainder with the sign of y (same as x % y)' },
});

/** True when `name` is a whitelisted function. */
export function isWhitelistedFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
