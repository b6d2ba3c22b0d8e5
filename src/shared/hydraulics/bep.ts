/**
 * Best-efficiency point (BEP): the flow of maximum efficiency on an efficiency curve.
 * A grid scan finds the best interior maximum (robust to curves with wiggles), then golden-section
 * search refines it inside the neighbouring grid cells.
 */

export type BestEfficiencyPoint = {
  /** Flow at maximum efficiency, m³/h. */
  flowM3h: number;
  /** Maximum efficiency, fraction 0..1. */
  efficiency: number;
  /**
   * True when the maximum is at an end of the range: the BEP lies outside the measured flows and
   * this is only the best efficiency observed.
   */
  atRangeLimit: boolean;
};

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * @param efficiency η(Q) as a fraction
 * @param rangeM3h flow range to search, m³/h (normally the measured range)
 * @returns undefined if the curve is not finite anywhere on the range
 */
export function findBestEfficiencyPoint(
  efficiency: (flowM3h: number) => number,
  rangeM3h: [number, number],
  gridPoints = 201,
): BestEfficiencyPoint | undefined {
  const [lo, hi] = rangeM3h;
  if (!(hi > lo)) return undefined;
  const k = Math.max(3, gridPoints);
  let best = -1;
  let bestVal = Number.NEGATIVE_INFINITY;
  const q = (i: number) => lo + ((hi - lo) * i) / (k - 1);
  for (let i = 0; i < k; i++) {
    const v = efficiency(q(i));
    if (Number.isFinite(v) && v > bestVal) {
      bestVal = v;
      best = i;
    }
  }
  if (best < 0) return undefined;
  if (best === 0 || best === k - 1) return { flowM3h: q(best), efficiency: bestVal, atRangeLimit: true };
  // Golden-section search on [q(best−1), q(best+1)], which brackets the maximum.
  let a = q(best - 1);
  let b = q(best + 1);
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = efficiency(c);
  let fd = efficiency(d);
  for (let it = 0; it < 200 && b - a > 1e-12 * Math.max(1, Math.abs(b)); it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = efficiency(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = efficiency(d);
    }
  }
  const flow = 0.5 * (a + b);
  const eta = efficiency(flow);
  return eta >= bestVal ? { flowM3h: flow, efficiency: eta, atRangeLimit: false } : { flowM3h: q(best), efficiency: bestVal, atRangeLimit: false };
}
