import { Button, ButtonGroup, Tooltip as BpTooltip } from '@blueprintjs/core';
import { useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts/types/synchronisation/types';
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

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DAY_CLOCK = new Intl.DateTimeFormat(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

function formatClock(t: number, span: number): string {
  return (span > 2 * 86_400_000 ? DAY_CLOCK : CLOCK).format(t);
}

/**
 * Chart rows on one time grid so the cursor readout shows every series at the same instant.
 * Sparse data (all samples fit the budget) is drawn exactly; dense data is binned: the line is
 * the bin mean and the band the bin's min/max (spikes stay visible; ≤ budget rows in all).
 */
export function buildRows(series: TimeSeriesInput[], from: number, to: number, budget: number): { rows: Row[]; units: string[] } {
  const units: string[] = [];
  const ranges = series.map((s) => {
    if (!units.includes(s.unit)) units.push(s.unit);
    let i0 = 0;
    let i1 = s.times.length;
    while (i0 < i1 && (s.times[i0] as number) < from) i0++;
    while (i1 > i0 && (s.times[i1 - 1] as number) > to) i1--;
    return [i0, i1] as const;
  });
  const total = ranges.reduce((n, [a, b]) => n + (b - a), 0);
  if (total <= budget) {
    const byTime = new Map<number, Row>();
    series.forEach((s, k) => {
      const [i0, i1] = ranges[k]!;
      for (let i = i0; i < i1; i++) {
        const t = s.times[i] as number;
        let row = byTime.get(t);
        if (!row) byTime.set(t, (row = { t }));
        const v = s.values[i] as number;
        row[s.id] = Number.isFinite(v) ? v : null;
        if (s.mins && s.maxs && Number.isFinite(s.mins[i] as number) && Number.isFinite(s.maxs[i] as number)) row[`${s.id}__env`] = [s.mins[i] as number, s.maxs[i] as number];
      }
    });
    return { rows: [...byTime.values()].sort((a, b) => (a.t as number) - (b.t as number)), units };
  }
  const bins = Math.max(2, budget);
  const width = (to - from) / bins;
  const rows: Row[] = [];
  const sum = new Float64Array(bins);
  const cnt = new Uint32Array(bins);
  const lo = new Float64Array(bins);
  const hi = new Float64Array(bins);
  for (let b = 0; b < bins; b++) rows.push({ t: from + (b + 0.5) * width });
  series.forEach((s, k) => {
    const [i0, i1] = ranges[k]!;
    sum.fill(0);
    cnt.fill(0);
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (let i = i0; i < i1; i++) {
      const v = s.values[i] as number;
      if (!Number.isFinite(v)) continue;
      const b = Math.min(bins - 1, Math.floor(((s.times[i] as number) - from) / width));
      sum[b] = sum[b]! + v;
      cnt[b] = cnt[b]! + 1;
      const l = s.mins ? (s.mins[i] as number) : v;
      const h = s.maxs ? (s.maxs[i] as number) : v;
      if (l < lo[b]!) lo[b] = l;
      if (h > hi[b]!) hi[b] = h;
    }
    for (let b = 0; b < bins; b++) {
      const row = rows[b]!;
      if (cnt[b] === 0) continue;
      row[s.id] = sum[b]! / cnt[b]!;
      if (hi[b]! > lo[b]!) row[`${s.id}__env`] = [lo[b]!, hi[b]!];
    }
  });
  return { rows, units };
}

/**
 * Time chart over recharts: ≤ maxPoints rows on one time grid (see buildRows), animation off, one
 * y-axis per unit, min/max envelope, drag to zoom, buttons to zoom and pan, and a cursor readout
 * of every series. Zoom/pan are reported through onRange; the owner fetches history for the range.
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

  const { rows, units } = useMemo(() => buildRows(series, from, to, budget), [series, from, to, budget]);

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
