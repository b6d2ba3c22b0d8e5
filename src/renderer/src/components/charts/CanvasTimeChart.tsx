import { Button, ButtonGroup } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { buildRows, timeTicks, type TimeSeriesInput } from '../TimeChart';
import './charts.css';

const AXIS_W = 52;
const PAD_TOP = 8;
const PAD_BOTTOM = 20;
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DAY_CLOCK = new Intl.DateTimeFormat(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function cssVar(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/**
 * The live time chart drawn on a canvas: the same rows as TimeChart (one time grid, bin mean line,
 * min/max band, one y-axis per unit), but one draw call per frame instead of an SVG tree, so a
 * dashboard of charts stays within the frame budget at 10 Hz (see docs/benchmarks/monitor.md).
 * Drag to zoom, buttons to zoom/pan/return to live, hover for a readout of every series.
 */
export function CanvasTimeChart({
  series,
  from,
  to,
  height = 220,
  maxPoints = 600,
  onRange,
  live,
  onLive,
  testId,
}: {
  series: TimeSeriesInput[];
  from: number;
  to: number;
  height?: number;
  maxPoints?: number;
  onRange?: (from: number, to: number) => void;
  live?: boolean;
  onLive?: () => void;
  testId?: string;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(400);
  const [hoverX, setHoverX] = useState<number | undefined>();
  const [drag, setDrag] = useState<{ a: number; b: number } | undefined>();
  const { rows, units } = useMemo(() => buildRows(series, from, to, Math.min(2000, maxPoints)), [series, from, to, maxPoints]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(100, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(100, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const leftAxes = units.filter((_, i) => i % 2 === 0);
  const rightAxes = units.filter((_, i) => i % 2 === 1);
  const plotL = leftAxes.length * AXIS_W;
  const plotR = width - rightAxes.length * AXIS_W - 4;
  const plotT = PAD_TOP;
  const plotB = height - PAD_BOTTOM;
  const xOf = (t: number) => plotL + ((t - from) / (to - from)) * (plotR - plotL);
  const tOf = (x: number) => from + ((x - plotL) / (plotR - plotL)) * (to - from);

  // y scale per unit from the data in view (with 5 % headroom).
  const scales = useMemo(() => {
    const m = new Map<string, { lo: number; hi: number }>();
    for (const u of units) m.set(u, { lo: Infinity, hi: -Infinity });
    for (const s of series) {
      const sc = m.get(s.unit)!;
      for (const r of rows) {
        const v = r[s.id];
        const env = r[`${s.id}__env`];
        const lo = Array.isArray(env) ? env[0] : typeof v === 'number' ? v : undefined;
        const hi = Array.isArray(env) ? env[1] : typeof v === 'number' ? v : undefined;
        if (lo !== undefined && lo < sc.lo) sc.lo = lo;
        if (hi !== undefined && hi > sc.hi) sc.hi = hi;
      }
    }
    for (const sc of m.values()) {
      if (!Number.isFinite(sc.lo)) {
        sc.lo = 0;
        sc.hi = 1;
      } else if (sc.hi - sc.lo < 1e-9) {
        const pad = Math.abs(sc.lo) * 0.05 || 1;
        sc.lo -= pad;
        sc.hi += pad;
      } else {
        const pad = (sc.hi - sc.lo) * 0.05;
        sc.lo -= pad;
        sc.hi += pad;
      }
    }
    return m;
  }, [rows, series, units]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const grid = cssVar(c, '--swb-border', '#888');
    const muted = cssVar(c, '--swb-muted', '#888');
    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    // Time grid and labels.
    g.strokeStyle = grid;
    g.fillStyle = muted;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const fmt = to - from > 2 * 86_400_000 ? DAY_CLOCK : CLOCK;
    g.setLineDash([3, 3]);
    for (const t of timeTicks(from, to, Math.max(2, Math.floor((plotR - plotL) / 90)))) {
      const x = Math.round(xOf(t)) + 0.5;
      g.beginPath();
      g.moveTo(x, plotT);
      g.lineTo(x, plotB);
      g.stroke();
      g.fillText(fmt.format(t), x, plotB + 4);
    }
    // Y axes, one per unit; the first unit's ticks also draw the horizontal grid.
    units.forEach((u, i) => {
      const sc = scales.get(u)!;
      const left = i % 2 === 0;
      const k = Math.floor(i / 2);
      const axisX = left ? plotL - k * AXIS_W : plotR + k * AXIS_W;
      g.textAlign = left ? 'right' : 'left';
      g.textBaseline = 'middle';
      for (const v of niceTicks(sc.lo, sc.hi, Math.max(2, Math.floor((plotB - plotT) / 40)))) {
        const y = plotB - ((v - sc.lo) / (sc.hi - sc.lo)) * (plotB - plotT);
        if (i === 0) {
          g.beginPath();
          g.moveTo(plotL, Math.round(y) + 0.5);
          g.lineTo(plotR, Math.round(y) + 0.5);
          g.stroke();
        }
        g.fillText(String(Number(v.toPrecision(4))), left ? axisX - 4 : axisX + 4, y);
      }
      g.save();
      g.translate(left ? axisX - AXIS_W + 8 : axisX + AXIS_W - 6, (plotT + plotB) / 2);
      g.rotate(-Math.PI / 2);
      g.textAlign = 'center';
      g.fillText(u, 0, 0);
      g.restore();
    });
    g.setLineDash([]);
    g.save();
    g.beginPath();
    g.rect(plotL, plotT, plotR - plotL, plotB - plotT);
    g.clip();
    for (const s of series) {
      const sc = scales.get(s.unit)!;
      const yOf = (v: number) => plotB - ((v - sc.lo) / (sc.hi - sc.lo)) * (plotB - plotT);
      // Envelope: upper edge forward, lower edge back, per contiguous run.
      g.fillStyle = s.color;
      g.globalAlpha = 0.18;
      let run: Array<{ x: number; lo: number; hi: number }> = [];
      const flush = () => {
        if (run.length > 1) {
          g.beginPath();
          run.forEach((p, j) => (j === 0 ? g.moveTo(p.x, yOf(p.hi)) : g.lineTo(p.x, yOf(p.hi))));
          for (let j = run.length - 1; j >= 0; j--) g.lineTo(run[j]!.x, yOf(run[j]!.lo));
          g.closePath();
          g.fill();
        }
        run = [];
      };
      for (const r of rows) {
        const env = r[`${s.id}__env`];
        if (Array.isArray(env)) run.push({ x: xOf(r.t as number), lo: env[0], hi: env[1] });
        else if (typeof r[s.id] !== 'number') flush();
      }
      flush();
      g.globalAlpha = 1;
      g.strokeStyle = s.color;
      g.lineWidth = 1.5;
      g.beginPath();
      let started = false;
      for (const r of rows) {
        const v = r[s.id];
        if (typeof v !== 'number') continue;
        const x = xOf(r.t as number);
        const y = yOf(v);
        if (!started) {
          g.moveTo(x, y);
          started = true;
        } else g.lineTo(x, y);
      }
      g.stroke();
      g.lineWidth = 1;
    }
    g.restore();
    if (drag) {
      g.fillStyle = 'rgba(45, 114, 210, 0.18)';
      const a = xOf(drag.a);
      const b = xOf(drag.b);
      g.fillRect(Math.min(a, b), plotT, Math.abs(b - a), plotB - plotT);
    }
    if (hoverX !== undefined && hoverX >= plotL && hoverX <= plotR) {
      g.strokeStyle = muted;
      g.beginPath();
      g.moveTo(Math.round(hoverX) + 0.5, plotT);
      g.lineTo(Math.round(hoverX) + 0.5, plotB);
      g.stroke();
    }
  });

  // Cursor readout: the nearest row that has a value for each series.
  const readout = useMemo(() => {
    if (hoverX === undefined || rows.length === 0 || hoverX < plotL || hoverX > plotR) return undefined;
    const t = tOf(hoverX);
    return {
      t,
      items: series.map((s) => {
        let best: { d: number; v: number; env?: [number, number] } | undefined;
        for (const r of rows) {
          const v = r[s.id];
          if (typeof v !== 'number') continue;
          const d = Math.abs((r.t as number) - t);
          if (!best || d < best.d) {
            const env = r[`${s.id}__env`];
            best = { d, v, ...(Array.isArray(env) ? { env } : {}) };
          }
        }
        return { s, best };
      }),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hoverX, rows, series, plotL, plotR]);

  const span = to - from;
  const zoom = (factor: number) => {
    const c = (from + to) / 2;
    onRange?.(Math.round(c - (span * factor) / 2), Math.round(c + (span * factor) / 2));
  };
  const pan = (f: number) => onRange?.(Math.round(from + span * f), Math.round(to + span * f));
  const xFromEvent = (e: React.MouseEvent) => e.clientX - (canvas.current?.getBoundingClientRect().left ?? 0);

  return (
    <div className="swb-timechart" data-testid={testId} ref={wrap} data-points={rows.length}>
      {onRange ? (
        <div className="swb-chart-tools">
          <ButtonGroup variant="minimal" size="small">
            <Button title="Pan back" icon="chevron-left" onClick={() => pan(-0.5)} aria-label="Pan back" />
            <Button title="Zoom in" icon="zoom-in" onClick={() => zoom(0.5)} aria-label="Zoom in" />
            <Button title="Zoom out (history from the store)" icon="zoom-out" onClick={() => zoom(2)} aria-label="Zoom out" data-testid={testId ? `${testId}-zoom-out` : undefined} />
            <Button title="Pan forward" icon="chevron-right" onClick={() => pan(0.5)} aria-label="Pan forward" />
            {onLive ? <Button icon="play" text="Live" active={live} onClick={onLive} data-testid={testId ? `${testId}-live` : undefined} /> : null}
          </ButtonGroup>
        </div>
      ) : null}
      <canvas
        ref={canvas}
        style={{ width: '100%', height, display: 'block', cursor: onRange ? 'crosshair' : 'default' }}
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
          if (drag && Math.abs(drag.b - drag.a) > span / 200) onRange?.(Math.round(Math.min(drag.a, drag.b)), Math.round(Math.max(drag.a, drag.b)));
          setDrag(undefined);
        }}
      />
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
      <div className="swb-chart-legend">
        {series.map((s) => (
          <span key={s.id} className="swb-chart-legend-item">
            <span className="swb-chart-swatch" style={{ background: s.color }} />
            {s.name}
            {s.unit ? <span className="swb-muted"> [{s.unit}]</span> : null}
          </span>
        ))}
      </div>
    </div>
  );
}
