/**
 * Numeric form of a validated station: the pump curves as fast closures and the per-head
 * quantities every solver needs (flow at a speed, speed for a flow, the speed window a pump can
 * run in at a given head). Affinity laws: H_s(Q) = s²·H_r(Q/s), η_s(Q) = η_r(Q/s).
 *
 * Working in the rated-speed "similar flow" q = Q/s keeps each question one bracketed 1-D solve:
 * at head H and speed s the pump runs where H_r(q) = H/s², and its flow is Q = s·q.
 */
import { hydraulicPowerKw } from '../hydraulics/power';
import { evalPoly, type Station } from '../hydraulics/station';
import { systemHeadM } from '../hydraulics/systemCurve';
import { brent } from './roots';

/** One pump in numeric form. Flows at rated speed are `q…`, actual flows `Q…`/`flowM3h`. */
export type PumpModel = {
  index: number;
  id: string;
  variableSpeed: boolean;
  /** Speed-ratio limits ([1, 1] for fixed-speed pumps). */
  sMin: number;
  sMax: number;
  /** Flow window at rated speed, m³/h. */
  qMin: number;
  qMax: number;
  /** Rated-speed head at the window ends, m: the highest (at qMin) and lowest (at qMax) head within the window. */
  hAtQMin: number;
  hAtQMax: number;
  headCoeffs: readonly number[];
  effCoeffs: readonly number[];
  /** Motor × drive efficiency (the drive only for variable-speed pumps). */
  trainEfficiency: number;
  /** Best-efficiency flow at rated speed (within the window), m³/h, and the efficiency there. */
  qBep: number;
  etaBep: number;
};

/** A station ready for computation. */
export type StationModel = {
  pumps: PumpModel[];
  staticHeadM: number;
  k: number;
  densityKgM3: number;
  /** Effective limit on running pumps (the pump count when the station sets none). */
  maxPumpsRunning: number;
};

/** Where one pump can run at a given head: speed ratios [sLo, sHi] and the flows there [flowLoM3h, flowHiM3h]. */
export type PumpWindow = { feasible: boolean; sLo: number; sHi: number; flowLoM3h: number; flowHiM3h: number };

/** Relative x tolerance of the inner solves: far below the 0.1 % demand tolerance, far above rounding. */
const SOLVE_REL_TOL = 1e-12;

/** Compiles a validated station for the solvers. */
export function compileStation(station: Station): StationModel {
  const pumps = station.pumps.map((p, index): PumpModel => {
    const [qMin, qMax] = p.flowRange;
    const [qBep, etaBep] = argmaxOnInterval((q) => evalPoly(p.efficiency.coeffs, q), qMin, qMax);
    return {
      index,
      id: p.id,
      variableSpeed: p.variableSpeed,
      sMin: p.variableSpeed ? p.speedRange[0] : 1,
      sMax: p.variableSpeed ? p.speedRange[1] : 1,
      qMin,
      qMax,
      hAtQMin: evalPoly(p.head.coeffs, qMin),
      hAtQMax: evalPoly(p.head.coeffs, qMax),
      headCoeffs: p.head.coeffs,
      effCoeffs: p.efficiency.coeffs,
      trainEfficiency: p.motorEfficiency * (p.variableSpeed ? p.driveEfficiency : 1),
      qBep,
      etaBep,
    };
  });
  return {
    pumps,
    staticHeadM: station.system.staticHeadM,
    k: station.system.k,
    densityKgM3: station.fluid.densityKgM3,
    maxPumpsRunning: Math.min(station.constraints?.maxPumpsRunning ?? pumps.length, pumps.length),
  };
}

/** System head in m at the station flow `flowM3h`. */
export function stationHeadM(model: StationModel, flowM3h: number): number {
  return systemHeadM(model, flowM3h);
}

/**
 * Speed window of a pump at head `headM`: the speeds at which H_r(q) = H/s² has a solution q in
 * the rated flow window, intersected with the pump's speed range. Fixed-speed pumps: s = 1 or nothing.
 */
export function pumpWindow(p: PumpModel, headM: number): PumpWindow {
  const none: PumpWindow = { feasible: false, sLo: p.sMin, sHi: p.sMax, flowLoM3h: 0, flowHiM3h: 0 };
  if (!(headM > 0)) return none;
  // H/s² must lie in [hAtQMax, hAtQMin] (curve decreasing), so s in [√(H/hAtQMin), √(H/hAtQMax)].
  const sHead0 = Math.sqrt(headM / p.hAtQMin);
  const sHead1 = Math.sqrt(headM / p.hAtQMax);
  let sLo = Math.max(p.sMin, sHead0);
  let sHi = Math.min(p.sMax, sHead1);
  if (sLo > sHi) {
    // Within rounding of touching (e.g. a fixed-speed pump exactly at its window end): collapse
    // onto the speed-range end; anything wider is a genuinely empty window.
    if (!(sLo <= sHi * (1 + 1e-12))) return none;
    if (sLo === p.sMin) sHi = sLo;
    else sLo = sHi;
  }
  return { feasible: true, sLo, sHi, flowLoM3h: flowAtSpeed(p, headM, sLo), flowHiM3h: flowAtSpeed(p, headM, sHi) };
}

/** Rated-speed flow q (m³/h) in the window where H_r(q) = `headRatedM`, clamped to the window ends. */
export function ratedFlowAtHead(p: PumpModel, headRatedM: number): number {
  if (headRatedM >= p.hAtQMin) return p.qMin;
  if (headRatedM <= p.hAtQMax) return p.qMax;
  const c = p.headCoeffs;
  if (c.length <= 3) {
    const q = quadraticRootIn(c[2] ?? 0, c[1] ?? 0, (c[0] ?? 0) - headRatedM, p.qMin, p.qMax);
    if (!Number.isNaN(q)) return q;
  }
  const r = brent((q) => evalPoly(c, q) - headRatedM, p.qMin, p.qMax, SOLVE_REL_TOL * p.qMax);
  return r.x;
}

/**
 * Root of a·x² + b·x + c in [lo, hi] (closed form, cancellation-free), or NaN when none lies there.
 * Pump curves are mostly quadratic: this replaces the bracketed solve in the solvers' inner loop.
 * Callers guarantee at most one root in the interval (the function is monotone there).
 */
export function quadraticRootIn(a: number, b: number, c: number, lo: number, hi: number): number {
  // A root within rounding of an end is that end. Forming c = c0 − H near the window ends cancels
  // digits, so "rounding" is generous here: 1e-9 of the flow scale is still far below any tolerance.
  const slack = 1e-9 * (hi > 1 ? hi : 1);
  if (a === 0) return b === 0 ? Number.NaN : clampRoot(-c / b, lo, hi, slack);
  let disc = b * b - 4 * a * c;
  if (disc < 0) {
    // A tangent root can come out slightly negative from rounding.
    if (disc < -1e-12 * b * b) return Number.NaN;
    disc = 0;
  }
  const qq = -0.5 * (b + (b >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
  const x1 = clampRoot(qq / a, lo, hi, slack);
  if (x1 === x1 || qq === 0) return x1;
  return clampRoot(c / qq, lo, hi, slack);
}

/** x clamped to [lo, hi] when within `slack` of it, else NaN. */
function clampRoot(x: number, lo: number, hi: number, slack: number): number {
  if (x >= lo && x <= hi) return x;
  if (x >= lo - slack && x < lo) return lo;
  if (x > hi && x <= hi + slack) return hi;
  return Number.NaN;
}

/** Actual flow (m³/h) of a pump at speed ratio `s` against head `headM`: Q = s·q, H_r(q) = H/s². */
export function flowAtSpeed(p: PumpModel, headM: number, s: number): number {
  return s * ratedFlowAtHead(p, headM / (s * s));
}

/**
 * Speed ratio at which a pump delivers `flowM3h` against `headM`, and the rated-speed flow q there.
 * Solves g(q) = H_r(q) − H·q²/Q² = 0 (decreasing in q) over the part of the window with s = Q/q in
 * [sLo, sHi]; the caller keeps `flowM3h` inside the pump's window, and the result is clamped to it.
 */
export function speedForFlow(p: PumpModel, w: PumpWindow, headM: number, flowM3h: number): { speedRatio: number; qRatedM3h: number } {
  if (flowM3h <= w.flowLoM3h) return { speedRatio: w.sLo, qRatedM3h: w.flowLoM3h / w.sLo };
  if (flowM3h >= w.flowHiM3h) return { speedRatio: w.sHi, qRatedM3h: w.flowHiM3h / w.sHi };
  const c = headM / (flowM3h * flowM3h);
  const lo = Math.max(p.qMin, flowM3h / w.sHi);
  const hi = Math.min(p.qMax, flowM3h / w.sLo);
  const k = p.headCoeffs;
  let q = Number.NaN;
  if (k.length <= 3) q = quadraticRootIn((k[2] ?? 0) - c, k[1] ?? 0, k[0] ?? 0, lo, hi);
  if (Number.isNaN(q)) q = brent((x) => evalPoly(k, x) - c * x * x, lo, hi, SOLVE_REL_TOL * p.qMax).x;
  q = Math.min(hi, Math.max(lo, q));
  return { speedRatio: flowM3h / q, qRatedM3h: q };
}

/** Pump efficiency (fraction) at rated-speed flow q: the similarity point keeps η. */
export function pumpEfficiency(p: PumpModel, qRatedM3h: number): number {
  return evalPoly(p.effCoeffs, qRatedM3h);
}

/** Electrical power in kW: ρ g Q H / (η_pump · η_motor · η_drive). */
export function electricalPowerKw(model: StationModel, p: PumpModel, flowM3h: number, headM: number, qRatedM3h: number): number {
  return hydraulicPowerKw(flowM3h, headM, model.densityKgM3) / (pumpEfficiency(p, qRatedM3h) * p.trainEfficiency);
}

/** Maximum of a smooth function on [a, b]: dense scan, then golden-section around the best sample. */
function argmaxOnInterval(f: (x: number) => number, a: number, b: number): [number, number] {
  const n = 200;
  let bestI = 0;
  let bestV = -Infinity;
  for (let i = 0; i <= n; i++) {
    const v = f(a + ((b - a) * i) / n);
    if (v > bestV) {
      bestV = v;
      bestI = i;
    }
  }
  let lo = a + ((b - a) * Math.max(0, bestI - 1)) / n;
  let hi = a + ((b - a) * Math.min(n, bestI + 1)) / n;
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 60; k++) {
    const x1 = hi - gr * (hi - lo);
    const x2 = lo + gr * (hi - lo);
    if (f(x1) >= f(x2)) hi = x2;
    else lo = x1;
  }
  const x = 0.5 * (lo + hi);
  const v = f(x);
  return v >= bestV ? [x, v] : [a + ((b - a) * bestI) / n, bestV];
}
