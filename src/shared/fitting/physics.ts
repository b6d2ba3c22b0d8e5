/**
 * Plausibility checks of fitted pump curves against pump physics, with plain-language warnings.
 * A fit can be statistically excellent and physically wrong (a degree-5 polynomial through noisy
 * points that makes head rise with flow, an efficiency above 100 %), so the Curves view shows these
 * next to the statistics.
 */
import { hydraulicPowerKw } from '../hydraulics/power';
import { WATER_DENSITY_KG_M3 } from '../hydraulics/constants';

export type PhysicsWarningCode =
  | 'head-rises-with-flow'
  | 'efficiency-out-of-range'
  | 'efficiency-several-peaks'
  | 'efficiency-peak-outside-range'
  | 'power-not-positive'
  | 'efficiency-inconsistent-with-power';

export type PhysicsWarning = {
  code: PhysicsWarningCode;
  severity: 'warning' | 'info';
  /** Sentence for the user. */
  message: string;
  /** Flow where the problem is worst or starts, m³/h. */
  flowM3h?: number;
};

/** Measured operating points; any quantity may be missing (undefined/NaN) per point. */
export type MeasuredPoints = {
  flowM3h: number[];
  headM?: (number | undefined)[];
  /** Efficiency as a fraction 0..1. */
  efficiency?: (number | undefined)[];
  /** Shaft (input) power, kW. */
  powerKw?: (number | undefined)[];
};

export type PumpCurveCheck = {
  /** Flow range to check, m³/h (normally the measured range). */
  flowRangeM3h: [number, number];
  /** Fitted head curve H(Q), m. */
  head?: (flowM3h: number) => number;
  /** Fitted efficiency curve η(Q), fraction. */
  efficiency?: (flowM3h: number) => number;
  /** Fitted shaft power curve P(Q), kW. */
  powerKw?: (flowM3h: number) => number;
  measured?: MeasuredPoints;
  /** Fluid density, kg/m³ (default clean water ~20 °C). */
  densityKgM3?: number;
  /** Grid points over the flow range (default 201). */
  gridPoints?: number;
  /** Largest accepted |η_measured − ρgQH/P|, absolute fraction (default 0.03 = 3 percentage points). */
  efficiencyTolerance?: number;
};

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3));
const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function checkPumpCurves(input: PumpCurveCheck): PhysicsWarning[] {
  const out: PhysicsWarning[] = [];
  const [q0, q1] = input.flowRangeM3h;
  const k = Math.max(3, Math.floor(input.gridPoints ?? 201));
  const grid = Array.from({ length: k }, (_, i) => q0 + ((q1 - q0) * i) / (k - 1));

  if (input.head) {
    const h = grid.map(input.head);
    const span = Math.max(...h) - Math.min(...h) || Math.abs(h[0]!) || 1;
    // A rise smaller than 0.1 % of the head span is rounding or a flat top, not a real rise.
    const tol = 1e-3 * span;
    let startRise: number | undefined;
    let worst = 0;
    for (let i = 1; i < k; i++) {
      const rise = h[i]! - h[i - 1]!;
      if (rise > tol / k) {
        startRise ??= grid[i - 1]!;
        worst = Math.max(worst, rise);
      }
    }
    if (startRise !== undefined && Math.max(...h) - h[0]! > tol) {
      out.push({
        code: 'head-rises-with-flow',
        severity: 'warning',
        flowM3h: startRise,
        message: `The fitted head rises with flow from about ${fmt(startRise)} m³/h. A stable pump curve falls as flow increases; check the data near shut-off or use a lower-order model.`,
      });
    }
  }

  if (input.efficiency) {
    const e = grid.map(input.efficiency);
    const lo = Math.min(...e);
    const hi = Math.max(...e);
    if (lo < 0 || hi > 1) {
      const at = grid[e.findIndex((v) => v < 0 || v > 1)]!;
      out.push({
        code: 'efficiency-out-of-range',
        severity: 'warning',
        flowM3h: at,
        message: `The fitted efficiency leaves 0–100 % (from ${fmt(lo * 100)} % to ${fmt(hi * 100)} %). Efficiency must be given as a fraction and cannot exceed 1.`,
      });
    }
    const peaks: number[] = [];
    for (let i = 1; i < k - 1; i++) if (e[i]! > e[i - 1]! && e[i]! >= e[i + 1]!) peaks.push(grid[i]!);
    if (peaks.length > 1) {
      out.push({
        code: 'efficiency-several-peaks',
        severity: 'warning',
        flowM3h: peaks[1],
        message: `The fitted efficiency has ${peaks.length} peaks (at ${peaks.map(fmt).join(', ')} m³/h); a pump has one best-efficiency point. Use a lower-order model.`,
      });
    } else if (peaks.length === 0) {
      out.push({
        code: 'efficiency-peak-outside-range',
        severity: 'info',
        message: 'The efficiency curve has no peak inside the measured range, so the best-efficiency point is outside the tested flows.',
      });
    }
  }

  if (input.powerKw) {
    const p = grid.map(input.powerKw);
    const i = p.findIndex((v) => !(v > 0));
    if (i >= 0) {
      out.push({
        code: 'power-not-positive',
        severity: 'warning',
        flowM3h: grid[i],
        message: `The fitted shaft power is zero or negative near ${fmt(grid[i]!)} m³/h. Shaft power is always positive; check units and the data.`,
      });
    }
  }

  const m = input.measured;
  if (m && m.headM && m.efficiency && m.powerKw) {
    const rho = input.densityKgM3 ?? WATER_DENSITY_KG_M3;
    const tol = input.efficiencyTolerance ?? 0.03;
    let bad = 0;
    let worstDiff = 0;
    let worstQ = 0;
    let checked = 0;
    for (let i = 0; i < m.flowM3h.length; i++) {
      const q = m.flowM3h[i];
      const h = m.headM[i];
      const eta = m.efficiency[i];
      const pw = m.powerKw[i];
      if (!finite(q) || !finite(h) || !finite(eta) || !finite(pw) || pw <= 0) continue;
      checked++;
      const etaCalc = hydraulicPowerKw(q, h, rho) / pw;
      const d = Math.abs(eta - etaCalc);
      if (d > tol) {
        bad++;
        if (d > worstDiff) {
          worstDiff = d;
          worstQ = q;
        }
      }
    }
    if (bad > 0) {
      out.push({
        code: 'efficiency-inconsistent-with-power',
        severity: 'warning',
        flowM3h: worstQ,
        message: `At ${bad} of ${checked} measured points the efficiency differs from ρgQH/P by more than ${fmt(tol * 100)} percentage points (worst ${fmt(worstDiff * 100)} points at ${fmt(worstQ)} m³/h). Check units (m³/h, m, kW), the density, or whether motor rather than shaft power was recorded.`,
      });
    }
  }
  return out;
}
