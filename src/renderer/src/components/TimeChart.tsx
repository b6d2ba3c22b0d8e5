import { Button, ButtonGroup, Tooltip as BpTooltip } from '@blueprintjs/core';
import { useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts/types/synchronisation/types';
import { lttb } from '#shared/series/index';
import './charts/charts.css';

/** One line of a time chart. Times are ms epoch; values in `unit`. */
export interface TimeSeriesInput {
  id: string;
  name: string;
  unit: string;
  color: string;
  precision: number;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Optional min/max envelope aligned with times (aggregated history). */
  mins?: ArrayLike<number>;
  maxs?: ArrayLike<number>;
}

export const CHART_COLORS = ['#2d72d2', '#d9822b', '#29a634', '#cd4246', '#7961db', '#00a396', '#db2c6f', '#8eb125', '#c87619', '#147eb3'];

/** Hard cap per series (ARCHITECTURE: ≤ 2,000 points a series). */
export const MAX_CHART_POINTS = 2000;

type Row = Record<string, number | [number, number] | null>;

const TICK_STEPS_MS = [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/** About `count` round-valued time ticks inside [from, to] (local clock). */
export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const step = TICK_STEPS_MS.find((s) => span / s <= count) ?? Math.ceil(span / count / 86_400_000) * 86_400_000;
  const offset = new Date(from).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

function formatClock(t: number, span: number): string {
  const d = new Date(t);
  if (span > 2 * 86_400_000) return `${d.getMonth() + 1}/${d.getDate()} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toLocaleTimeString([], { hour12: false });
}

/**
 * Time chart over recharts: LTTB to ≤ maxPoints per series, animation off, one y-axis per unit,
 * min/max envelope where history is aggregated, drag or wheel to zoom, buttons to pan, and a
 * cursor readout. Zoom/pan are reported through onRange; the owner fetches history.
 */
export function TimeChart({
  series,
  from,
  to,
  height = 220,
  maxPoints = 800,
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
  /** True while following live data (the "Live" button shows pressed). */
  live?: boolean;
  onLive?: () => void;
  testId?: string;
}) {
  const [drag, setDrag] = useState<{ a: number; b: number } | undefined>();
  const container = useRef<HTMLDivElement>(null);
  const budget = Math.min(MAX_CHART_POINTS, maxPoints);

  const { rows, units } = useMemo(() => {
    const byTime = new Map<number, Row>();
    const unitList: string[] = [];
    for (const s of series) {
      if (!unitList.includes(s.unit)) unitList.push(s.unit);
      // Only the visible range (plus one point either side so lines reach the edges).
      let i0 = 0;
      let i1 = s.times.length;
      while (i0 < i1 && (s.times[i0] as number) < from) i0++;
      while (i1 > i0 && (s.times[i1 - 1] as number) > to) i1--;
      i0 = Math.max(0, i0 - 1);
      i1 = Math.min(s.times.length, i1 + 1);
      const times = Array.prototype.slice.call(s.times, i0, i1) as number[];
      const values = Array.prototype.slice.call(s.values, i0, i1) as number[];
      let idx: ArrayLike<number> | undefined;
      let ts: ArrayLike<number> = times;
      let vs: ArrayLike<number> = values;
      if (times.length > budget) {
        const d = lttb(times, values, budget);
        ts = d.times;
        vs = d.values;
        idx = d.indices;
      }
      for (let k = 0; k < ts.length; k++) {
        const t = ts[k] as number;
        let row = byTime.get(t);
        if (!row) byTime.set(t, (row = { t }));
        const v = vs[k] as number;
        row[s.id] = Number.isFinite(v) ? v : null;
        if (s.mins && s.maxs) {
          const j = i0 + (idx ? (idx[k] as number) : k);
          const lo = s.mins[j] as number;
          const hi = s.maxs[j] as number;
          if (Number.isFinite(lo) && Number.isFinite(hi)) row[`${s.id}__env`] = [lo, hi];
        }
      }
    }
    return { rows: [...byTime.values()].sort((a, b) => (a.t as number) - (b.t as number)), units: unitList };
  }, [series, from, to, budget]);

  const span = to - from;
  const zoom = (factor: number, center = (from + to) / 2) => {
    const half = (span * factor) / 2;
    onRange?.(Math.round(center - half), Math.round(center + half));
  };
  const pan = (fraction: number) => onRange?.(Math.round(from + span * fraction), Math.round(to + span * fraction));
  const labelOf = (st: MouseHandlerDataParam) => (st.activeLabel === undefined ? undefined : Number(st.activeLabel));

  return (
    <div className="swb-timechart" data-testid={testId} ref={container}>
      {onRange ? (
        <div className="swb-chart-tools">
          <ButtonGroup variant="minimal" size="small">
            <BpTooltip content="Pan back">
              <Button icon="chevron-left" onClick={() => pan(-0.5)} aria-label="Pan back" />
            </BpTooltip>
            <BpTooltip content="Zoom in">
              <Button icon="zoom-in" onClick={() => zoom(0.5)} aria-label="Zoom in" />
            </BpTooltip>
            <BpTooltip content="Zoom out">
              <Button icon="zoom-out" onClick={() => zoom(2)} aria-label="Zoom out" data-testid={testId ? `${testId}-zoom-out` : undefined} />
            </BpTooltip>
            <BpTooltip content="Pan forward">
              <Button icon="chevron-right" onClick={() => pan(0.5)} aria-label="Pan forward" />
            </BpTooltip>
            {onLive ? <Button icon="play" text="Live" active={live} onClick={onLive} data-testid={testId ? `${testId}-live` : undefined} /> : null}
          </ButtonGroup>
        </div>
      ) : null}
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={rows}
          margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
          onMouseDown={(st) => {
            const a = labelOf(st);
            if (a !== undefined && onRange) setDrag({ a, b: a });
          }}
          onMouseMove={(st) => {
            const b = labelOf(st);
            if (drag && b !== undefined) setDrag({ ...drag, b });
          }}
          onMouseUp={() => {
            if (drag && Math.abs(drag.b - drag.a) > span / 200) onRange?.(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
            setDrag(undefined);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} ticks={timeTicks(from, to)} allowDataOverflow tickFormatter={(t: number) => formatClock(t, span)} tick={{ fontSize: 11 }} minTickGap={40} />
          {units.map((u, i) => (
            <YAxis
              key={u || '(none)'}
              yAxisId={u || '(none)'}
              orientation={i % 2 === 0 ? 'left' : 'right'}
              tick={{ fontSize: 11 }}
              width={48}
              domain={['auto', 'auto']}
              label={{ value: u, angle: -90, position: i % 2 === 0 ? 'insideLeft' : 'insideRight', fontSize: 11, fill: 'var(--swb-muted)' }}
            />
          ))}
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(t) => new Date(Number(t)).toLocaleString([], { hour12: false })}
            formatter={(value, name, item) => {
              const s = series.find((x) => x.id === item.dataKey || `${x.id}__env` === item.dataKey);
              if (!s) return [String(value), String(name)];
              if (Array.isArray(value)) return [`${Number(value[0]).toFixed(s.precision)} … ${Number(value[1]).toFixed(s.precision)} ${s.unit}`, `${s.name} range`];
              return [`${Number(value).toFixed(s.precision)} ${s.unit}`, s.name];
            }}
            contentStyle={{ background: 'var(--swb-panel)', border: '1px solid var(--swb-border)', fontSize: 12 }}
          />
          {series.map((s) =>
            s.mins && s.maxs ? <Area key={`${s.id}__env`} yAxisId={s.unit || '(none)'} dataKey={`${s.id}__env`} stroke="none" fill={s.color} fillOpacity={0.15} isAnimationActive={false} connectNulls activeDot={false} legendType="none" /> : null,
          )}
          {series.map((s) => (
            <Line key={s.id} yAxisId={s.unit || '(none)'} dataKey={s.id} name={s.name} stroke={s.color} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
          ))}
          {drag ? <ReferenceArea yAxisId={units[0] || '(none)'} x1={drag.a} x2={drag.b} strokeOpacity={0.3} fill="#2d72d2" fillOpacity={0.15} /> : null}
        </ComposedChart>
      </ResponsiveContainer>
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
