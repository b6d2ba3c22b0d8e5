/** Numeric helpers of the canvas charts: binning to pixels and y-scales on nice ticks. */

/** Columns of one series (times ascending, ms); `mins`/`maxs` are an aggregated envelope when present. */
export interface ChartColumns {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  mins?: ArrayLike<number> | undefined;
  maxs?: ArrayLike<number> | undefined;
}

/** Points to draw: time, value (bin mean) and band (bin min/max); only the first `n` entries are used. */
export interface BinnedSeries {
  n: number;
  t: Float64Array;
  v: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Some point has a band with height (hi > lo). */
  hasEnv: boolean;
}

/** First index with times[i] ≥ x (or > x when `after`). */
export function searchTime(times: ArrayLike<number>, x: number, after = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = times[mid] as number;
    if (t < x || (after && t === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ensure(b: BinnedSeries | undefined, size: number): BinnedSeries {
  if (b && b.t.length >= size) return b;
  const cap = Math.max(16, size);
  return { n: 0, t: new Float64Array(cap), v: new Float64Array(cap), lo: new Float64Array(cap), hi: new Float64Array(cap), hasEnv: false };
}

/**
 * The points of [from, to] to draw with `bins` pixels: every sample when they fit (sparse data is drawn
 * exactly), otherwise one point per bin — the mean, with the bin's min/max as band. Bins sit on
 * multiples of the bin width in absolute time, so a sliding live window keeps the same bins (no
 * shimmer as it moves). Non-finite values are skipped. `into` is reused when large enough.
 */
export function binSeries(c: ChartColumns, from: number, to: number, bins: number, into?: BinnedSeries): BinnedSeries {
  const i0 = searchTime(c.times, from);
  const i1 = searchTime(c.times, to, true);
  const env = c.mins !== undefined && c.maxs !== undefined;
  if (i1 - i0 <= bins || !(to > from)) {
    const out = ensure(into, i1 - i0);
    let n = 0;
    let hasEnv = false;
    for (let i = i0; i < i1; i++) {
      const v = c.values[i] as number;
      if (!Number.isFinite(v)) continue;
      let lo = v;
      let hi = v;
      if (env) {
        const a = c.mins![i] as number;
        const b = c.maxs![i] as number;
        if (Number.isFinite(a) && Number.isFinite(b)) {
          lo = a;
          hi = b;
          if (hi > lo) hasEnv = true;
        }
      }
      out.t[n] = c.times[i] as number;
      out.v[n] = v;
      out.lo[n] = lo;
      out.hi[n] = hi;
      n++;
    }
    out.n = n;
    out.hasEnv = hasEnv;
    return out;
  }
  const w = (to - from) / bins;
  const base = Math.floor(from / w);
  const nb = Math.floor(to / w) - base + 1;
  const out = ensure(into, nb);
  // Accumulate in place: t holds the sum, v the count until the compaction below.
  const sum = out.t;
  const cnt = out.v;
  sum.fill(0, 0, nb);
  cnt.fill(0, 0, nb);
  out.lo.fill(Infinity, 0, nb);
  out.hi.fill(-Infinity, 0, nb);
  for (let i = i0; i < i1; i++) {
    const v = c.values[i] as number;
    if (!Number.isFinite(v)) continue;
    const b = Math.min(nb - 1, Math.max(0, Math.floor((c.times[i] as number) / w) - base));
    sum[b]! += v;
    cnt[b]! += 1;
    let lo = v;
    let hi = v;
    if (env) {
      const a = c.mins![i] as number;
      const z = c.maxs![i] as number;
      if (Number.isFinite(a) && Number.isFinite(z)) {
        lo = a;
        hi = z;
      }
    }
    if (lo < out.lo[b]!) out.lo[b] = lo;
    if (hi > out.hi[b]!) out.hi[b] = hi;
  }
  let n = 0;
  let hasEnv = false;
  for (let b = 0; b < nb; b++) {
    const k = cnt[b]!;
    if (k === 0) continue;
    const mean = sum[b]! / k;
    out.t[n] = Math.min(to, Math.max(from, (base + b + 0.5) * w));
    out.v[n] = mean;
    out.lo[n] = out.lo[b]!;
    out.hi[n] = out.hi[b]!;
    if (out.hi[n]! > out.lo[n]!) hasEnv = true;
    n++;
  }
  out.n = n;
  out.hasEnv = hasEnv;
  return out;
}

/** A 1, 2, 2.5 or 5 × 10ⁿ step giving about `count` intervals over [lo, hi]. */
export function niceStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-12)) ?? raw;
}

/**
 * The y-scale of the series sharing a unit: the data's band plus 2 % headroom, widened to whole tick
 * steps. The axis therefore changes only when the data crosses a tick, not on every sample, and the
 * axis layer of the chart can be reused between draws.
 */
export function scaleFor(series: BinnedSeries[], ticks: number): { lo: number; hi: number; step: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.n; i++) {
      if (s.lo[i]! < lo) lo = s.lo[i]!;
      if (s.hi[i]! > hi) hi = s.hi[i]!;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: 0, hi: 1, step: niceStep(0, 1, ticks) };
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(lo))) {
    const pad = Math.abs(lo) * 0.05 || 1;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.02;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(lo, hi, ticks);
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  return { lo: Number(a.toPrecision(12)), hi: Number((b > a ? b : a + step).toPrecision(12)), step };
}
