/**
 * Exhaustive reference solver: every feasible on/off combination, a grid over the free speeds of
 * its variable-speed pumps (the last one is solved by the repair), then pattern-search refinement
 * from the best few grid points down to `refineTolerance` in speed ratio. One combination per step.
 */
import { isBetter } from './compare';
import { evaluatePoint, feasibleSubsets, maskToOn, type DemandContext, type OperatingPoint, type PointValue } from './demandProblem';
import type { ISolverRun } from './types';

/** Settings of the exhaustive solver. */
export type ExhaustiveSettings = {
  /** Grid points per free speed; default chosen from `maxGridPerSubset`. */
  gridPoints?: number;
  /** Largest grid per combination (points over all free speeds). Default 4096. */
  maxGridPerSubset: number;
  /** Pattern search stops when every step is below this speed-ratio change. Default 1e-7. */
  refineTolerance: number;
};

export const EXHAUSTIVE_DEFAULTS: ExhaustiveSettings = { maxGridPerSubset: 4096, refineTolerance: 1e-7 };

/** Grid points per dimension: never fewer than 3 (ends + middle), never more than 401. */
function gridSize(settings: ExhaustiveSettings, dims: number): number {
  if (settings.gridPoints !== undefined) return Math.max(2, Math.floor(settings.gridPoints));
  return Math.min(401, Math.max(3, Math.floor(Math.pow(settings.maxGridPerSubset, 1 / dims) + 1e-9)));
}

const value = (p: PointValue) => ({ objective: p.powerKw, violation: p.violation });

/** Best operating point using exactly the pumps in `mask`, or undefined when none is feasible. */
export function solveSubset(ctx: DemandContext, mask: number, settings: ExhaustiveSettings = EXHAUSTIVE_DEFAULTS): OperatingPoint | undefined {
  const n = ctx.model.pumps.length;
  const on = maskToOn(mask, n);
  const vsOn = ctx.vsIndex.filter((i) => on[i] && ctx.windows[i]!.feasible);
  const free = vsOn.slice(0, -1);
  const start = new Float64Array(n).fill(1);
  for (const i of vsOn) {
    const w = ctx.windows[i]!;
    start[i] = 0.5 * (w.sLo + w.sHi);
  }
  // Scratch arrays for the hot loop; a point is copied out only when it is kept.
  const sp = new Float64Array(n);
  const flows = new Float64Array(n);
  const qRated = new Float64Array(n);
  const evalAt = (speeds: Float64Array): PointValue => {
    sp.set(speeds);
    return evaluatePoint(ctx, on, sp, flows, qRated);
  };
  const snapshot = (v: PointValue): OperatingPoint => ({
    ...v,
    on,
    speeds: Float64Array.from(sp),
    flows: Float64Array.from(flows),
    qRated: Float64Array.from(qRated),
  });

  let best = snapshot(evalAt(start));
  if (free.length > 0) {
    const g = gridSize(settings, free.length);
    const starts = gridSearch(ctx, free, g, start, evalAt, snapshot);
    for (const s of starts) {
      const cand = refine(s, free, ctx, evalAt, snapshot, g, settings.refineTolerance);
      if (isBetter(value(cand), value(best))) best = cand;
    }
  }
  return best.violation <= 0 ? best : undefined;
}

/** Grid points kept as refinement starts: the best few, in case the subset's landscape has several basins. */
const REFINE_STARTS = 3;

/** Full grid over the free speeds; returns the best `REFINE_STARTS` points (best first). */
function gridSearch(
  ctx: DemandContext,
  free: number[],
  g: number,
  start: Float64Array,
  evalAt: (s: Float64Array) => PointValue,
  snapshot: (v: PointValue) => OperatingPoint,
): OperatingPoint[] {
  const kept: OperatingPoint[] = [];
  const idx = new Array<number>(free.length).fill(0);
  const x = Float64Array.from(start);
  for (;;) {
    for (let d = 0; d < free.length; d++) {
      const w = ctx.windows[free[d]!]!;
      x[free[d]!] = g === 1 ? w.sLo : w.sLo + ((w.sHi - w.sLo) * idx[d]!) / (g - 1);
    }
    const v = evalAt(x);
    const worst = kept[kept.length - 1];
    if (kept.length < REFINE_STARTS || isBetter(value(v), value(worst!))) {
      kept.push(snapshot(v));
      kept.sort((a, b) => (isBetter(value(a), value(b)) ? -1 : isBetter(value(b), value(a)) ? 1 : 0));
      if (kept.length > REFINE_STARTS) kept.pop();
    }
    // Odometer increment over the grid indices.
    let d = 0;
    for (; d < free.length; d++) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < g) break;
      idx[d] = 0;
    }
    if (d === free.length) break;
  }
  return kept;
}

/** Coordinate pattern search (±step per free speed, halving on failure) from a grid point. */
function refine(
  start: OperatingPoint,
  free: number[],
  ctx: DemandContext,
  evalAt: (s: Float64Array) => PointValue,
  snapshot: (v: PointValue) => OperatingPoint,
  gridPoints: number,
  tolerance: number,
): OperatingPoint {
  let best = start;
  const steps = free.map((i) => {
    const w = ctx.windows[i]!;
    return (w.sHi - w.sLo) / Math.max(1, gridPoints - 1);
  });
  const y = new Float64Array(best.speeds.length);
  while (Math.max(...steps) > tolerance) {
    let improved = false;
    for (let d = 0; d < free.length; d++) {
      const i = free[d]!;
      const w = ctx.windows[i]!;
      for (const dir of [1, -1]) {
        y.set(best.speeds);
        y[i] = Math.min(w.sHi, Math.max(w.sLo, best.speeds[i]! + dir * steps[d]!));
        if (y[i] === best.speeds[i]) continue;
        const v = evalAt(y);
        if (isBetter(value(v), value(best))) {
          best = snapshot(v);
          improved = true;
          break;
        }
      }
    }
    if (!improved) for (let d = 0; d < steps.length; d++) steps[d] = steps[d]! / 2;
  }
  return best;
}

/** Step-able exhaustive run over all feasible combinations (one per step). */
export function createExhaustive(ctx: DemandContext, settings: ExhaustiveSettings = EXHAUSTIVE_DEFAULTS): ISolverRun<OperatingPoint> {
  const masks = feasibleSubsets(ctx);
  let next = 0;
  let best: OperatingPoint | undefined;
  return {
    step() {
      if (next >= masks.length) return true;
      const cand = solveSubset(ctx, masks[next++]!, settings);
      if (cand && (best === undefined || isBetter(value(cand), value(best)))) best = cand;
      return next >= masks.length;
    },
    fraction: () => (masks.length === 0 ? 1 : next / masks.length),
    evaluations: () => ctx.evaluations,
    best: () => best,
  };
}
