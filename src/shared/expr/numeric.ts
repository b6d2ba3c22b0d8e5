/**
 * Number semantics shared by operators and functions. They follow mathjs (config relTol 1e-12,
 * absTol 1e-15) so that compiled expressions agree with `math.evaluate` on the same text:
 * comparisons and floor/ceil tolerate floating-point noise (0.1 + 0.2 == 0.3 is true).
 */

/** Relative tolerance used by comparisons (mathjs default config.relTol). */
export const REL_TOL = 1e-12;
/** Absolute tolerance used by comparisons (mathjs default config.absTol). */
export const ABS_TOL = 1e-15;

/** True when a and b are equal within REL_TOL/ABS_TOL (mathjs nearlyEqual). */
export function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** Round half away from zero to `decimals` (0..15) decimals, exact for decimal inputs like 1.005. */
export function roundTo(x: number, decimals = 0): number {
  if (!Number.isFinite(x)) return x;
  const abs = Math.abs(x);
  const text = String(abs);
  let r: number;
  if (text.includes('e')) {
    const f = 10 ** decimals;
    r = Math.round(abs * f) / f;
  } else {
    // Shift the decimal point in the decimal representation instead of multiplying, so that
    // 1.005 rounds to 1.01 (1.005 * 100 is 100.49999999999999 in binary).
    r = Number(`${Math.round(Number(`${text}e${decimals}`))}e-${decimals}`);
  }
  return x < 0 ? -r : r;
}

/** Floor that snaps values within tolerance of an integer to that integer (mathjs floor). */
export function floorTol(x: number): number {
  const f = Math.floor(x);
  const r = roundTo(x);
  if (f === r) return f;
  return nearlyEqual(x, r) && !nearlyEqual(x, f) ? r : f;
}

/** Ceil that snaps values within tolerance of an integer to that integer (mathjs ceil). */
export function ceilTol(x: number): number {
  const c = Math.ceil(x);
  const r = roundTo(x);
  if (c === r) return c;
  return nearlyEqual(x, r) && !nearlyEqual(x, c) ? r : c;
}

/** Modulo with the sign of the divisor; mod(x, 0) = x (mathjs mod). */
export function modFloor(x: number, y: number): number {
  return y === 0 ? x : x - y * floorTol(x / y);
}
