import { useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { FitRunResult, IsoResultJson } from '#shared/rpc/domains/curves';

/** Series colours (explicit values, so an exported SVG looks the same outside the app). */
export const FIT_COLORS = ['#2d72d2', '#d33d17', '#238551', '#9d3f9d', '#c87619', '#147eb3', '#7961db', '#cd4246', '#0f9960', '#8f398f', '#5c7080', '#d1980b'];
const POINT = '#5f6b7c';
const EXCLUDED = '#cd4246';
const MANUFACTURER = '#1c6e42';
const CROSS = '#c87619';

export type SelectMode = 'click' | 'box' | 'lasso';

type Pt = { row: number; x: number; y: number; excluded: boolean };

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/** Axis domain and round ticks (1-2-5 steps) covering the values; never below 0 when no value is. */
function niceAxis(values: number[], padFraction = 0.04): { domain: [number, number]; ticks: number[] } {
  const [lo, hi] = niceDomain(values, padFraction);
  const finite = values.filter(Number.isFinite);
  const from = finite.length && Math.min(...finite) >= 0 ? Math.max(0, lo) : lo;
  const raw = (hi - from) / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const start = Math.floor(from / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= hi + step * 1e-9 && ticks.length < 30; t += step) ticks.push(Number(t.toPrecision(12)));
  return { domain: [ticks[0] ?? from, ticks[ticks.length - 1] ?? hi], ticks };
}

function niceDomain(values: number[], padFraction = 0.04): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * padFraction;
  lo -= pad;
  hi += pad;
  // Round outward to a 1-2-5 step so the axis ticks are round numbers.
  const raw = (hi - lo) / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

function inPolygon(x: number, y: number, poly: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function FitChart({
  run,
  selectedFit,
  showBands,
  showPrediction,
  manufacturer,
  iso,
  mode,
  onToggle,
  containerRef,
  height = 360,
}: {
  run: FitRunResult;
  selectedFit: number;
  showBands: boolean;
  showPrediction: boolean;
  manufacturer: Array<{ x: number; y: number }>;
  iso: IsoResultJson | undefined;
  mode: SelectMode;
  /** Exclude (true) or restore (false) the given dataset rows. */
  onToggle: (rows: number[], exclude: boolean) => void;
  containerRef: React.RefObject<HTMLDivElement | null>;
  height?: number;
}) {
  const positions = useRef(new Map<number, { cx: number; cy: number; excluded: boolean }>());
  const [drag, setDrag] = useState<{ start: [number, number]; path: Array<[number, number]>; restore: boolean } | undefined>();

  const points: Pt[] = useMemo(() => run.points.map(([row, x, y, , ex]) => ({ row, x, y, excluded: ex === 1 })), [run.points]);
  const included = useMemo(() => points.filter((p) => !p.excluded), [points]);
  const excluded = useMemo(() => points.filter((p) => p.excluded), [points]);

  const curves = useMemo(
    () =>
      run.fits.map((f, i) => {
        if (!f.result.ok || !f.result.bands) return undefined;
        const b = f.result.bands;
        return b.x.map((x, k) => ({ x: x ?? NaN, y: b.fit[k] ?? NaN, ci: [b.confidenceLower[k] ?? NaN, b.confidenceUpper[k] ?? NaN], pi: [b.predictionLower[k] ?? NaN, b.predictionUpper[k] ?? NaN], i }));
      }),
    [run.fits],
  );

  const xAxis = useMemo(() => niceAxis([...points.map((p) => p.x), ...manufacturer.map((p) => p.x), ...(iso ? [iso.cross.flowMinM3h, iso.cross.flowMaxM3h] : [])]), [points, manufacturer, iso]);
  const yAxis = useMemo(() => {
    const sel = curves[selectedFit];
    const band = showBands && sel ? sel.flatMap((d) => (showPrediction ? d.pi : d.ci)) : [];
    return niceAxis([...points.map((p) => p.y), ...manufacturer.map((p) => p.y), ...band, ...(iso ? [iso.cross.headMinM, iso.cross.headMaxM] : [])], 0.06);
  }, [points, manufacturer, iso, curves, selectedFit, showBands, showPrediction]);

  // Each drawn point records where it is, so box and lasso selections work in screen coordinates.
  positions.current.clear();
  const shape = (excludedShape: boolean) =>
    function PointShape(props: unknown) {
      const { cx, cy, payload } = props as { cx: number; cy: number; payload: Pt };
      if (!Number.isFinite(cx) || !Number.isFinite(cy)) return <g />;
      positions.current.set(payload.row, { cx, cy, excluded: excludedShape });
      return excludedShape ? (
        <g
          data-row={payload.row}
          className="swb-fit-point swb-fit-point-excluded"
          onClick={mode === 'click' ? () => onToggle([payload.row], false) : undefined}
          style={{ cursor: mode === 'click' ? 'pointer' : undefined }}
        >
          <path d={`M${cx - 3.5},${cy - 3.5}L${cx + 3.5},${cy + 3.5}M${cx - 3.5},${cy + 3.5}L${cx + 3.5},${cy - 3.5}`} stroke={EXCLUDED} strokeWidth={1.6} />
          <circle cx={cx} cy={cy} r={5} fill="transparent" />
        </g>
      ) : (
        <circle
          data-row={payload.row}
          className="swb-fit-point"
          cx={cx}
          cy={cy}
          r={2.2}
          fill={POINT}
          fillOpacity={0.35}
          onClick={mode === 'click' ? () => onToggle([payload.row], true) : undefined}
          style={{ cursor: mode === 'click' ? 'pointer' : undefined }}
        />
      );
    };

  const local = (e: ReactMouseEvent): [number, number] => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const finishDrag = () => {
    if (!drag) return;
    const [x0, y0] = drag.start;
    const last = drag.path[drag.path.length - 1] ?? drag.start;
    const hits: number[] = [];
    for (const [row, p] of positions.current) {
      const hit =
        mode === 'box'
          ? p.cx >= Math.min(x0, last[0]) && p.cx <= Math.max(x0, last[0]) && p.cy >= Math.min(y0, last[1]) && p.cy <= Math.max(y0, last[1])
          : drag.path.length > 2 && inPolygon(p.cx, p.cy, drag.path);
      if (hit && p.excluded === drag.restore) hits.push(row);
    }
    setDrag(undefined);
    if (hits.length > 0) onToggle(hits, !drag.restore);
  };

  const sel = run.fits[selectedFit];
  return (
    <div className="swb-fit-chart" ref={containerRef} data-testid="fit-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 10, right: 16, bottom: 22, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#8f99a8" strokeOpacity={0.35} />
          <XAxis
            dataKey="x"
            type="number"
            domain={xAxis.domain}
            ticks={xAxis.ticks}
            allowDataOverflow
            tick={{ fontSize: 11, fill: '#738091' }}
            tickFormatter={fmt}
            label={{ value: `${run.xLabel}${run.xUnit ? ` [${run.xUnit}]` : ''}`, position: 'insideBottom', offset: -12, fontSize: 11, fill: '#738091' }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={yAxis.domain}
            ticks={yAxis.ticks}
            allowDataOverflow
            width={62}
            tick={{ fontSize: 11, fill: '#738091' }}
            tickFormatter={fmt}
            label={{ value: `${run.yLabel}${run.yUnit ? ` [${run.yUnit}]` : ''}`, angle: -90, position: 'insideLeft', offset: 6, fontSize: 11, fill: '#738091', style: { textAnchor: 'middle' } }}
          />
          <Tooltip isAnimationActive={false} cursor={false} formatter={(v: unknown) => (typeof v === 'number' ? fmt(v) : Array.isArray(v) ? v.map((x) => fmt(Number(x))).join(' … ') : String(v))} contentStyle={{ fontSize: 12 }} />
          <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} />
          {showBands && sel && curves[selectedFit] && showPrediction ? (
            <Area data={curves[selectedFit]} dataKey="pi" name="95 % prediction band" stroke="none" fill={FIT_COLORS[selectedFit % FIT_COLORS.length]} fillOpacity={0.1} isAnimationActive={false} legendType="square" activeDot={false} />
          ) : null}
          {showBands && sel && curves[selectedFit] ? (
            <Area data={curves[selectedFit]} dataKey="ci" name={`${Math.round((sel.result.ok ? (sel.result.bands?.level ?? 0.95) : 0.95) * 100)} % confidence band`} stroke="none" fill={FIT_COLORS[selectedFit % FIT_COLORS.length]} fillOpacity={0.28} isAnimationActive={false} legendType="square" activeDot={false} />
          ) : null}
          <Scatter data={included} name={`Measured (${run.fittedPoints} fitted)`} fill={POINT} shape={shape(false)} isAnimationActive={false} />
          {excluded.length > 0 ? <Scatter data={excluded} name={`Excluded (${excluded.length})`} fill={EXCLUDED} shape={shape(true)} isAnimationActive={false} legendType="cross" /> : null}
          {curves.map((c, i) =>
            c ? (
              <Line
                key={i}
                data={c}
                dataKey="y"
                name={run.fits[i]!.label}
                stroke={FIT_COLORS[i % FIT_COLORS.length]}
                strokeWidth={i === selectedFit ? 2.6 : 1.4}
                strokeDasharray={i === selectedFit ? undefined : '5 3'}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                zIndex={700}
              />
            ) : null,
          )}
          {manufacturer.length > 0 ? (
            <Line data={manufacturer} dataKey="y" name="Manufacturer" stroke={MANUFACTURER} strokeWidth={1.4} strokeDasharray="2 3" dot={{ r: 3.5, fill: MANUFACTURER, stroke: MANUFACTURER }} activeDot={false} isAnimationActive={false} zIndex={650} />
          ) : null}
          {iso ? (
            <>
              <ReferenceLine segment={[{ x: iso.cross.flowMinM3h, y: iso.cross.headM }, { x: iso.cross.flowMaxM3h, y: iso.cross.headM }]} stroke={CROSS} strokeWidth={2.4} ifOverflow="extendDomain" zIndex={800} />
              <ReferenceLine segment={[{ x: iso.cross.flowM3h, y: iso.cross.headMinM }, { x: iso.cross.flowM3h, y: iso.cross.headMaxM }]} stroke={CROSS} strokeWidth={2.4} ifOverflow="extendDomain" zIndex={800} />
              <ReferenceDot x={iso.cross.flowM3h} y={iso.cross.headM} r={4} fill={iso.pass ? '#238551' : '#cd4246'} stroke="#fff" label={{ value: `G (${iso.grade})`, position: 'top', fontSize: 11, fill: CROSS }} />
              {iso.evaluationPoint ? (
                <ReferenceLine segment={[{ x: 0, y: 0 }, { x: iso.evaluationPoint.flowM3h, y: iso.evaluationPoint.headM }]} stroke={CROSS} strokeOpacity={0.6} strokeDasharray="4 4" ifOverflow="hidden" />
              ) : null}
            </>
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
      {mode !== 'click' ? (
        <div
          className="swb-fit-select-overlay"
          data-testid="fit-select-overlay"
          onMouseDown={(e) => {
            const p = local(e);
            setDrag({ start: p, path: [p], restore: e.shiftKey });
          }}
          onMouseMove={(e) => {
            if (!drag) return;
            const p = local(e);
            setDrag({ ...drag, path: mode === 'box' ? [p] : [...drag.path, p] });
          }}
          onMouseUp={finishDrag}
          onMouseLeave={finishDrag}
        >
          {drag ? (
            <svg width="100%" height="100%">
              {mode === 'box' ? (
                (() => {
                  const last = drag.path[drag.path.length - 1] ?? drag.start;
                  return (
                    <rect
                      x={Math.min(drag.start[0], last[0])}
                      y={Math.min(drag.start[1], last[1])}
                      width={Math.abs(last[0] - drag.start[0])}
                      height={Math.abs(last[1] - drag.start[1])}
                      fill={drag.restore ? '#23855133' : '#cd424622'}
                      stroke={drag.restore ? '#238551' : '#cd4246'}
                      strokeDasharray="4 3"
                    />
                  );
                })()
              ) : (
                <polygon points={drag.path.map((p) => p.join(',')).join(' ')} fill={drag.restore ? '#23855133' : '#cd424622'} stroke={drag.restore ? '#238551' : '#cd4246'} strokeDasharray="4 3" />
              )}
            </svg>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Residuals of the selected model against x. */
export function ResidualChart({
  run,
  predict,
  color,
  containerRef,
  height = 170,
}: {
  run: FitRunResult;
  /** Predictor of the selected model (residuals of the first model from the core when absent). */
  predict?: ((x: number[]) => Float64Array) | undefined;
  color: string;
  containerRef?: React.RefObject<HTMLDivElement | null>;
  height?: number;
}) {
  const all = useMemo(() => {
    const f = predict ? predict(run.points.map((p) => p[1])) : undefined;
    return run.points.map(([row, x, y, r, e], k) => ({ row, x, y: f ? y - f[k]! : (r ?? NaN), excluded: e === 1 })).filter((d) => Number.isFinite(d.y));
  }, [run.points, predict]);
  const data = useMemo(() => all.filter((d) => !d.excluded), [all]);
  const ex = useMemo(() => all.filter((d) => d.excluded), [all]);
  const lim = Math.max(1e-12, ...data.map((d) => Math.abs(d.y))) * 1.1;
  return (
    <div ref={containerRef} data-testid="residual-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 6, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#8f99a8" strokeOpacity={0.35} />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11, fill: '#738091' }} tickFormatter={fmt} label={{ value: `${run.xLabel}${run.xUnit ? ` [${run.xUnit}]` : ''}`, position: 'insideBottom', offset: -10, fontSize: 11, fill: '#738091' }} />
          <YAxis dataKey="y" type="number" domain={[-lim, lim]} width={62} tick={{ fontSize: 11, fill: '#738091' }} tickFormatter={fmt} label={{ value: 'Residual', angle: -90, position: 'insideLeft', offset: 6, fontSize: 11, fill: '#738091', style: { textAnchor: 'middle' } }} />
          <ReferenceLine y={0} stroke="#738091" />
          <Tooltip isAnimationActive={false} formatter={(v: unknown) => (typeof v === 'number' ? fmt(v) : String(v))} contentStyle={{ fontSize: 12 }} />
          <Scatter
            data={data}
            name="Residual"
            fill={color}
            isAnimationActive={false}
            shape={(p: unknown) => {
              const { cx, cy } = p as { cx: number; cy: number };
              return <circle cx={cx} cy={cy} r={2.2} fill={color} fillOpacity={0.7} />;
            }}
          />
          {ex.length > 0 ? <Scatter data={ex} name="Excluded" fill={EXCLUDED} isAnimationActive={false} shape="cross" /> : null}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
