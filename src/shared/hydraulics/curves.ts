/**
 * Pump and system curves as plain data, their evaluation, and the operating point where a pump
 * curve meets a system curve. Flow in m³/h, head in m throughout.
 */

/** A curve y(Q) = Σ cₖ Qᵏ, coefficients in ascending powers of the flow in m³/h. */
export type PolynomialCurve = {
  /** c₀, c₁, … in ascending powers of Q (m³/h). */
  coefficients: number[];
  /** Flow range where the curve is valid (measured), m³/h. */
  flowRangeM3h: [number, number];
};

/** Horner evaluation of a polynomial curve at flow `flowM3h`. */
export function evaluateCurve(curve: PolynomialCurve, flowM3h: number): number {
  const c = curve.coefficients;
  let s = 0;
  for (let k = c.length - 1; k >= 0; k--) s = s * flowM3h + c[k]!;
  return s;
}

/** System curve H = H_static + k·Q^n (n = 2 for fully turbulent friction). */
export type SystemCurve = {
  /** Static head (geodetic lift plus pressure difference), m. */
  staticHeadM: number;
  /** Loss coefficient, m/(m³/h)^n. */
  k: number;
  /** Exponent n, default 2. */
  exponent?: number;
};

export function systemHeadM(system: SystemCurve, flowM3h: number): number {
  return system.staticHeadM + system.k * Math.abs(flowM3h) ** (system.exponent ?? 2);
}

/** Where the pump head equals the system head. */
export type OperatingPoint = { flowM3h: number; headM: number };

/**
 * First flow in `rangeM3h` (scanning upward) where pumpHead(Q) = systemHead(Q), refined by
 * bisection to 1e-10 of the range; undefined when the curves do not cross inside the range.
 */
export function operatingPoint(
  pumpHeadM: (flowM3h: number) => number,
  systemHead: (flowM3h: number) => number,
  rangeM3h: [number, number],
  gridPoints = 200,
): OperatingPoint | undefined {
  const [lo, hi] = rangeM3h;
  const d = (q: number) => pumpHeadM(q) - systemHead(q);
  let qa = lo;
  let da = d(qa);
  if (da === 0) return { flowM3h: qa, headM: pumpHeadM(qa) };
  for (let i = 1; i <= gridPoints; i++) {
    const qb = lo + ((hi - lo) * i) / gridPoints;
    const db = d(qb);
    if (!Number.isFinite(da) || !Number.isFinite(db)) {
      qa = qb;
      da = db;
      continue;
    }
    if (db === 0) return { flowM3h: qb, headM: pumpHeadM(qb) };
    if (Math.sign(da) !== Math.sign(db)) {
      let a = qa;
      let b = qb;
      let fa = da;
      for (let it = 0; it < 200 && b - a > 1e-10 * Math.max(1, Math.abs(hi - lo)); it++) {
        const mid = 0.5 * (a + b);
        const fm = d(mid);
        if (Math.sign(fm) === Math.sign(fa)) {
          a = mid;
          fa = fm;
        } else b = mid;
      }
      const q = 0.5 * (a + b);
      return { flowM3h: q, headM: pumpHeadM(q) };
    }
    qa = qb;
    da = db;
  }
  return undefined;
}
