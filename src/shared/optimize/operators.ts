/**
 * Variation operators on mixed genomes, written to match DEAP's reference implementations
 * (`cxSimulatedBinaryBounded`, `mutPolynomialBounded`) so results are comparable with published runs.
 */
import type { Rng } from './rng';

/**
 * Simulated binary crossover, bounded (Deb & Agrawal 1995; DEAP's variant): each variable crosses
 * with probability 1/2, children stay inside [lower, upper]. Modifies `a` and `b` in place.
 */
export function sbxBounded(rng: Rng, a: Float64Array, b: Float64Array, lower: readonly number[], upper: readonly number[], eta: number): void {
  for (let i = 0; i < a.length; i++) {
    if (rng.next() > 0.5) continue;
    const ai = a[i]!;
    const bi = b[i]!;
    // Identical parents (up to rounding) have nothing to recombine.
    if (Math.abs(ai - bi) <= 1e-14) continue;
    const x1 = Math.min(ai, bi);
    const x2 = Math.max(ai, bi);
    const xl = lower[i]!;
    const xu = upper[i]!;
    const r = rng.next();
    const c1 = 0.5 * (x1 + x2 - betaQ(r, 1 + (2 * (x1 - xl)) / (x2 - x1), eta) * (x2 - x1));
    const c2 = 0.5 * (x1 + x2 + betaQ(r, 1 + (2 * (xu - x2)) / (x2 - x1), eta) * (x2 - x1));
    const k1 = Math.min(Math.max(c1, xl), xu);
    const k2 = Math.min(Math.max(c2, xl), xu);
    if (rng.next() <= 0.5) {
      a[i] = k2;
      b[i] = k1;
    } else {
      a[i] = k1;
      b[i] = k2;
    }
  }
}

function betaQ(r: number, beta: number, eta: number): number {
  const alpha = 2 - Math.pow(beta, -(eta + 1));
  return r <= 1 / alpha ? Math.pow(r * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - r * alpha), 1 / (eta + 1));
}

/** Polynomial mutation, bounded (Deb & Goyal 1996; DEAP's variant), each variable with probability `pm`. */
export function polynomialMutation(rng: Rng, x: Float64Array, lower: readonly number[], upper: readonly number[], eta: number, pm: number): void {
  const mutPow = 1 / (eta + 1);
  for (let i = 0; i < x.length; i++) {
    if (rng.next() > pm) continue;
    const xl = lower[i]!;
    const xu = upper[i]!;
    if (!(xu > xl)) continue;
    const v = x[i]!;
    const d1 = (v - xl) / (xu - xl);
    const d2 = (xu - v) / (xu - xl);
    const r = rng.next();
    let dq: number;
    if (r < 0.5) {
      const val = 2 * r + (1 - 2 * r) * Math.pow(1 - d1, eta + 1);
      dq = Math.pow(val, mutPow) - 1;
    } else {
      const val = 2 * (1 - r) + 2 * (r - 0.5) * Math.pow(1 - d2, eta + 1);
      dq = 1 - Math.pow(val, mutPow);
    }
    x[i] = Math.min(Math.max(v + dq * (xu - xl), xl), xu);
  }
}

/** Uniform crossover of two bit strings (each position swapped with probability 1/2), in place. */
export function uniformBits(rng: Rng, a: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < a.length; i++) {
    if (rng.next() < 0.5) {
      const t = a[i]!;
      a[i] = b[i]!;
      b[i] = t;
    }
  }
}

/** Flips each bit with probability `pm`, in place. */
export function flipBits(rng: Rng, x: Uint8Array, pm: number): void {
  for (let i = 0; i < x.length; i++) if (rng.next() < pm) x[i] = 1 - x[i]!;
}

/** Uniform random reals within bounds. */
export function randomReals(rng: Rng, lower: readonly number[], upper: readonly number[]): Float64Array {
  return Float64Array.from(lower, (lo, i) => rng.uniform(lo, upper[i]!));
}

/** Uniform random bits. */
export function randomBits(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
}
