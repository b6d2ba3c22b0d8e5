/**
 * Monotonic milliseconds where the host has `performance.now()` (Node and browsers), else `Date.now()`.
 * Read through `globalThis` because `src/shared` is compiled without DOM or Node types.
 */
const perf = (globalThis as { performance?: { now(): number } }).performance;

/** Milliseconds from an arbitrary origin; use differences only. */
export function nowMs(): number {
  return perf ? perf.now() : Date.now();
}
