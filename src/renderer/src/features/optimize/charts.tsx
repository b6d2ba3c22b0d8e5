import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, Cell } from 'recharts';
import { evalPoly } from '#shared/hydraulics/station';
import type { ParetoSolution, PumpOperation, ScheduleSolution, Station } from '#shared/optimize/index';

/** Colours per pump (stable by index), readable in light and dark themes. */
export const PUMP_COLORS = ['#2d72d2', '#d9822b', '#238551', '#9d3f9d', '#cd4246', '#00a396', '#7961db', '#946638'];
export const pumpColor = (i: number) => PUMP_COLORS[i % PUMP_COLORS.length]!;

const tick = { fontSize: 11 };
const tooltipStyle = { background: 'var(--swb-panel)', border: '1px solid var(--swb-border)', fontSize: 12 };
const fmt4 = (v: number) => String(Number(v.toPrecision(4)));
/** Points per curve: smooth at chart size, far below the 2,000-point budget. */
const CURVE_POINTS = 80;

type Pt = { q: number; h: number };

/** Head curve of a pump at speed ratio s over its allowed window (affinity laws: Q ∝ s, H ∝ s²). */
export function pumpCurveAt(station: Station, index: number, s: number): Pt[] {
  const p = station.pumps[index]!;
  const [lo, hi] = p.flowRange;
  return Array.from({ length: CURVE_POINTS }, (_, i) => {
    const qr = lo + ((hi - lo) * i) / (CURVE_POINTS - 1);
    return { q: s * qr, h: s * s * evalPoly(p.head.coeffs, qr) };
  });
}

/** Flow of a decreasing curve at head h by linear interpolation, undefined outside it. */
function flowAtHead(curve: Pt[], h: number): number | undefined {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    if ((a.h - h) * (b.h - h) <= 0 && a.h !== b.h) return a.q + ((h - a.h) * (b.q - a.q)) / (b.h - a.h);
  }
  return undefined;
}

/** Parallel combination: at each head, the sum of the running pumps' flows (where every pump reaches that head). */
function combinedCurve(curves: Pt[][]): Pt[] {
  if (curves.length < 2) return [];
  const hMax = Math.min(...curves.map((c) => Math.max(...c.map((p) => p.h))));
  const hMin = Math.max(...curves.map((c) => Math.min(...c.map((p) => p.h))));
  if (!(hMax > hMin)) return [];
  const out: Pt[] = [];
  for (let i = 0; i < CURVE_POINTS; i++) {
    const h = hMax - ((hMax - hMin) * i) / (CURVE_POINTS - 1);
    const flows = curves.map((c) => flowAtHead(c, h));
    if (flows.every((f) => f !== undefined)) out.push({ q: flows.reduce((s, f) => s + f!, 0), h });
  }
  return out;
}

/**
 * Operating-point chart: each running pump's head curve at its chosen speed, their parallel
 * combination, the system curve, and the operating point (station and per pump).
 */
export function OperatingPointChart({ station, pumps, flowM3h, headM, height = 280 }: { station: Station; pumps: PumpOperation[]; flowM3h: number; headM: number; height?: number }) {
  const running = pumps.map((p, i) => ({ p, i })).filter((x) => x.p.on);
  const curves = running.map(({ p, i }) => ({ id: p.id, i, points: pumpCurveAt(station, i, p.speedRatio) }));
  const combined = combinedCurve(curves.map((c) => c.points));
  const qMax = Math.max(flowM3h * 1.25, ...curves.flatMap((c) => c.points.map((p) => p.q)), ...combined.map((p) => p.q));
  const system = Array.from({ length: CURVE_POINTS }, (_, i) => {
    const q = (qMax * i) / (CURVE_POINTS - 1);
    return { q, h: station.system.staticHeadM + station.system.k * q * q };
  });
  const pumpPoints = running.map(({ p }) => ({ q: p.flowM3h, h: p.headM, name: p.id }));
  return (
    <div data-testid="operating-chart">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart margin={{ top: 6, right: 16, bottom: 18, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
          <XAxis dataKey="q" type="number" domain={[0, Math.ceil(qMax / 50) * 50]} tick={tick} tickFormatter={fmt4} label={{ value: 'Flow Q, m³/h', position: 'insideBottom', offset: -10, fontSize: 11, fill: 'var(--swb-muted)' }} />
          <YAxis dataKey="h" type="number" domain={[0, 'auto']} tick={tick} width={52} tickFormatter={fmt4} label={{ value: 'Head H, m', angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: 'var(--swb-muted)', style: { textAnchor: 'middle' } }} />
          <Tooltip isAnimationActive={false} contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} labelFormatter={(q) => `Q ${Number(q).toFixed(1)} m³/h`} />
          <Legend wrapperStyle={{ fontSize: 11 }} verticalAlign="top" height={22} />
          {curves.map((c) => (
            <Line key={c.id} data={c.points} dataKey="h" name={`${c.id} @ ${(running.find((r) => r.p.id === c.id)!.p.speedRatio).toFixed(3)}`} stroke={pumpColor(c.i)} dot={false} strokeWidth={1.5} isAnimationActive={false} />
          ))}
          {combined.length > 0 ? <Line data={combined} dataKey="h" name="Combined" stroke="var(--opt-combined)" strokeDasharray="6 3" dot={false} strokeWidth={2} isAnimationActive={false} /> : null}
          <Line data={system} dataKey="h" name="System curve" stroke="var(--opt-system)" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Scatter data={pumpPoints} dataKey="h" name="Pump points" fill="#8f99a8" isAnimationActive={false} />
          <Scatter data={[{ q: flowM3h, h: headM }]} dataKey="h" name="Operating point" fill="#cd4246" shape="diamond" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Pareto front: power against the second objective; click a point to select it. */
export function ParetoChart({ solutions, secondLabel, selected, onSelect, height = 240 }: { solutions: ParetoSolution[]; secondLabel: string; selected: number; onSelect: (i: number) => void; height?: number }) {
  const data = solutions.map((s, i) => ({ x: s.objectives[0], y: s.objectives[1], i }));
  // Fronts can be narrow (a few watts wide): enough digits that neighbouring ticks differ.
  const span = (vals: number[]) => Math.max(...vals) - Math.min(...vals);
  const digits = (vals: number[]) => {
    const s = span(vals);
    return s > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(s)) + 2)) : 2;
  };
  const xd = digits(data.map((d) => d.x));
  const yd = digits(data.map((d) => d.y));
  return (
    <div data-testid="pareto-chart">
      <ResponsiveContainer width="100%" height={height}>
        <ScatterChart margin={{ top: 6, right: 16, bottom: 18, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
          <XAxis dataKey="x" type="number" domain={['auto', 'auto']} tick={tick} tickFormatter={(v: number) => v.toFixed(xd)} label={{ value: 'Electrical power, kW', position: 'insideBottom', offset: -10, fontSize: 11, fill: 'var(--swb-muted)' }} />
          <YAxis dataKey="y" type="number" domain={['auto', 'auto']} tick={tick} width={72} tickFormatter={(v: number) => v.toFixed(yd)} label={{ value: secondLabel, angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: 'var(--swb-muted)', style: { textAnchor: 'middle' } }} />
          <ZAxis range={[40, 40]} />
          <Tooltip isAnimationActive={false} contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Scatter data={data} isAnimationActive={false} line={{ stroke: 'var(--swb-border)' }} onClick={(d: { payload?: { i?: number } }) => d.payload?.i !== undefined && onSelect(d.payload.i)} cursor="pointer">
            {data.map((d) => (
              <Cell key={d.i} fill={d.i === selected ? '#cd4246' : '#2d72d2'} />
            ))}
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Power per algorithm (bars) for the comparison. */
export function CompareChart({ rows, height = 180 }: { rows: Array<{ algorithm: string; powerKw?: number }>; height?: number }) {
  const data = rows.filter((r) => r.powerKw !== undefined).map((r) => ({ name: r.algorithm, powerKw: r.powerKw! }));
  const min = Math.min(...data.map((d) => d.powerKw));
  const max = Math.max(...data.map((d) => d.powerKw));
  const pad = Math.max((max - min) * 2, max * 0.002);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 6, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
        <XAxis dataKey="name" tick={tick} />
        <YAxis domain={[Math.max(0, min - pad), max + pad]} tick={tick} width={64} tickFormatter={(v: number) => v.toFixed(3)} />
        <Tooltip isAnimationActive={false} contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(4)} kW` : String(v))} />
        <Bar dataKey="powerKw" name="Power, kW" fill="#2d72d2" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Hourly cost of the optimized schedule against the baseline, with the price. */
export function HourlyCostChart({ optimized, baseline, prices, height = 200 }: { optimized: ScheduleSolution; baseline?: ScheduleSolution; prices: number[]; height?: number }) {
  const data = optimized.hours.map((h, i) => ({ hour: h.hour, optimized: h.cost, baseline: baseline?.hours[i]?.cost, price: prices[i] }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 6, right: 8, bottom: 14, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
        <XAxis dataKey="hour" tick={tick} label={{ value: 'Hour', position: 'insideBottom', offset: -8, fontSize: 11, fill: 'var(--swb-muted)' }} />
        <YAxis yAxisId="cost" tick={tick} width={52} tickFormatter={fmt4} label={{ value: 'Cost per hour', angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: 'var(--swb-muted)', style: { textAnchor: 'middle' } }} />
        <YAxis yAxisId="price" orientation="right" tick={tick} width={44} tickFormatter={fmt4} />
        <Tooltip isAnimationActive={false} contentStyle={tooltipStyle} formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
        <Legend wrapperStyle={{ fontSize: 11 }} verticalAlign="top" height={22} />
        {baseline ? <Bar yAxisId="cost" dataKey="baseline" name="Baseline cost" fill="#abb3bf" isAnimationActive={false} /> : null}
        <Bar yAxisId="cost" dataKey="optimized" name="Optimized cost" fill="#2d72d2" isAnimationActive={false} />
        <Line yAxisId="price" dataKey="price" name="Price / kWh" stroke="#d9822b" dot={false} type="stepAfter" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/**
 * Gantt chart of a 24-hour schedule: one row per pump, one cell per hour; a running pump's cell is
 * filled (darker = faster) and shows its speed ratio; starts are marked with a bar at the left edge.
 */
export function ScheduleGantt({ schedule, pumpIds, initialRunning, testId }: { schedule: ScheduleSolution; pumpIds: string[]; initialRunning: string[]; testId?: string }) {
  return (
    <div className="swb-gantt" data-testid={testId} style={{ gridTemplateColumns: `64px repeat(24, minmax(26px, 1fr))` }}>
      <div className="swb-gantt-head" />
      {schedule.hours.map((h) => (
        <div key={h.hour} className="swb-gantt-head">
          {String(h.hour).padStart(2, '0')}
        </div>
      ))}
      {pumpIds.map((id, row) => (
        <GanttRow key={id} id={id} row={row} schedule={schedule} wasRunning={initialRunning.includes(id)} />
      ))}
      <div className="swb-gantt-label swb-muted">kW</div>
      {schedule.hours.map((h) => (
        <div key={h.hour} className="swb-gantt-foot">
          {h.powerKw.toFixed(0)}
        </div>
      ))}
    </div>
  );
}

function GanttRow({ id, row, schedule, wasRunning }: { id: string; row: number; schedule: ScheduleSolution; wasRunning: boolean }) {
  let prev = wasRunning;
  return (
    <>
      <div className="swb-gantt-label">{id}</div>
      {schedule.hours.map((h) => {
        const p = h.pumps.find((x) => x.id === id);
        const start = Boolean(p) && !prev;
        prev = Boolean(p);
        const color = pumpColor(row);
        // Shade from speed: 0.4 → light, 1.0 → full colour (speed ratios rarely go below 0.5).
        const pct = p ? Math.round(100 * Math.max(0.25, Math.min(1, (p.speedRatio - 0.4) / 0.6))) : 0;
        return (
          <div
            key={h.hour}
            className={`swb-gantt-cell${p ? ' swb-gantt-on' : ''}${start ? ' swb-gantt-start' : ''}`}
            style={p ? { background: `color-mix(in srgb, ${color} ${pct}%, var(--swb-panel))`, color: pct > 60 ? '#ffffff' : undefined, borderLeftColor: start ? 'var(--opt-system)' : undefined } : undefined}
            title={p ? `${id} hour ${h.hour}: speed ${p.speedRatio.toFixed(3)}, ${p.flowM3h.toFixed(1)} m³/h${start ? ' (start)' : ''}` : `${id} hour ${h.hour}: off`}
          >
            {p ? p.speedRatio.toFixed(2) : ''}
          </div>
        );
      })}
    </>
  );
}

