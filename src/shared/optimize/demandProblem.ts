/**
 * The single-demand problem: deliver `demandM3h` at the system head H = H_sys(demand) with the
 * least electrical power. Parallel pumps share H; each running pump's flow follows from its speed
 * (fixed-speed pumps: from H alone); the flows must add up to the demand within `toleranceRel`.
 *
 * Decision variables: on/off per pump and a speed ratio per variable-speed pump. A configuration
 * is completed by a repair step: speeds are clamped into each pump's window at H, then the flow
 * residual is absorbed by the running variable-speed pumps, last to first, each solved exactly
 * for the speed that gives the flow it must take (bounded by its window). The repair makes every
 * configuration of a feasible pump set feasible, so the search works on n_vs − 1 free speeds.
 */
import {
  electricalPowerKw,
  flowAtSpeed,
  pumpWindow,
  speedForFlow,
  stationHeadM,
  type PumpWindow,
  type StationModel,
} from './stationModel';
import { brent } from './roots';
import type { MixedProblem, MultiProblem } from './types';

/** Default relative tolerance on the flow balance: 0.1 % of demand. */
export const DEFAULT_FLOW_TOLERANCE = 1e-3;
/** Residual left by the repair's exact solves; far below the tolerance. */
const REPAIR_REL_EPS = 1e-12;

/** Everything fixed for one demand: the head, each pump's window there, and an evaluation counter. */
export type DemandContext = {
  model: StationModel;
  demandM3h: number;
  headM: number;
  toleranceRel: number;
  windows: PumpWindow[];
  /** Indices of the variable-speed pumps, ascending. */
  vsIndex: number[];
  /** Evaluations performed with this context (incremented by `evaluatePoint`). */
  evaluations: number;
};

/** Result of evaluating one configuration (arrays are per pump; speeds are repaired in place). */
export type PointValue = { powerKw: number; violation: number; bepDistance: number; nRunning: number };

/** A fully evaluated configuration. */
export type OperatingPoint = PointValue & { on: Uint8Array; speeds: Float64Array; flows: Float64Array; qRated: Float64Array };

/** Machine-readable reason for an infeasible demand. */
export type InfeasibleCode =
  | 'invalid-demand'
  | 'head-above-shutoff'
  | 'head-below-window'
  | 'above-capacity'
  | 'below-minimum-flow'
  | 'no-combination'
  | 'not-found'
  | 'cancelled';

/** Why a demand cannot be met; `reason` is a sentence for the user. */
export type Infeasibility = { code: InfeasibleCode; reason: string };

/** Prepares the per-demand quantities. `demandM3h` must be finite and ≥ 0 (see `checkDemand`). */
export function createDemandContext(model: StationModel, demandM3h: number, toleranceRel = DEFAULT_FLOW_TOLERANCE): DemandContext {
  const headM = stationHeadM(model, demandM3h);
  return {
    model,
    demandM3h,
    headM,
    toleranceRel,
    windows: model.pumps.map((p) => pumpWindow(p, headM)),
    vsIndex: model.pumps.filter((p) => p.variableSpeed).map((p) => p.index),
    evaluations: 0,
  };
}

/**
 * Evaluates pumps `on` (0/1 per pump) at `speeds` (per pump; fixed-speed entries are ignored and
 * set to 1). Repairs `speeds` in place and fills `flows` (m³/h) and `qRated` (rated-speed similar
 * flow, m³/h); off pumps get 0 in all three.
 */
export function evaluatePoint(
  ctx: DemandContext,
  on: Uint8Array,
  speeds: Float64Array,
  flows: Float64Array,
  qRated: Float64Array,
  repair: RepairMode = 'slack',
): PointValue {
  ctx.evaluations++;
  if (repair === 'scale') scaleToDemand(ctx, on, speeds);
  const { model, headM, windows, demandM3h } = ctx;
  const pumps = model.pumps;
  let violation = 0;
  let nRunning = 0;
  let total = 0;
  for (let i = 0; i < pumps.length; i++) {
    const p = pumps[i]!;
    const w = windows[i]!;
    if (!on[i]) {
      speeds[i] = 0;
      flows[i] = 0;
      qRated[i] = 0;
      continue;
    }
    nRunning++;
    if (!w.feasible) {
      // The pump cannot run at this head at all: one unit of violation per such pump.
      violation += 1;
      speeds[i] = 0;
      flows[i] = 0;
      qRated[i] = 0;
      continue;
    }
    const s = p.variableSpeed ? clamp(speeds[i]!, w.sLo, w.sHi) : w.sLo;
    speeds[i] = s;
    const q = flowAtSpeed(p, headM, s);
    flows[i] = q;
    qRated[i] = q / s;
    total += q;
  }
  if (nRunning > model.maxPumpsRunning) violation += nRunning - model.maxPumpsRunning;

  let residual = demandM3h - total;
  const vs = ctx.vsIndex;
  for (let j = vs.length - 1; j >= 0 && Math.abs(residual) > REPAIR_REL_EPS * demandM3h; j--) {
    const i = vs[j]!;
    const w = windows[i]!;
    if (!on[i] || !w.feasible) continue;
    const current = flows[i]!;
    const target = clamp(current + residual, w.flowLoM3h, w.flowHiM3h);
    if (target === current) continue;
    const sol = speedForFlow(pumps[i]!, w, headM, target);
    speeds[i] = sol.speedRatio;
    flows[i] = target;
    qRated[i] = sol.qRatedM3h;
    residual -= target - current;
  }
  const scale = demandM3h > 0 ? demandM3h : 1;
  violation += Math.max(0, Math.abs(residual) / scale - ctx.toleranceRel);

  let powerKw = 0;
  let bepDistance = 0;
  for (let i = 0; i < pumps.length; i++) {
    const q = flows[i]!;
    if (!on[i] || q <= 0) continue;
    const p = pumps[i]!;
    powerKw += electricalPowerKw(model, p, q, headM, qRated[i]!);
    bepDistance = Math.max(bepDistance, Math.abs(qRated[i]! / p.qBep - 1));
  }
  return { powerKw, violation, bepDistance, nRunning };
}

/**
 * How a configuration is brought onto the demand. `slack`: the residual goes to the running
 * variable-speed pumps last to first (the exhaustive grid, whose free speeds must stay put).
 * `scale`: first one common factor λ multiplies every running variable-speed pump's speed so the
 * flows add up (each clamped to its window), then `slack` removes the last rounding. With `scale`
 * a genome encodes speed *ratios between pumps*, so switching a pump on or off re-balances all
 * speeds instead of dumping the whole change on one pump: the metaheuristics move between pump
 * sets without falling off a cliff.
 */
export type RepairMode = 'slack' | 'scale';

/** Sets speeds[i] = clamp(λ·speeds[i]) for running variable-speed pumps, λ solved so flows meet demand. */
function scaleToDemand(ctx: DemandContext, on: Uint8Array, speeds: Float64Array): void {
  const { model, windows, headM } = ctx;
  let fixedFlow = 0;
  let loSum = 0;
  let hiSum = 0;
  let lamLo = Infinity;
  let lamHi = 0;
  const vs: number[] = [];
  for (let i = 0; i < model.pumps.length; i++) {
    const w = windows[i]!;
    if (!on[i] || !w.feasible) continue;
    if (!model.pumps[i]!.variableSpeed) {
      fixedFlow += w.flowLoM3h;
      continue;
    }
    // Any positive gene works: only the ratios between pumps matter once λ is solved.
    const g = speeds[i]! > 0 ? speeds[i]! : 1;
    speeds[i] = g;
    vs.push(i);
    loSum += w.flowLoM3h;
    hiSum += w.flowHiM3h;
    lamLo = Math.min(lamLo, w.sLo / g);
    lamHi = Math.max(lamHi, w.sHi / g);
  }
  if (vs.length === 0) return;
  const need = ctx.demandM3h - fixedFlow;
  let lam: number;
  if (need <= loSum) lam = lamLo;
  else if (need >= hiSum) lam = lamHi;
  else {
    const f = (l: number): number => {
      let total = 0;
      for (const i of vs) {
        const w = windows[i]!;
        total += flowAtSpeed(model.pumps[i]!, headM, clamp(l * speeds[i]!, w.sLo, w.sHi));
      }
      return total - need;
    };
    // λ only needs to be close: the slack step that follows removes the remaining residual exactly.
    lam = brent(f, lamLo, lamHi, 1e-9 * lamHi).x;
  }
  for (const i of vs) {
    const w = windows[i]!;
    speeds[i] = clamp(lam * speeds[i]!, w.sLo, w.sHi);
  }
}

/** Evaluates a configuration into fresh arrays (convenience for callers outside the hot loop). */
export function evaluateConfiguration(ctx: DemandContext, on: ArrayLike<number>, speeds: ArrayLike<number>, repair: RepairMode = 'slack'): OperatingPoint {
  const n = ctx.model.pumps.length;
  const onArr = Uint8Array.from({ length: n }, (_, i) => (on[i] ? 1 : 0));
  const sp = Float64Array.from({ length: n }, (_, i) => speeds[i] ?? 1);
  const flows = new Float64Array(n);
  const qRated = new Float64Array(n);
  const value = evaluatePoint(ctx, onArr, sp, flows, qRated, repair);
  return { ...value, on: onArr, speeds: sp, flows, qRated };
}

/** Bit mask of pumps as a 0/1 array. */
export function maskToOn(mask: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (mask >> i) & 1);
}

/**
 * Exact feasibility of a pump set at this demand: every pump has a window at H, the count is within
 * the limit, and the demand lies in [Σ min flow, Σ max flow] within tolerance. Flow is continuous and
 * increasing in speed, so the attainable total is that whole interval.
 */
export function subsetFeasible(ctx: DemandContext, mask: number): boolean {
  const n = ctx.model.pumps.length;
  let count = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    if (!((mask >> i) & 1)) continue;
    const w = ctx.windows[i]!;
    if (!w.feasible) return false;
    count++;
    lo += w.flowLoM3h;
    hi += w.flowHiM3h;
  }
  if (count > ctx.model.maxPumpsRunning) return false;
  const d = ctx.demandM3h;
  if (count === 0) return d === 0;
  const tol = ctx.toleranceRel * d;
  return lo <= d + tol && hi >= d - tol;
}

/** All feasible pump sets (bit masks), in increasing mask order. The empty set only for zero demand. */
export function feasibleSubsets(ctx: DemandContext): number[] {
  const out: number[] = [];
  const total = 1 << ctx.model.pumps.length;
  for (let mask = 0; mask < total; mask++) if (subsetFeasible(ctx, mask)) out.push(mask);
  return out;
}

/** Rejects demands that are not a finite number ≥ 0. */
export function checkDemand(demandM3h: number): Infeasibility | undefined {
  if (!Number.isFinite(demandM3h) || demandM3h < 0) {
    return { code: 'invalid-demand', reason: `demand must be a finite flow ≥ 0 m³/h (got ${demandM3h})` };
  }
  return undefined;
}

/** Explains why no pump set is feasible (call only when `feasibleSubsets` is empty). */
export function diagnoseInfeasible(ctx: DemandContext): Infeasibility {
  const { model, headM, windows, demandM3h } = ctx;
  const h = fmt(headM);
  const d = fmt(demandM3h);
  const usable = windows.filter((w) => w.feasible);
  if (usable.length === 0) {
    const maxHead = Math.max(...model.pumps.map((p) => p.sMax * p.sMax * p.hAtQMin));
    if (headM > maxHead) {
      return {
        code: 'head-above-shutoff',
        reason: `system head ${h} m at ${d} m³/h is above the highest head any pump reaches within its flow window (${fmt(maxHead)} m at maximum speed)`,
      };
    }
    return {
      code: 'head-below-window',
      reason: `system head ${h} m at ${d} m³/h is below every pump's operating range: each would run past its maximum flow`,
    };
  }
  const his = usable.map((w) => w.flowHiM3h).sort((a, b) => b - a);
  const capacity = his.slice(0, model.maxPumpsRunning).reduce((a, b) => a + b, 0);
  const tol = ctx.toleranceRel * demandM3h;
  if (demandM3h - tol > capacity) {
    const limit = model.maxPumpsRunning < model.pumps.length ? ` with at most ${model.maxPumpsRunning} pumps running` : '';
    return { code: 'above-capacity', reason: `demand ${d} m³/h exceeds the station capacity of ${fmt(capacity)} m³/h at ${h} m${limit}` };
  }
  const minFlow = Math.min(...usable.map((w) => w.flowLoM3h));
  if (demandM3h + tol < minFlow) {
    return {
      code: 'below-minimum-flow',
      reason: `demand ${d} m³/h is below the smallest minimum flow of any pump at ${h} m (${fmt(minFlow)} m³/h)`,
    };
  }
  return {
    code: 'no-combination',
    reason: `no combination of pumps delivers ${d} m³/h at ${h} m within their flow windows and speed ranges (it falls between the steps the fixed-speed pumps and speed limits allow)`,
  };
}

/** The single-objective view for GA, PSO and DE: bits = on/off per pump, reals = speeds of variable-speed pumps. */
export function toMixedProblem(ctx: DemandContext): MixedProblem {
  const n = ctx.model.pumps.length;
  const { lower, upper } = speedBounds(ctx);
  const speeds = new Float64Array(n);
  const flows = new Float64Array(n);
  const qRated = new Float64Array(n);
  return {
    nBits: n,
    lower,
    upper,
    evaluate(bits, reals) {
      scatterSpeeds(ctx, reals, speeds);
      const v = evaluatePoint(ctx, bits, speeds, flows, qRated, 'scale');
      gatherSpeeds(ctx, speeds, bits, reals);
      return { objective: v.powerKw, violation: v.violation };
    },
  };
}

/** Second objective of the two-objective view. */
export type SecondObjective = 'bepDistance' | 'pumpsRunning';

/** The two-objective view for NSGA-II: [powerKw, bepDistance | pumpsRunning]. */
export function toMultiProblem(ctx: DemandContext, second: SecondObjective): MultiProblem {
  const n = ctx.model.pumps.length;
  const { lower, upper } = speedBounds(ctx);
  const speeds = new Float64Array(n);
  const flows = new Float64Array(n);
  const qRated = new Float64Array(n);
  return {
    nBits: n,
    lower,
    upper,
    nObjectives: 2,
    evaluate(bits, reals) {
      scatterSpeeds(ctx, reals, speeds);
      const v = evaluatePoint(ctx, bits, speeds, flows, qRated, 'scale');
      gatherSpeeds(ctx, speeds, bits, reals);
      return { objectives: [v.powerKw, second === 'bepDistance' ? v.bepDistance : v.nRunning], violation: v.violation };
    },
  };
}

/** Per-pump speed array (fixed-speed pumps at 1) from the genome's variable-speed reals. */
export function speedsFromReals(ctx: DemandContext, reals: ArrayLike<number>): Float64Array {
  const speeds = new Float64Array(ctx.model.pumps.length).fill(1);
  scatterSpeeds(ctx, reals, speeds);
  return speeds;
}

/**
 * Bounds of the speed genes: the pump's window at this head when it has one (the search never
 * wastes samples outside it), else its speed range (it can then only be off in a feasible point).
 */
function speedBounds(ctx: DemandContext): { lower: number[]; upper: number[] } {
  const lower: number[] = [];
  const upper: number[] = [];
  for (const i of ctx.vsIndex) {
    const w = ctx.windows[i]!;
    const p = ctx.model.pumps[i]!;
    lower.push(w.feasible ? w.sLo : p.sMin);
    upper.push(w.feasible ? w.sHi : p.sMax);
  }
  return { lower, upper };
}

function scatterSpeeds(ctx: DemandContext, reals: ArrayLike<number>, speeds: Float64Array): void {
  const vs = ctx.vsIndex;
  for (let j = 0; j < vs.length; j++) speeds[vs[j]!] = reals[j]!;
}

/** Writes repaired speeds back into the genome (running pumps only; an off pump keeps its gene). */
function gatherSpeeds(ctx: DemandContext, speeds: Float64Array, bits: Uint8Array, reals: Float64Array): void {
  const vs = ctx.vsIndex;
  for (let j = 0; j < vs.length; j++) {
    const i = vs[j]!;
    if (bits[i] && ctx.windows[i]!.feasible) reals[j] = speeds[i]!;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}
