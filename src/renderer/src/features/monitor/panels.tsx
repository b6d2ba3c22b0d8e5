import { HTMLTable } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { Channel, Panel, SeriesData } from '#shared/rpc/domains/monitor';
import { Gauge } from '../../components/charts/Gauge';
import { XYPlot } from '../../components/charts/XYPlot';
import { CanvasTimeChart } from '../../components/charts/CanvasTimeChart';
import { CHART_COLORS, type TimeSeriesInput } from '../../components/TimeChart';
import { useRpcQuery } from '../../queries/rpcQuery';
import { liveLatest, liveWindow, useTelemetryStore, useThrottledTelemetryVersion } from '../../stores/telemetry';
import { ageText, formatValue } from './hooks';

/** Row height of the dashboard grid (px); a panel spans `height` rows. */
export const ROW_PX = 170;

function latestOf(ch: Channel | undefined): { t: number; v: number } | undefined {
  if (!ch) return undefined;
  const live = liveLatest(ch.id);
  return live && (!ch.latest || live.t >= ch.latest.t) ? live : ch.latest;
}

function warnOf(ch: Channel, v: number | undefined): boolean {
  if (v === undefined) return false;
  return (ch.limits.warnHigh !== undefined && v > ch.limits.warnHigh) || (ch.limits.warnLow !== undefined && v < ch.limits.warnLow);
}

/** Charts redraw at most this often (ms, i.e. 10 Hz); tiles, gauges and tables follow every live frame. */
export const CHART_REDRAW_MS = 100;
/** Rows a dashboard chart draws (about one per pixel of a half-width panel). */
const CHART_POINTS = 600;
/** Points an XY plot draws at most (each is an SVG element). */
const XY_POINTS = 2000;

export function PanelBody({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  const heavy = panel.kind === 'timeChart' || panel.kind === 'xyPlot';
  return heavy ? <HeavyPanel panel={panel} channels={channels} /> : <LightPanel panel={panel} channels={channels} />;
}

function LightPanel({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  // Re-render on every live frame; the value is only read so the component subscribes.
  useTelemetryStore((s) => s.version);
  return <PanelContent panel={panel} channels={channels} version={0} />;
}

function HeavyPanel({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  const version = useThrottledTelemetryVersion(CHART_REDRAW_MS);
  return <PanelContent panel={panel} channels={channels} version={version} />;
}

function PanelContent({ panel, channels, version }: { panel: Panel; channels: Map<string, Channel>; version: number }) {
  const chs = panel.channelIds.map((id) => channels.get(id)).filter((c): c is Channel => c !== undefined);
  const height = panel.height * ROW_PX - 52;
  switch (panel.kind) {
    case 'valueTile':
      return <ValueTiles channels={chs} panelId={panel.id} />;
    case 'gauge':
      return (
        <div className="swb-panel-gauges">
          {chs.map((c) => (
            <Gauge key={c.id} testId={`gauge-${panel.id}-${c.id}`} value={latestOf(c)?.v} min={c.limits.displayMin ?? 0} max={c.limits.displayMax ?? 100} unit={c.unit} precision={c.precision} warnLow={c.limits.warnLow} warnHigh={c.limits.warnHigh} />
          ))}
        </div>
      );
    case 'table':
      return <ValueTable channels={chs} windowS={panel.windowS} panelId={panel.id} />;
    case 'xyPlot': {
      const x = panel.xChannelId ? channels.get(panel.xChannelId) : undefined;
      return x ? <XYPanel x={x} ys={chs} windowS={panel.windowS} height={height} panelId={panel.id} version={version} /> : <div className="swb-muted">Choose an x channel for this plot.</div>;
    }
    case 'timeChart':
      return <TimeChartPanel channels={chs} windowS={panel.windowS} height={height} panelId={panel.id} version={version} />;
  }
}

function ValueTiles({ channels, panelId }: { channels: Channel[]; panelId: string }) {
  const now = Date.now();
  return (
    <div className="swb-tiles">
      {channels.map((c) => {
        const l = latestOf(c);
        return (
          <div key={c.id} className={`swb-tile${warnOf(c, l?.v) ? ' swb-tile-warn' : ''}`}>
            <div className="swb-tile-value" data-testid={`tile-${panelId}-${c.id}`} data-t={l?.t}>
              {formatValue(l?.v, c.precision)}
              <span className="swb-tile-unit">{c.unit}</span>
            </div>
            <div className="swb-muted swb-small">
              {c.name} · {ageText(l?.t, now)}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function ValueTable({ channels, windowS, panelId }: { channels: Channel[]; windowS: number; panelId: string }) {
  const now = Date.now();
  return (
    <HTMLTable compact className="swb-table-full" data-testid={`table-${panelId}`}>
      <thead>
        <tr>
          <th>Channel</th>
          <th className="swb-num">Value</th>
          <th className="swb-num">Min</th>
          <th className="swb-num">Max</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((c) => {
          const l = latestOf(c);
          const s = liveWindow(c.id).slice(now - windowS * 1000, now);
          let lo = Infinity;
          let hi = -Infinity;
          for (const v of s.values) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          return (
            <tr key={c.id} className={warnOf(c, l?.v) ? 'swb-row-warn' : undefined}>
              <td>{c.name}</td>
              <td className="swb-num swb-mono">
                {formatValue(l?.v, c.precision)} {c.unit}
              </td>
              <td className="swb-num swb-mono">{formatValue(Number.isFinite(lo) ? lo : undefined, c.precision)}</td>
              <td className="swb-num swb-mono">{formatValue(Number.isFinite(hi) ? hi : undefined, c.precision)}</td>
              <td className="swb-muted swb-small">{ageText(l?.t, now)}</td>
            </tr>
          );
        })}
      </tbody>
    </HTMLTable>
  );
}

/** History from the store before the live window starts, then the live window: no gap, no overlap. */
function merge(history: SeriesData | undefined, id: string, from: number, to: number): Pick<TimeSeriesInput, 'times' | 'values' | 'mins' | 'maxs'> {
  const w = liveWindow(id);
  const liveFrom = w.firstTime ?? Infinity;
  const live = w.slice(Math.max(from, liveFrom), to);
  if (!history || history.times.length === 0) return { times: live.times, values: live.values };
  let n = 0;
  while (n < history.times.length && (history.times[n] as number) < liveFrom) n++;
  const times = [...history.times.slice(0, n), ...live.times];
  const values = [...history.values.slice(0, n), ...live.values];
  if (history.mins && history.maxs) {
    const mins = [...history.mins.slice(0, n), ...live.values];
    const maxs = [...history.maxs.slice(0, n), ...live.values];
    return { times, values, mins, maxs };
  }
  return { times, values };
}

export function TimeChartPanel({ channels, windowS, height, panelId, version }: { channels: Channel[]; windowS: number; height: number; panelId: string; version: number }) {
  const paused = useTelemetryStore((s) => s.paused);
  const [view, setView] = useState<{ from: number; to: number } | undefined>();
  // The live view's history is fetched once per mount/window size (the live window takes over from there).
  const [mountedAt] = useState(() => Date.now());
  const [pausedAt, setPausedAt] = useState<number | undefined>();
  if (paused && pausedAt === undefined) setPausedAt(Date.now());
  if (!paused && pausedAt !== undefined) setPausedAt(undefined);
  const now = pausedAt ?? Date.now();
  const from = view?.from ?? now - windowS * 1000;
  const to = view?.to ?? now;
  const ids = channels.map((c) => c.id);
  const histFrom = view ? view.from : mountedAt - windowS * 1000;
  const histTo = view ? view.to : mountedAt;
  const history = useRpcQuery(
    'monitor.series.range',
    { channelIds: ids.length > 0 ? ids : ['none'], from: Math.floor(histFrom), to: Math.ceil(histTo), maxPoints: 1000 },
    { enabled: ids.length > 0, staleTime: view ? 30_000 : Infinity, placeholderData: (prev) => prev },
  );
  const series: TimeSeriesInput[] = useMemo(
    () =>
      channels.map((c, i) => ({
        id: c.id,
        name: c.name,
        unit: c.unit,
        precision: c.precision,
        color: CHART_COLORS[i % CHART_COLORS.length]!,
        ...merge(history.data?.series.find((s) => s.channelId === c.id), c.id, from, to),
      })),
    // `version` changes on every live frame: the live window is read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [channels, history.data, from, to, version],
  );
  return (
    <CanvasTimeChart
      testId={`chart-${panelId}`}
      series={series}
      from={from}
      to={to}
      height={height}
      maxPoints={CHART_POINTS}
      onRange={(f, t) => setView({ from: f, to: Math.min(t, Date.now() + 60_000) })}
      live={!view}
      onLive={() => setView(undefined)}
    />
  );
}

function XYPanel({ x, ys, windowS, height, panelId, version }: { x: Channel; ys: Channel[]; windowS: number; height: number; panelId: string; version: number }) {
  return useMemo(() => <XYPanelInner x={x} ys={ys} windowS={windowS} height={height} panelId={panelId} />, [x, ys, windowS, height, panelId, version]); // eslint-disable-line react-hooks/exhaustive-deps
}

function XYPanelInner({ x, ys, windowS, height, panelId }: { x: Channel; ys: Channel[]; windowS: number; height: number; panelId: string }) {
  const now = Date.now();
  const xs = liveWindow(x.id).slice(now - windowS * 1000, now);
  const series = ys.map((y, i) => {
    const yy = liveWindow(y.id).slice(now - windowS * 1000, now);
    // Pair samples of the same message (equal times); 2,000 points at most.
    const points: Array<{ x: number; y: number }> = [];
    let j = 0;
    for (let k = 0; k < yy.times.length; k++) {
      const t = yy.times[k]!;
      while (j < xs.times.length && xs.times[j]! < t) j++;
      if (j < xs.times.length && xs.times[j] === t && Number.isFinite(xs.values[j]!) && Number.isFinite(yy.values[k]!)) points.push({ x: xs.values[j]!, y: yy.values[k]! });
    }
    const step = Math.ceil(points.length / XY_POINTS);
    return { id: y.id, name: y.name, color: CHART_COLORS[i % CHART_COLORS.length]!, points: step > 1 ? points.filter((_, k) => k % step === 0) : points };
  });
  const yUnit = ys[0]?.unit ?? '';
  return <XYPlot testId={`xy-${panelId}`} series={series} xLabel={`${x.name}${x.unit ? ` [${x.unit}]` : ''}`} yLabel={`${ys.map((y) => y.name).join(', ')}${yUnit ? ` [${yUnit}]` : ''}`} height={height} />;
}
