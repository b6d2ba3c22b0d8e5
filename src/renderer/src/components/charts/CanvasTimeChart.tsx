import { Button, ButtonGroup } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { timeTicks } from '../TimeChart';
import { cancelDraw, requestDraw } from './frameScheduler';
import { chartTheme } from './theme';
import { binSeries, scaleFor, type BinnedSeries, type ChartColumns } from './chartMath';
import './charts.css';

const AXIS_W = 52;
const PAD_TOP = 8;
const PAD_BOTTOM = 20;
const FONT = '11px system-ui, sans-serif';
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DAY_CLOCK = new Intl.DateTimeFormat(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const EMPTY: ChartColumns = { times: [], values: [] };
/** Live charts redraw at most this often (ms): the 10 Hz tick of the live feed. */
export const MIN_REDRAW_MS = 100;

/** What a series looks like: legend, colour, unit (one y-axis per unit) and readout precision. */
export interface ChartSeries {
  id: string;
  name: string;
  unit: string;
  color: string;
  precision: number;
}

/** The data to draw now: the time range and one column set per series (same order as `series`). */
export interface ChartData {
  from: number;
  to: number;
  columns: ChartColumns[];
}

/** Clock labels by tick time: a live chart's ticks stay the same for a whole tick step. */
const labelCache = new Map<string, string>();
function clockLabel(t: number, long: boolean): string {
  const k = `${long ? 'd' : 'c'}${t}`;
  let s = labelCache.get(k);
  if (s === undefined) {
    if (labelCache.size > 500) labelCache.clear();
    s = (long ? DAY_CLOCK : CLOCK).format(t);
    labelCache.set(k, s);
  }
  return s;
}

interface Model {
  from: number;
  to: number;
  plotL: number;
  plotR: number;
  binned: BinnedSeries[];
}

/**
 * The live time chart drawn on a canvas: one time grid, bin mean line with the bin's min/max band,
 * one y-axis per unit. Data is read at draw time through `read` (no React render per live tick):
 * `subscribe` reports new live data, and the chart redraws through the page's frame scheduler when
 * the time axis has moved by a pixel (at most every MIN_REDRAW_MS), so several charts share the
 * frames instead of drawing in the same one. The y-axes and grid are drawn once into an offscreen
 * layer and reused until the scales, size or theme change; the cursor and the zoom selection live on
 * an overlay canvas, so hovering never redraws the data.
 * Drag to zoom, buttons to zoom/pan/return to live, hover for a readout of every series.
 */
export function CanvasTimeChart({
  series,
  read,
  subscribe,
  dataKey,
  height = 220,
  maxPoints = 600,
  onRange,
  live,
  onLive,
  testId,
}: {
  series: ChartSeries[];
  /** The data to draw; called at draw time. */
  read: () => ChartData;
  /** New data may be available (live feed); returns the unsubscribe function. */
  subscribe?: (onChange: () => void) => () => void;
  /** A change of this value redraws (another view, history arrived, paused). */
  dataKey?: unknown;
  height?: number;
  maxPoints?: number;
  onRange?: (from: number, to: number) => void;
  live?: boolean;
  onLive?: () => void;
  testId?: string;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const layer = useRef<{ canvas: HTMLCanvasElement; key: string } | undefined>(undefined);
  const model = useRef<Model | undefined>(undefined);
  const buffers = useRef<BinnedSeries[]>([]);
  const lastDraw = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [width, setWidth] = useState(400);
  const [hoverX, setHoverX] = useState<number | undefined>();
  const [drag, setDrag] = useState<{ a: number; b: number } | undefined>();
  const [drawn, setDrawn] = useState(0);
  const hovering = useRef(false);
  hovering.current = hoverX !== undefined;

  // Everything a draw needs, current at draw time (the scheduler calls back later).
  const props = useRef({ series, read, width, height, maxPoints });
  props.current = { series, read, width, height, maxPoints };
  const key = useRef({}).current;

  const draw = useCallback(() => {
    const c = canvas.current;
    const { series, read, width, height, maxPoints } = props.current;
    if (!c) return;
    lastDraw.current = performance.now();
    const g = c.getContext('2d');
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (c.width !== pw || c.height !== ph) {
      c.width = pw;
      c.height = ph;
    }
    const { from, to, columns } = read();
    const units: string[] = [];
    for (const s of series) if (!units.includes(s.unit)) units.push(s.unit);
    const leftN = Math.ceil(units.length / 2);
    const rightN = Math.floor(units.length / 2);
    const plotL = leftN * AXIS_W;
    const plotR = width - rightN * AXIS_W - 4;
    const plotT = PAD_TOP;
    const plotB = height - PAD_BOTTOM;
    const bins = Math.max(2, Math.min(maxPoints, Math.round(plotR - plotL)));
    const binned = series.map((_, i) => (buffers.current[i] = binSeries(columns[i] ?? EMPTY, from, to, bins, buffers.current[i])));
    buffers.current.length = series.length;
    const yTicks = Math.max(2, Math.floor((plotB - plotT) / 40));
    const scales = new Map<string, { lo: number; hi: number; step: number }>();
    for (const u of units) scales.set(u, scaleFor(binned.filter((_, i) => series[i]!.unit === u), yTicks));
    const t = chartTheme(c);

    // Static layer: y-axes, horizontal grid, unit names; redrawn only when one of them changes.
    const layerKey = `${pw}x${ph}|${t.key}|${units.join('\u0001')}|${[...scales.values()].map((s) => `${s.lo},${s.hi},${s.step}`).join(';')}`;
    if (layer.current?.key !== layerKey) {
      const lc = layer.current?.canvas ?? document.createElement('canvas');
      lc.width = pw;
      lc.height = ph;
      const lg = lc.getContext('2d')!;
      lg.setTransform(dpr, 0, 0, dpr, 0, 0);
      lg.clearRect(0, 0, width, height);
      lg.font = FONT;
      lg.lineWidth = 1;
      lg.strokeStyle = t.grid;
      lg.fillStyle = t.muted;
      lg.setLineDash([3, 3]);
      units.forEach((u, i) => {
        const sc = scales.get(u)!;
        const left = i % 2 === 0;
        const k = Math.floor(i / 2);
        const axisX = left ? plotL - k * AXIS_W : plotR + k * AXIS_W;
        lg.textAlign = left ? 'right' : 'left';
        lg.textBaseline = 'middle';
        const n = Math.round((sc.hi - sc.lo) / sc.step);
        for (let j = 0; j <= n; j++) {
          const v = sc.lo + j * sc.step;
          const y = plotB - ((v - sc.lo) / (sc.hi - sc.lo)) * (plotB - plotT);
          if (i === 0) {
            lg.beginPath();
            lg.moveTo(plotL, Math.round(y) + 0.5);
            lg.lineTo(plotR, Math.round(y) + 0.5);
            lg.stroke();
          }
          lg.fillText(String(Number(v.toPrecision(4))), left ? axisX - 4 : axisX + 4, y);
        }
        lg.save();
        lg.translate(left ? axisX - AXIS_W + 8 : axisX + AXIS_W - 6, (plotT + plotB) / 2);
        lg.rotate(-Math.PI / 2);
        lg.textAlign = 'center';
        lg.fillText(u, 0, 0);
        lg.restore();
      });
      layer.current = { canvas: lc, key: layerKey };
    }

    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, pw, ph);
    g.drawImage(layer.current.canvas, 0, 0);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const xScale = (plotR - plotL) / (to - from);
    // Time grid and labels (they move with a live chart).
    g.font = FONT;
    g.lineWidth = 1;
    g.strokeStyle = t.grid;
    g.fillStyle = t.muted;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    g.setLineDash([3, 3]);
    const long = to - from > 2 * 86_400_000;
    g.beginPath();
    const ticks = timeTicks(from, to, Math.max(2, Math.floor((plotR - plotL) / 90)));
    for (const tt of ticks) {
      const x = Math.round(plotL + (tt - from) * xScale) + 0.5;
      g.moveTo(x, plotT);
      g.lineTo(x, plotB);
    }
    g.stroke();
    for (const tt of ticks) g.fillText(clockLabel(tt, long), Math.round(plotL + (tt - from) * xScale) + 0.5, plotB + 4);
    g.setLineDash([]);

    // Series: band (bin min/max) then the mean line, clipped to the plot.
    g.save();
    g.beginPath();
    g.rect(plotL, plotT, plotR - plotL, plotB - plotT);
    g.clip();
    let points = 0;
    series.forEach((s, i) => {
      const b = binned[i]!;
      if (b.n === 0) return;
      points += b.n;
      const sc = scales.get(s.unit)!;
      const yK = (plotB - plotT) / (sc.hi - sc.lo);
      const xOf = (tt: number) => plotL + (tt - from) * xScale;
      const yOf = (v: number) => plotB - (v - sc.lo) * yK;
      if (b.hasEnv) {
        g.fillStyle = s.color;
        g.globalAlpha = 0.18;
        g.beginPath();
        // One sub-path per run of bins whose band has height: upper edge forward, lower edge back.
        let j = 0;
        while (j < b.n) {
          while (j < b.n && !(b.hi[j]! > b.lo[j]!)) j++;
          const start = j;
          while (j < b.n && b.hi[j]! > b.lo[j]!) j++;
          if (j - start > 1) {
            g.moveTo(xOf(b.t[start]!), yOf(b.hi[start]!));
            for (let k = start + 1; k < j; k++) g.lineTo(xOf(b.t[k]!), yOf(b.hi[k]!));
            for (let k = j - 1; k >= start; k--) g.lineTo(xOf(b.t[k]!), yOf(b.lo[k]!));
            g.closePath();
          }
        }
        g.fill();
        g.globalAlpha = 1;
      }
      g.strokeStyle = s.color;
      g.lineWidth = 1.5;
      g.beginPath();
      g.moveTo(xOf(b.t[0]!), yOf(b.v[0]!));
      for (let k = 1; k < b.n; k++) g.lineTo(xOf(b.t[k]!), yOf(b.v[k]!));
      g.stroke();
    });
    g.restore();
    if (points === 0) {
      g.fillStyle = t.muted;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText(to > from ? 'No samples in this range' : 'Empty time range', (plotL + plotR) / 2, (plotT + plotB) / 2);
    }
    model.current = { from, to, plotL, plotR, binned };
    if (wrap.current) wrap.current.dataset.points = String(points);
    // A hovering user sees the readout follow the data.
    if (hovering.current) setDrawn((n) => n + 1);
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

  // Size, series or data changed: draw in the next free frame.
  const seriesKey = series.map((s) => `${s.id}\u0001${s.unit}\u0001${s.color}`).join('\u0002');
  useEffect(redraw, [redraw, width, height, maxPoints, seriesKey, dataKey, read]);

  // Live data: redraw once the time axis has moved by a pixel, but not more often than MIN_REDRAW_MS.
  useEffect(() => {
    if (!subscribe) return;
    return subscribe(() => {
      if (timer.current) return;
      const m = model.current;
      const pxMs = m && m.plotR > m.plotL ? (m.to - m.from) / (m.plotR - m.plotL) : 0;
      const wait = lastDraw.current + Math.max(MIN_REDRAW_MS, Math.min(1000, pxMs)) - performance.now();
      if (wait <= 0) requestDraw(key, draw);
      else timer.current = setTimeout(redraw, wait);
    });
  }, [subscribe, key, draw, redraw]);

  // Cursor line and zoom selection on the overlay.
  useEffect(() => {
    const c = overlay.current;
    const m = model.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (c.width !== pw || c.height !== ph) {
      c.width = pw;
      c.height = ph;
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    if (!m) return;
    const plotT = PAD_TOP;
    const plotB = height - PAD_BOTTOM;
    const xOf = (tt: number) => m.plotL + ((tt - m.from) / (m.to - m.from)) * (m.plotR - m.plotL);
    if (drag) {
      g.fillStyle = 'rgba(45, 114, 210, 0.18)';
      const a = xOf(drag.a);
      const b = xOf(drag.b);
      g.fillRect(Math.min(a, b), plotT, Math.abs(b - a), plotB - plotT);
    }
    if (hoverX !== undefined && hoverX >= m.plotL && hoverX <= m.plotR) {
      g.strokeStyle = chartTheme(c).muted;
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(Math.round(hoverX) + 0.5, plotT);
      g.lineTo(Math.round(hoverX) + 0.5, plotB);
      g.stroke();
    }
  }, [hoverX, drag, width, height]);

  const m = model.current;
  const tOf = (x: number) => (m ? m.from + ((x - m.plotL) / (m.plotR - m.plotL)) * (m.to - m.from) : 0);

  // Cursor readout: the nearest drawn point of each series.
  let readout: { t: number; items: Array<{ s: ChartSeries; best?: { v: number; env?: [number, number] } }> } | undefined;
  if (m && hoverX !== undefined && hoverX >= m.plotL && hoverX <= m.plotR && m.binned.some((b) => b.n > 0)) {
    const t = tOf(hoverX);
    readout = {
      t,
      items: series.map((s, i) => {
        const b = m.binned[i];
        if (!b || b.n === 0) return { s };
        let lo = 0;
        let hi = b.n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (b.t[mid]! < t) lo = mid + 1;
          else hi = mid;
        }
        const k = lo > 0 && Math.abs(b.t[lo - 1]! - t) <= Math.abs(b.t[lo]! - t) ? lo - 1 : lo;
        return { s, best: { v: b.v[k]!, ...(b.hi[k]! > b.lo[k]! ? { env: [b.lo[k]!, b.hi[k]!] as [number, number] } : {}) } };
      }),
    };
  }
  void drawn;

  const range = () => (m ? { from: m.from, to: m.to } : read());
  const zoom = (factor: number) => {
    const { from, to } = range();
    const c = (from + to) / 2;
    const span = to - from;
    onRange?.(Math.round(c - (span * factor) / 2), Math.round(c + (span * factor) / 2));
  };
  const pan = (f: number) => {
    const { from, to } = range();
    const span = to - from;
    onRange?.(Math.round(from + span * f), Math.round(to + span * f));
  };
  const xFromEvent = (e: React.MouseEvent) => e.clientX - (canvas.current?.getBoundingClientRect().left ?? 0);

  // Toolbar and legend change only with the series and the mode, not with the data or the cursor.
  const zoomRef = useRef({ zoom, pan });
  zoomRef.current = { zoom, pan };
  const hasRange = onRange !== undefined;
  const tools = useMemo(
    () =>
      hasRange ? (
        <div className="swb-chart-tools">
          <ButtonGroup variant="minimal" size="small">
            <Button title="Pan back" icon="chevron-left" onClick={() => zoomRef.current.pan(-0.5)} aria-label="Pan back" />
            <Button title="Zoom in" icon="zoom-in" onClick={() => zoomRef.current.zoom(0.5)} aria-label="Zoom in" />
            <Button title="Zoom out (history from the store)" icon="zoom-out" onClick={() => zoomRef.current.zoom(2)} aria-label="Zoom out" data-testid={testId ? `${testId}-zoom-out` : undefined} />
            <Button title="Pan forward" icon="chevron-right" onClick={() => zoomRef.current.pan(0.5)} aria-label="Pan forward" />
            {onLive ? <Button icon="play" text="Live" active={live} onClick={onLive} data-testid={testId ? `${testId}-live` : undefined} /> : null}
          </ButtonGroup>
        </div>
      ) : null,
    [hasRange, onLive, live, testId],
  );
  const legend = useMemo(
    () => (
      <div className="swb-chart-legend">
        {series.map((s) => (
          <span key={s.id} className="swb-chart-legend-item">
            <span className="swb-chart-swatch" style={{ background: s.color }} />
            {s.name}
            {s.unit ? <span className="swb-muted"> [{s.unit}]</span> : null}
          </span>
        ))}
      </div>
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series.map((s) => `${s.id}\u0001${s.name}\u0001${s.unit}\u0001${s.color}`).join('\u0002')],
  );

  return (
    <div className="swb-timechart" data-testid={testId} ref={wrap}>
      {tools}
      <div className="swb-chart-canvases" style={{ height }}>
        <canvas ref={canvas} style={{ width: '100%', height, display: 'block' }} />
        <canvas
          ref={overlay}
          className="swb-chart-overlay"
          style={{ width: '100%', height, cursor: onRange ? 'crosshair' : 'default' }}
          onMouseMove={(e) => {
            const x = xFromEvent(e);
            setHoverX(x);
            if (drag) setDrag({ ...drag, b: tOf(x) });
          }}
          onMouseLeave={() => {
            setHoverX(undefined);
            setDrag(undefined);
          }}
          onMouseDown={(e) => onRange && setDrag({ a: tOf(xFromEvent(e)), b: tOf(xFromEvent(e)) })}
          onMouseUp={() => {
            const span = m ? m.to - m.from : 0;
            if (drag && Math.abs(drag.b - drag.a) > span / 200) onRange?.(Math.round(Math.min(drag.a, drag.b)), Math.round(Math.max(drag.a, drag.b)));
            setDrag(undefined);
          }}
        />
      </div>
      {readout ? (
        <div className="swb-chart-readout" style={{ left: Math.min(hoverX! + 12, width - 220) }} data-testid={testId ? `${testId}-readout` : undefined}>
          <div className="swb-muted">{new Date(readout.t).toLocaleTimeString([], { hour12: false })}</div>
          {readout.items.map(({ s, best }) => (
            <div key={s.id}>
              <span className="swb-chart-swatch" style={{ background: s.color }} /> {s.name}: <strong>{best ? best.v.toFixed(s.precision) : '—'}</strong> {s.unit}
              {best?.env ? <span className="swb-muted"> ({best.env[0].toFixed(s.precision)} … {best.env[1].toFixed(s.precision)})</span> : null}
            </div>
          ))}
        </div>
      ) : null}
      {legend}
    </div>
  );
}
