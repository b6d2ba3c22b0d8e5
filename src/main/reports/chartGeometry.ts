import type { ChartAxis, ChartBlock } from '#shared/rpc/domains/reports';

/** Series colours: distinguishable in print and for common colour-vision deficiencies (Okabe–Ito based). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a5195', '#444444'];

export interface AxisScale {
  min: number;
  max: number;
  ticks: number[];
  /** Maps a data value to [0, 1] along the axis. */
  norm(v: number): number;
  format(v: number): string;
}

/** A "nice" step (1, 2, 2.5, 5 × 10^k) so that about `target` ticks cover the span. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

export function scaleFor(axis: ChartAxis | undefined, values: number[], targetTicks = 6): AxisScale {
  const finite = values.filter(Number.isFinite);
  let lo = axis?.min ?? (finite.length ? Math.min(...finite) : 0);
  let hi = axis?.max ?? (finite.length ? Math.max(...finite) : 1);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  const step = niceStep(hi - lo, targetTicks);
  // Round the auto ends out to whole steps; honour explicit ends exactly.
  const min = axis?.min ?? Math.floor(lo / step + 1e-9) * step;
  const max = axis?.max ?? Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-6; t += step) ticks.push(Number(t.toPrecision(12)));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return {
    min,
    max,
    ticks,
    norm: (v) => (max === min ? 0.5 : (v - min) / (max - min)),
    format: (v) => {
      if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0)) return v.toExponential(1);
      return v.toFixed(Math.min(decimals + (step / 10 ** -decimals === 2.5 ? 1 : 0), 6));
    },
  };
}

export interface ChartScales {
  x: AxisScale;
  y: AxisScale;
  y2: AxisScale | undefined;
}

export function chartScales(chart: ChartBlock): ChartScales {
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = chart.series.filter((s) => s.axis !== 'y2').flatMap((s) => s.points.map((p) => p[1]));
  const y2s = chart.series.filter((s) => s.axis === 'y2').flatMap((s) => s.points.map((p) => p[1]));
  return {
    x: scaleFor(chart.x, xs, 8),
    y: scaleFor(chart.y, ys, 6),
    y2: chart.y2 || y2s.length > 0 ? scaleFor(chart.y2, y2s, 6) : undefined,
  };
}

export function seriesColor(chart: ChartBlock, index: number): string {
  return chart.series[index]?.color ?? PALETTE[index % PALETTE.length]!;
}
