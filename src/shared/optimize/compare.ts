/**
 * Feasibility-first comparison (Deb 2000): a feasible point beats an infeasible one; two feasible
 * points compare by objective; two infeasible ones by violation. No penalty weight to tune, and
 * the search is pushed towards the feasible set before it optimizes inside it.
 */

/** True when a is strictly better than b. */
export function isBetter(a: { objective: number; violation: number }, b: { objective: number; violation: number }): boolean {
  const fa = a.violation <= 0;
  const fb = b.violation <= 0;
  if (fa && fb) return a.objective < b.objective;
  if (fa !== fb) return fa;
  return a.violation < b.violation;
}

/** Sort comparator, best first. */
export function compareFeasibilityFirst(a: { objective: number; violation: number }, b: { objective: number; violation: number }): number {
  if (isBetter(a, b)) return -1;
  if (isBetter(b, a)) return 1;
  return 0;
}
