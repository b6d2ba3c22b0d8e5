/**
 * Affinity laws for a centrifugal pump at speed ratio s = n / nRated:
 * Q scales with s, H with s², shaft power with s³. Efficiency is taken as unchanged
 * (the usual engineering assumption for moderate speed changes).
 */

/** Flow at speed ratio `speedRatio` for a flow `flowM3hRated` at rated speed. */
export function scaleFlow(flowM3hRated: number, speedRatio: number): number {
  return flowM3hRated * speedRatio;
}

/** Head at speed ratio `speedRatio` for a head `headMRated` at rated speed. */
export function scaleHead(headMRated: number, speedRatio: number): number {
  return headMRated * speedRatio * speedRatio;
}

/** Shaft power at speed ratio `speedRatio` for a power `powerKwRated` at rated speed. */
export function scalePower(powerKwRated: number, speedRatio: number): number {
  return powerKwRated * speedRatio * speedRatio * speedRatio;
}

/**
 * Head of a pump at speed ratio s and flow Q, given its rated-speed head curve H_r(Q):
 * H_s(Q) = s² · H_r(Q / s). Requires s > 0.
 */
export function headAtSpeed(headAtRated: (flowM3h: number) => number, flowM3h: number, speedRatio: number): number {
  return speedRatio * speedRatio * headAtRated(flowM3h / speedRatio);
}

/** Efficiency at speed ratio s and flow Q: η_s(Q) = η_r(Q / s) (similarity point). */
export function efficiencyAtSpeed(efficiencyAtRated: (flowM3h: number) => number, flowM3h: number, speedRatio: number): number {
  return efficiencyAtRated(flowM3h / speedRatio);
}
