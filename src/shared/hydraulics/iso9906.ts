/**
 * ISO 9906:2012 acceptance of a measured pump curve against a guarantee point (Q_G, H_G, and
 * optionally η_G or P_G).
 *
 * Procedure (ISO 9906:2012 §4.4 and Figure/Annex illustrations; the same as KSB's lexicon
 * "Tolerance"): a tolerance cross is drawn through the guarantee point — a horizontal bar
 * H = H_G from Q_G(1 − t_Q⁻) to Q_G(1 + t_Q⁺) and a vertical bar Q = Q_G from H_G(1 − t_H⁻) to
 * H_G(1 + t_H⁺). Flow and head are accepted if the measured H(Q) curve intersects or touches
 * either bar. Efficiency (and power) are read where the measured H(Q) curve meets the straight
 * line through the origin and the guarantee point; efficiency passes if η ≥ η_G(1 − t_η) there,
 * power if P ≤ P_G(1 + t_P).
 *
 * Tolerance factors are editable data; the defaults are those of ISO 9906:2012 Table 8 as commonly
 * reproduced by pump manufacturers. Check them against your copy of the standard, and note the
 * standard's relaxed factors for pumps below 10 kW input power are not applied automatically:
 * pass them in `tolerances` when they apply.
 */

/** Acceptance grades of ISO 9906:2012. 'U' grades are unilateral (no minus tolerance). */
export type Iso9906Grade = '1B' | '1E' | '1U' | '2B' | '2U' | '3B';

/** Tolerance factors as fractions (0.05 = 5 %). */
export type ToleranceFactors = {
  /** Flow: allowed deviation below / above Q_G. */
  flowMinus: number;
  flowPlus: number;
  /** Head: allowed deviation below / above H_G. */
  headMinus: number;
  headPlus: number;
  /** Power may exceed P_G by at most this fraction. */
  powerPlus: number;
  /** Efficiency may fall short of η_G by at most this fraction of η_G (0 = must reach η_G). */
  efficiencyMinus: number;
};

/**
 * Default factors, ISO 9906:2012 Table 8 ("Pump test acceptance grades and corresponding
 * tolerances"). Grade 1 is for contractual tests of critical pumps, 2 and 3 for ordinary ones;
 * 1E is the energy-efficiency variant of grade 1 (no efficiency shortfall allowed); 1U and 2U
 * allow only positive deviations of flow and head.
 */
export const ISO9906_TOLERANCES: Readonly<Record<Iso9906Grade, Readonly<ToleranceFactors>>> = {
  '1B': { flowMinus: 0.05, flowPlus: 0.05, headMinus: 0.03, headPlus: 0.03, powerPlus: 0.04, efficiencyMinus: 0.03 },
  '1E': { flowMinus: 0.05, flowPlus: 0.05, headMinus: 0.03, headPlus: 0.03, powerPlus: 0.04, efficiencyMinus: 0 },
  '1U': { flowMinus: 0, flowPlus: 0.1, headMinus: 0, headPlus: 0.06, powerPlus: 0.1, efficiencyMinus: 0 },
  '2B': { flowMinus: 0.08, flowPlus: 0.08, headMinus: 0.05, headPlus: 0.05, powerPlus: 0.08, efficiencyMinus: 0.05 },
  '2U': { flowMinus: 0, flowPlus: 0.16, headMinus: 0, headPlus: 0.1, powerPlus: 0.16, efficiencyMinus: 0.05 },
  '3B': { flowMinus: 0.09, flowPlus: 0.09, headMinus: 0.07, headPlus: 0.07, powerPlus: 0.09, efficiencyMinus: 0.07 },
};

/** The guaranteed duty. */
export type GuaranteePoint = {
  flowM3h: number;
  headM: number;
  /** Guaranteed efficiency, fraction. */
  efficiency?: number;
  /** Guaranteed shaft power, kW. */
  powerKw?: number;
};

/** The measured (fitted) curves and the flow range they are valid on. */
export type MeasuredPumpCurves = {
  headM: (flowM3h: number) => number;
  efficiency?: (flowM3h: number) => number;
  powerKw?: (flowM3h: number) => number;
  /** Measured flow range, m³/h; the curves are not extrapolated beyond it. */
  flowRangeM3h: [number, number];
};

/** Geometry of the tolerance cross, for drawing. */
export type ToleranceCross = {
  flowM3h: number;
  headM: number;
  /** Horizontal bar at H = headM from flowMinM3h to flowMaxM3h. */
  flowMinM3h: number;
  flowMaxM3h: number;
  /** Vertical bar at Q = flowM3h from headMinM to headMaxM. */
  headMinM: number;
  headMaxM: number;
};

export type Iso9906Result = {
  /** Overall verdict: head/flow, and efficiency/power where guaranteed. */
  pass: boolean;
  /** Grade used, when the factors came from the table. */
  grade?: Iso9906Grade;
  tolerances: ToleranceFactors;
  cross: ToleranceCross;
  headFlow: {
    pass: boolean;
    /** Measured head at Q_G (undefined when Q_G is outside the measured range), m. */
    headAtGuaranteeFlowM?: number;
    /** Flows on the horizontal bar where H(Q) = H_G, m³/h. */
    flowsAtGuaranteeHeadM3h: number[];
    touches: 'vertical' | 'horizontal' | 'both' | 'none';
  };
  /** Intersection of H(Q) with the line through the origin and (Q_G, H_G), where η and P are read. */
  evaluationPoint?: { flowM3h: number; headM: number };
  efficiency?: { requiredMin: number; measured: number | undefined; pass: boolean };
  power?: { allowedMaxKw: number; measuredKw: number | undefined; pass: boolean };
  /** Plain-language findings. */
  messages: string[];
};

const GRID = 400;

/** All roots of g on [a, b] (sign changes on a grid, refined by bisection). */
function roots(g: (q: number) => number, a: number, b: number): number[] {
  const out: number[] = [];
  if (!(b >= a)) return out;
  if (a === b) return g(a) === 0 ? [a] : [];
  let qa = a;
  let ga = g(qa);
  if (ga === 0) out.push(qa);
  for (let i = 1; i <= GRID; i++) {
    const qb = a + ((b - a) * i) / GRID;
    const gb = g(qb);
    if (gb === 0) out.push(qb);
    else if (Number.isFinite(ga) && Number.isFinite(gb) && ga !== 0 && Math.sign(ga) !== Math.sign(gb)) {
      let lo = qa;
      let hi = qb;
      let glo = ga;
      for (let it = 0; it < 100; it++) {
        const mid = 0.5 * (lo + hi);
        const gm = g(mid);
        if (gm === 0) {
          lo = hi = mid;
          break;
        }
        if (Math.sign(gm) === Math.sign(glo)) {
          lo = mid;
          glo = gm;
        } else hi = mid;
      }
      out.push(0.5 * (lo + hi));
    }
    qa = qb;
    ga = gb;
  }
  return out;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function checkIso9906(
  curves: MeasuredPumpCurves,
  guarantee: GuaranteePoint,
  gradeOrTolerances: Iso9906Grade | ToleranceFactors,
): Iso9906Result {
  const grade = typeof gradeOrTolerances === 'string' ? gradeOrTolerances : undefined;
  const t: ToleranceFactors = grade ? { ...ISO9906_TOLERANCES[grade] } : { ...(gradeOrTolerances as ToleranceFactors) };
  const { flowM3h: qG, headM: hG } = guarantee;
  const cross: ToleranceCross = {
    flowM3h: qG,
    headM: hG,
    flowMinM3h: qG * (1 - t.flowMinus),
    flowMaxM3h: qG * (1 + t.flowPlus),
    headMinM: hG * (1 - t.headMinus),
    headMaxM: hG * (1 + t.headPlus),
  };
  const messages: string[] = [];
  const [qLo, qHi] = curves.flowRangeM3h;
  const inRange = (q: number) => q >= qLo && q <= qHi;

  if (!(qG > 0) || !(hG > 0)) {
    return {
      pass: false,
      grade,
      tolerances: t,
      cross,
      headFlow: { pass: false, flowsAtGuaranteeHeadM3h: [], touches: 'none' },
      messages: ['The guarantee point needs a positive flow and head.'],
    };
  }

  // Vertical bar: H(Q_G) within [H_min, H_max].
  const hAtQ = inRange(qG) ? curves.headM(qG) : undefined;
  const vertical = hAtQ !== undefined && hAtQ >= cross.headMinM && hAtQ <= cross.headMaxM;
  // Horizontal bar: H(Q) = H_G somewhere in [Q_min, Q_max] ∩ measured range.
  const a = Math.max(cross.flowMinM3h, qLo);
  const b = Math.min(cross.flowMaxM3h, qHi);
  const flows = a <= b ? roots((q) => curves.headM(q) - hG, a, b) : [];
  const horizontal = flows.length > 0;
  const touches = vertical && horizontal ? 'both' : vertical ? 'vertical' : horizontal ? 'horizontal' : 'none';
  const headFlowPass = vertical || horizontal;
  if (hAtQ === undefined) messages.push('The guarantee flow lies outside the measured flow range; the vertical bar of the tolerance cross cannot be checked.');
  if (headFlowPass) {
    messages.push(`Head and flow are within tolerance: the measured curve touches the ${touches === 'both' ? 'horizontal and vertical bars' : `${touches} bar`} of the tolerance cross.`);
  } else if (hAtQ !== undefined) {
    const dev = hAtQ / hG - 1;
    messages.push(
      `Head and flow fail: at the guarantee flow the measured head is ${hAtQ.toFixed(2)} m (${dev >= 0 ? '+' : ''}${pct(dev)} against a tolerance of −${pct(t.headMinus)}/+${pct(t.headPlus)}), and the curve does not reach the guaranteed head within the flow tolerance.`,
    );
  } else {
    messages.push('Head and flow fail: the measured curve does not reach the guaranteed head within the flow tolerance.');
  }

  // Evaluation point: H(Q) = (H_G/Q_G)·Q, the line through the origin and the guarantee point.
  const slope = hG / qG;
  const ev = roots((q) => curves.headM(q) - slope * q, Math.max(qLo, 1e-12 * qHi), qHi);
  let evaluationPoint: { flowM3h: number; headM: number } | undefined;
  if (ev.length > 0) {
    // Several crossings are possible on odd curves: take the one nearest the guarantee flow.
    const q = ev.reduce((best, v) => (Math.abs(v - qG) < Math.abs(best - qG) ? v : best), ev[0]!);
    evaluationPoint = { flowM3h: q, headM: curves.headM(q) };
  }

  let efficiency: Iso9906Result['efficiency'];
  let pass = headFlowPass;
  if (guarantee.efficiency !== undefined) {
    const requiredMin = guarantee.efficiency * (1 - t.efficiencyMinus);
    const measured = evaluationPoint && curves.efficiency ? curves.efficiency(evaluationPoint.flowM3h) : undefined;
    const ok = measured !== undefined && measured >= requiredMin;
    efficiency = { requiredMin, measured, pass: ok };
    pass &&= ok;
    if (!curves.efficiency) messages.push('An efficiency is guaranteed but no measured efficiency curve was given.');
    else if (!evaluationPoint) messages.push('The line through the origin and the guarantee point does not meet the measured head curve, so efficiency cannot be evaluated.');
    else
      messages.push(
        ok
          ? `Efficiency passes: ${pct(measured!)} at ${evaluationPoint.flowM3h.toFixed(1)} m³/h, at least the required ${pct(requiredMin)}.`
          : `Efficiency fails: ${pct(measured!)} at ${evaluationPoint.flowM3h.toFixed(1)} m³/h, below the required ${pct(requiredMin)}.`,
      );
  }

  let power: Iso9906Result['power'];
  if (guarantee.powerKw !== undefined) {
    const allowedMaxKw = guarantee.powerKw * (1 + t.powerPlus);
    const measuredKw = evaluationPoint && curves.powerKw ? curves.powerKw(evaluationPoint.flowM3h) : undefined;
    const ok = measuredKw !== undefined && measuredKw <= allowedMaxKw;
    power = { allowedMaxKw, measuredKw, pass: ok };
    pass &&= ok;
    if (!curves.powerKw) messages.push('A power is guaranteed but no measured power curve was given.');
    else if (!evaluationPoint) messages.push('Power cannot be evaluated: the measured head curve does not meet the line through the origin and the guarantee point.');
    else
      messages.push(
        ok
          ? `Power passes: ${measuredKw!.toFixed(2)} kW, at most the allowed ${allowedMaxKw.toFixed(2)} kW.`
          : `Power fails: ${measuredKw!.toFixed(2)} kW exceeds the allowed ${allowedMaxKw.toFixed(2)} kW.`,
      );
  }

  return {
    pass,
    ...(grade ? { grade } : {}),
    tolerances: t,
    cross,
    headFlow: { pass: headFlowPass, ...(hAtQ !== undefined ? { headAtGuaranteeFlowM: hAtQ } : {}), flowsAtGuaranteeHeadM3h: flows, touches },
    ...(evaluationPoint ? { evaluationPoint } : {}),
    ...(efficiency ? { efficiency } : {}),
    ...(power ? { power } : {}),
    messages,
  };
}
