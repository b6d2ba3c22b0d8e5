/**
 * Seeded pseudo-random numbers for reproducible optimization runs.
 *
 * xoshiro128** (Blackman & Vigna) on 32-bit integers, seeded through SplitMix32 so that nearby
 * seeds (0, 1, 2, ...) give unrelated streams. Pure: the state lives in the returned object only.
 */

/** A seeded random stream. Same seed, same sequence, on every platform. */
export type Rng = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (mean 0, sd 1), Box–Muller. */
  normal(): number;
};

function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a stream from an integer seed (any finite number; it is truncated to 32 bits). */
export function createRng(seed: number): Rng {
  const init = splitMix32(Number.isFinite(seed) ? Math.trunc(seed) : 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  // xoshiro must not start from the all-zero state.
  if ((a | b | c | d) === 0) a = 1;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const next = (): number => nextU32() / 4294967296;

  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
