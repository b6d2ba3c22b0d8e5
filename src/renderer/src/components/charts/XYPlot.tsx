import { useEffect, useRef, useState } from 'react';
import './charts.css';

export interface XYSeries {
  id: string;
  name: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = hi - lo > 1e-9 ? (hi - lo) * 0.05 : Math.abs(lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

/**
 * Scatter of one channel against another (e.g. head against flow), drawn on a canvas: the newest
 * points are darker so the operating point's path is visible. The caller keeps ≤ 2,000 points.
 */
export function XYPlot({ series, xLabel, yLabel, height = 220, testId }: { series: XYSeries[]; xLabel: string; yLabel: string; height?: number; testId?: string }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(400);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(100, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const style = getComputedStyle(c);
    const grid = style.getPropertyValue('--swb-border').trim() || '#888';
    const muted = style.getPropertyValue('--swb-muted').trim() || '#888';
    const [x0, x1] = extent(series.flatMap((s) => s.points.map((p) => p.x)));
    const [y0, y1] = extent(series.flatMap((s) => s.points.map((p) => p.y)));
    const L = 60;
    const R = width - 10;
    const T = 8;
    const B = height - 34;
    const xOf = (x: number) => L + ((x - x0) / (x1 - x0)) * (R - L);
    const yOf = (y: number) => B - ((y - y0) / (y1 - y0)) * (B - T);
    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = grid;
    g.fillStyle = muted;
    g.setLineDash([3, 3]);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const x of niceTicks(x0, x1, Math.max(2, Math.floor((R - L) / 80)))) {
      g.beginPath();
      g.moveTo(Math.round(xOf(x)) + 0.5, T);
      g.lineTo(Math.round(xOf(x)) + 0.5, B);
      g.stroke();
      g.fillText(String(Number(x.toPrecision(4))), xOf(x), B + 4);
    }
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const y of niceTicks(y0, y1, Math.max(2, Math.floor((B - T) / 40)))) {
      g.beginPath();
      g.moveTo(L, Math.round(yOf(y)) + 0.5);
      g.lineTo(R, Math.round(yOf(y)) + 0.5);
      g.stroke();
      g.fillText(String(Number(y.toPrecision(4))), L - 4, yOf(y));
    }
    g.setLineDash([]);
    g.textAlign = 'center';
    g.fillText(xLabel, (L + R) / 2, height - 8);
    g.save();
    g.translate(12, (T + B) / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(yLabel, 0, 0);
    g.restore();
    for (const s of series) {
      g.fillStyle = s.color;
      const n = s.points.length;
      s.points.forEach((p, i) => {
        g.globalAlpha = 0.25 + (0.75 * (i + 1)) / n;
        g.beginPath();
        g.arc(xOf(p.x), yOf(p.y), 2.2, 0, Math.PI * 2);
        g.fill();
      });
      g.globalAlpha = 1;
    }
  });
  return (
    <div ref={wrap} data-testid={testId} data-points={series.reduce((n, s) => n + s.points.length, 0)}>
      <canvas ref={canvas} style={{ width: '100%', height, display: 'block' }} />
    </div>
  );
}
