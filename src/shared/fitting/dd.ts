/**
 * Error-free transformations and a minimal double-double ("dd", ~32 significant digits) arithmetic.
 * Used only where the last digits matter: residuals for iterative refinement and the conversion of
 * polynomial coefficients from the scaled basis back to powers of the original x.
 */

/** Dekker's splitter 2^27 + 1 for IEEE binary64. */
const SPLITTER = 134217729;

/** A double-double value hi + lo with |lo| ≤ ulp(hi)/2. */
export type DD = { hi: number; lo: number };

/** s + e = a + b exactly (Knuth). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  const e = a - (s - bb) + (b - bb);
  return { hi: s, lo: e };
}

/** p + e = a·b exactly (Dekker; no FMA in JavaScript). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return { hi: p, lo: e };
}

export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let lo = s.lo + t.hi;
  let r = twoSum(s.hi, lo);
  lo = r.lo + t.lo;
  r = twoSum(r.hi, lo);
  return r;
}

export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  const lo = p.lo + (a.hi * b.lo + a.lo * b.hi);
  return twoSum(p.hi, lo);
}

export function ddMulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  const lo = p.lo + a.lo * b;
  return twoSum(p.hi, lo);
}

/** a / b in double-double (one Newton correction). */
export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  const r = ddAdd(a, ddMulNum(b, -q1));
  const q2 = r.hi / b.hi;
  const r2 = ddAdd(r, ddMulNum(b, -q2));
  const q3 = r2.hi / b.hi;
  return ddAdd(twoSum(q1, q2), dd(q3));
}
