import { HTMLTable } from '@blueprintjs/core';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { Channel, Panel, SeriesData } from '#shared/rpc/domains/monitor';
import { Gauge } from '../../components/charts/Gauge';
import { XYPlot } from '../../components/charts/XYPlot';
import { CanvasTimeChart, type ChartData, type ChartSeries } from '../../components/charts/CanvasTimeChart';
import { searchTime, type ChartColumns } from '../../components/charts/chartMath';
import type { XYSeries } from '../../components/charts/XYPlot';
import { CHART_COLORS } from '../../components/TimeChart';
import { useRpcQuery } from '../../queries/rpcQuery';
import { liveLatest, liveWindow, useLiveChannels, useTelemetryStore } from '../../stores/telemetry';
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

/** Rows a dashboard chart draws at most (about one per pixel of a half-width panel). */
const CHART_POINTS = 600;
/** Points an XY plot draws at most. */
const XY_POINTS = 2000;

/** Calls back on every live tick that brought data (not while paused); for charts that redraw themselves. */
function subscribeLive(onChange: () => void): () => void {
  return useTelemetryStore.subscribe((s, prev) => {
    if (s.version !== prev.version) onChange();
  });
}

/**
 * A panel's content. Memoised: the dashboard's own renders (toolbar, pause, editing) do not reach it.
 * Tiles, gauges and tables re-render on the live tick (at most once per frame with new data, i.e. at
 * the 10 Hz of the feed); charts never re-render for live data — they read the live windows when they
 * draw (see CanvasTimeChart, XYPlot).
 */
export const PanelBody = memo(function PanelBody({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  const heavy = panel.kind === 'timeChart' || panel.kind === 'xyPlot';
  return heavy ? <PanelContent panel={panel} channels={channels} /> : <LightPanel panel={panel} channels={channels} />;
});

function LightPanel({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  // Re-render on every live tick; the value is only read so the component subscribes.
  useTelemetryStore((s) => s.version);
  return <PanelContent panel={panel} channels={channels} />;
}

function PanelContent({ panel, channels }: { panel: Panel; channels: Map<string, Channel> }) {
  // Stable while the panel and the channel list are: the charts below keep their subscriptions.
  const chs = useMemo(() => panel.channelIds.map((id) => channels.get(id)).filter((c): c is Channel => c !== undefined), [panel.channelIds, channels]);
  // Declared, not only read: charts read their windows only when they draw (a chart zoomed into the
  // past does not draw on live ticks) and must not drop out of the live subscription meanwhile.
  useLiveChannels(panel.xChannelId ? [...panel.channelIds, panel.xChannelId] : panel.channelIds);
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
      return x ? <XYPanel x={x} ys={chs} windowS={panel.windowS} height={height} panelId={panel.id} /> : <div className="swb-muted">Choose an x channel for this plot.</div>;
    }
    case 'timeChart':
      return <TimeChartPanel channels={chs} windowS={panel.windowS} height={height} panelId={panel.id} />;
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

/**
 * Min/max of a channel's live window over the last `windowS`, kept per table: recomputed over the whole
 * window once a second (samples leave the window), in between only the samples that arrived since the
 * last render are folded in — a table no longer copies minutes of samples on every tick.
 */
interface Extent {
  full: number;
  lastT: number;
  lo: number;
  hi: number;
}
const FULL_EXTENT_MS = 1000;

function windowExtent(cache: Map<string, Extent>, id: string, windowS: number, now: number): { lo: number; hi: number } {
  const w = liveWindow(id);
  let e = cache.get(id);
  const fold = (from: number) => {
    const s = w.slice(from, now);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (v < e!.lo) e!.lo = v;
      if (v > e!.hi) e!.hi = v;
    }
    if (s.times.length > 0) e!.lastT = s.times[s.times.length - 1]!;
  };
  if (!e || now - e.full >= FULL_EXTENT_MS) {
    e = { full: now, lastT: -Infinity, lo: Infinity, hi: -Infinity };
    cache.set(id, e);
    fold(now - windowS * 1000);
  } else if ((w.lastTime ?? -Infinity) > e.lastT) fold(e.lastT);
  return e;
}

function ValueTable({ channels, windowS, panelId }: { channels: Channel[]; windowS: number; panelId: string }) {
  const now = Date.now();
  const extents = useRef(new Map<string, Extent>()).current;
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
          const { lo, hi } = windowExtent(extents, c.id, windowS, now);
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
function merge(history: SeriesData | undefined, id: string, from: number, to: number): ChartColumns {
  const w = liveWindow(id);
  const liveFrom = w.firstTime ?? Infinity;
  const live = w.slice(Math.max(from, liveFrom), to);
  const n = history ? searchTime(history.times, liveFrom) : 0;
  if (!history || n === 0) return live;
  const m = live.times.length;
  const times = new Float64Array(n + m);
  const values = new Float64Array(n + m);
  for (let i = 0; i < n; i++) {
    times[i] = history.times[i]!;
    values[i] = history.values[i]!;
  }
  times.set(live.times, n);
  values.set(live.values, n);
  if (!history.mins || !history.maxs) return { times, values };
  const mins = new Float64Array(n + m);
  const maxs = new Float64Array(n + m);
  for (let i = 0; i < n; i++) {
    mins[i] = history.mins[i]!;
    maxs[i] = history.maxs[i]!;
  }
  mins.set(live.values, n);
  maxs.set(live.values, n);
  return { times, values, mins, maxs };
}

export function TimeChartPanel({ channels, windowS, height, panelId }: { channels: Channel[]; windowS: number; height: number; panelId: string }) {
  const paused = useTelemetryStore((s) => s.paused);
  const [view, setView] = useState<{ from: number; to: number } | undefined>();
  // The live view's history is fetched once per mount/window size (the live window takes over from there).
  const [mountedAt] = useState(() => Date.now());
  const [pausedAt, setPausedAt] = useState<number | undefined>();
  if (paused && pausedAt === undefined) setPausedAt(Date.now());
  if (!paused && pausedAt !== undefined) setPausedAt(undefined);
  const ids = channels.map((c) => c.id);
  const histFrom = view ? view.from : mountedAt - windowS * 1000;
  const histTo = view ? view.to : mountedAt;
  const history = useRpcQuery(
    'monitor.series.range',
    { channelIds: ids.length > 0 ? ids : ['none'], from: Math.floor(histFrom), to: Math.ceil(histTo), maxPoints: 1000 },
    { enabled: ids.length > 0, staleTime: view ? 30_000 : Infinity, placeholderData: (prev) => prev },
  );
  const series: ChartSeries[] = useMemo(
    () => channels.map((c, i) => ({ id: c.id, name: c.name, unit: c.unit, precision: c.precision, color: CHART_COLORS[i % CHART_COLORS.length]! })),
    [channels],
  );
  const historyData = history.data;
  // Read at draw time: the live window moves on without a React render.
  const read = useCallback((): ChartData => {
    const now = pausedAt ?? Date.now();
    const from = view?.from ?? now - windowS * 1000;
    const to = view?.to ?? now;
    return { from, to, columns: channels.map((c) => merge(historyData?.series.find((s) => s.channelId === c.id), c.id, from, to)) };
  }, [channels, historyData, view, pausedAt, windowS]);
  // Live data matters while not paused and the view reaches into the live window.
  const liveFrom = channels.reduce((t, c) => Math.min(t, liveWindow(c.id).firstTime ?? Infinity), Infinity);
  const follows = !paused && (!view || view.to >= Math.min(liveFrom, Date.now()));
  return (
    <CanvasTimeChart
      testId={`chart-${panelId}`}
      series={series}
      read={read}
      {...(follows ? { subscribe: subscribeLive } : {})}
      height={height}
      maxPoints={CHART_POINTS}
      onRange={(f, t) => setView({ from: f, to: Math.min(t, Date.now() + 60_000) })}
      live={!view}
      onLive={() => setView(undefined)}
    />
  );
}

function XYPanel({ x, ys, windowS, height, panelId }: { x: Channel; ys: Channel[]; windowS: number; height: number; panelId: string }) {
  const paused = useTelemetryStore((s) => s.paused);
  const read = useCallback((): XYSeries[] => {
    const now = Date.now();
    const xs = liveWindow(x.id).slice(now - windowS * 1000, now);
    return ys.map((y, i) => {
      const yy = liveWindow(y.id).slice(now - windowS * 1000, now);
      // Pair samples of the same message (equal times). Beyond XY_POINTS samples: the first pair of
      // each time bucket (buckets on absolute time, so the kept points do not change as the window
      // moves) and always the newest pair.
      const bucketMs = yy.times.length > XY_POINTS ? (windowS * 1000) / XY_POINTS : 0;
      const px = new Float64Array(Math.min(yy.times.length, XY_POINTS + 2));
      const py = new Float64Array(px.length);
      let n = 0;
      let j = 0;
      let lastBucket = NaN;
      for (let k = 0; k < yy.times.length && n < px.length; k++) {
        const t = yy.times[k]!;
        const bucket = bucketMs > 0 ? Math.floor(t / bucketMs) : k;
        if (bucket === lastBucket && k < yy.times.length - 1) continue;
        while (j < xs.times.length && xs.times[j]! < t) j++;
        if (j < xs.times.length && xs.times[j] === t && Number.isFinite(xs.values[j]!) && Number.isFinite(yy.values[k]!)) {
          px[n] = xs.values[j]!;
          py[n] = yy.values[k]!;
          n++;
          lastBucket = bucket;
        }
      }
      return { id: y.id, name: y.name, color: CHART_COLORS[i % CHART_COLORS.length]!, xs: px, ys: py, n };
    });
  }, [x, ys, windowS]);
  const yUnit = ys[0]?.unit ?? '';
  return (
    <XYPlot
      testId={`xy-${panelId}`}
      read={read}
      {...(paused ? {} : { subscribe: subscribeLive })}
      xLabel={`${x.name}${x.unit ? ` [${x.unit}]` : ''}`}
      yLabel={`${ys.map((y) => y.name).join(', ')}${yUnit ? ` [${yUnit}]` : ''}`}
      height={height}
    />
  );
}
