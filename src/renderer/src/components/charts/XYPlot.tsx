import { useCallback, useEffect, useRef, useState } from 'react';
import { cancelDraw, requestDraw } from './frameScheduler';
import { niceStep } from './chartMath';
import { chartTheme } from './theme';
import './charts.css';

export interface XYSeries {
  id: string;
  name: string;
  color: string;
  /** Points, oldest first. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  n: number;
}

/** XY plots redraw at most this often while live (ms). */
export const XY_REDRAW_MS = 100;
/** Age shades of the points (oldest faint, newest solid): one filled path per shade and series. */
const SHADES = 8;

function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(lo, hi, count);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

function extent(series: XYSeries[], pick: 'xs' | 'ys'): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const a = s[pick];
    for (let i = 0; i < s.n; i++) {
      const v = a[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = hi - lo > 1e-9 ? (hi - lo) * 0.05 : Math.abs(lo) * 0.05 || 1;
  // Whole tick steps: the axes stay put while the operating point moves inside them.
  const step = niceStep(lo - pad, hi + pad, 5);
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

/**
 * Scatter of one channel against another (e.g. head against flow), drawn on a canvas: the newest
 * points are darker so the operating point's path is visible. Data is read at draw time (`read`);
 * `subscribe` reports live data and the plot redraws through the page's frame scheduler at most every
 * XY_REDRAW_MS. Points are filled as one path per age shade rather than one fill per point.
 */
export function XYPlot({
  read,
  subscribe,
  dataKey,
  xLabel,
  yLabel,
  height = 220,
  testId,
}: {
  read: () => XYSeries[];
  subscribe?: (onChange: () => void) => () => void;
  dataKey?: unknown;
  xLabel: string;
  yLabel: string;
  height?: number;
  testId?: string;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(400);
  const props = useRef({ read, xLabel, yLabel, width, height });
  props.current = { read, xLabel, yLabel, width, height };
  const key = useRef({}).current;
  const lastDraw = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const draw = useCallback(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    lastDraw.current = performance.now();
    const { read, xLabel, yLabel, width, height } = props.current;
    const series = read();
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const style = chartTheme(c);
    const [x0, x1] = extent(series, 'xs');
    const [y0, y1] = extent(series, 'ys');
    const L = 60;
    const R = width - 10;
    const T = 8;
    const B = height - 34;
    const xK = (R - L) / (x1 - x0);
    const yK = (B - T) / (y1 - y0);
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = style.grid;
    g.fillStyle = style.muted;
    g.lineWidth = 1;
    g.setLineDash([3, 3]);
    const xt = niceTicks(x0, x1, Math.max(2, Math.floor((R - L) / 80)));
    const yt = niceTicks(y0, y1, Math.max(2, Math.floor((B - T) / 40)));
    g.beginPath();
    for (const x of xt) {
      const px = Math.round(L + (x - x0) * xK) + 0.5;
      g.moveTo(px, T);
      g.lineTo(px, B);
    }
    for (const y of yt) {
      const py = Math.round(B - (y - y0) * yK) + 0.5;
      g.moveTo(L, py);
      g.lineTo(R, py);
    }
    g.stroke();
    g.setLineDash([]);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const x of xt) g.fillText(String(Number(x.toPrecision(4))), L + (x - x0) * xK, B + 4);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const y of yt) g.fillText(String(Number(y.toPrecision(4))), L - 4, B - (y - y0) * yK);
    g.textAlign = 'center';
    g.fillText(xLabel, (L + R) / 2, height - 8);
    g.save();
    g.translate(12, (T + B) / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(yLabel, 0, 0);
    g.restore();
    let points = 0;
    for (const s of series) {
      points += s.n;
      g.fillStyle = s.color;
      for (let shade = 0; shade < SHADES; shade++) {
        const i0 = Math.floor((shade * s.n) / SHADES);
        const i1 = Math.floor(((shade + 1) * s.n) / SHADES);
        if (i1 <= i0) continue;
        g.globalAlpha = 0.25 + (0.75 * (shade + 1)) / SHADES;
        g.beginPath();
        for (let i = i0; i < i1; i++) {
          const px = L + ((s.xs[i] as number) - x0) * xK;
          const py = B - ((s.ys[i] as number) - y0) * yK;
          g.moveTo(px + 2.2, py);
          g.arc(px, py, 2.2, 0, Math.PI * 2);
        }
        g.fill();
      }
      g.globalAlpha = 1;
    }
    if (wrap.current) wrap.current.dataset.points = String(points);
  }, []);

  const redraw = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = undefined;
    requestDraw(key, draw);
  }, [key, draw]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(100, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(100, el.clientWidth));
    return () => {
      ro.disconnect();
      cancelDraw(key);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [key]);

  useEffect(redraw, [redraw, width, height, xLabel, yLabel, dataKey, read]);

  useEffect(() => {
    if (!subscribe) return;
    return subscribe(() => {
      if (timer.current) return;
      const wait = lastDraw.current + XY_REDRAW_MS - performance.now();
      if (wait <= 0) requestDraw(key, draw);
      else timer.current = setTimeout(redraw, wait);
    });
  }, [subscribe, key, draw, redraw]);

  return (
    <div ref={wrap} data-testid={testId}>
      <canvas ref={canvas} style={{ width: '100%', height, display: 'block' }} />
    </div>
  );
}
