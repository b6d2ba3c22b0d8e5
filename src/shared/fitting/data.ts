/** Input validation and cleaning shared by every public fitting function. */

export type CleanData = {
  /** Predictor columns (one per variable), finite rows only. */
  cols: Float64Array[];
  y: Float64Array;
  weights: Float64Array | undefined;
  /** Original row index of each kept row. */
  rows: Int32Array;
  dropped: number;
};

export type DataError = { error: string };

function isNumberArray(a: unknown): a is number[] {
  return Array.isArray(a) || ArrayBuffer.isView(a);
}

/**
 * Accepts x as number[] (one predictor) or number[][] (rows of k predictors). Rows with a
 * non-finite x, y or weight are dropped (counted); negative weights are rejected.
 */
export function cleanData(x: unknown, y: unknown, weights: unknown): CleanData | DataError {
  if (!isNumberArray(y)) return { error: 'y must be an array of numbers.' };
  const yy = y as ArrayLike<number>;
  const n = yy.length;
  if (!isNumberArray(x) || (x as ArrayLike<unknown>).length !== n) {
    return { error: `x must be an array with one entry per observation (${n} y values).` };
  }
  const xa = x as ArrayLike<unknown>;
  let k = 1;
  const multi = n > 0 && Array.isArray(xa[0]);
  if (multi) {
    k = (xa[0] as unknown[]).length;
    if (k < 1) return { error: 'Each x row must contain at least one predictor value.' };
    for (let i = 0; i < n; i++) {
      const row = xa[i];
      if (!Array.isArray(row) || row.length !== k) return { error: `x row ${i + 1} does not have ${k} values like the first row.` };
    }
  }
  if (weights !== undefined) {
    if (!isNumberArray(weights) || (weights as ArrayLike<number>).length !== n) {
      return { error: `weights must have one entry per observation (${n}).` };
    }
    const w = weights as ArrayLike<number>;
    for (let i = 0; i < n; i++) if (w[i]! < 0) return { error: `Weight ${i + 1} is negative; weights must be ≥ 0.` };
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = typeof yy[i] === 'number' && Number.isFinite(yy[i]);
    if (ok && weights !== undefined) ok = Number.isFinite((weights as ArrayLike<number>)[i]);
    if (ok) {
      if (multi) {
        for (const v of xa[i] as unknown[]) if (typeof v !== 'number' || !Number.isFinite(v)) ok = false;
      } else {
        const v = xa[i];
        ok = typeof v === 'number' && Number.isFinite(v);
      }
    }
    if (ok) keep.push(i);
  }
  const cols = Array.from({ length: k }, () => new Float64Array(keep.length));
  const yo = new Float64Array(keep.length);
  const wo = weights !== undefined ? new Float64Array(keep.length) : undefined;
  keep.forEach((i, r) => {
    yo[r] = yy[i]!;
    if (wo) wo[r] = (weights as ArrayLike<number>)[i]!;
    if (multi) {
      const row = xa[i] as number[];
      for (let c = 0; c < k; c++) cols[c]![r] = row[c]!;
    } else cols[0]![r] = xa[i] as number;
  });
  return { cols, y: yo, weights: wo, rows: Int32Array.from(keep), dropped: n - keep.length };
}

/** Number of observations with positive weight. */
export function effectiveCount(data: CleanData): number {
  if (!data.weights) return data.y.length;
  let c = 0;
  for (const w of data.weights) if (w > 0) c++;
  return c;
}
