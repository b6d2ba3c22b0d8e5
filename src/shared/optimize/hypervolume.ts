/**
 * Exact hypervolume of a two-objective point set (both minimized) with respect to a reference
 * point: sort by the first objective, sweep, and add the rectangle each non-dominated point adds.
 * Points not strictly better than the reference in both objectives add nothing.
 */

/** Area dominated by `points` and bounded by `ref`. O(n log n). */
export function hypervolume2d(points: ReadonlyArray<readonly [number, number]>, ref: readonly [number, number]): number {
  const [r1, r2] = ref;
  const pts = points.filter(([a, b]) => a < r1 && b < r2).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let volume = 0;
  let floor = r2;
  for (const [a, b] of pts) {
    if (b < floor) {
      volume += (r1 - a) * (floor - b);
      floor = b;
    }
  }
  return volume;
}
