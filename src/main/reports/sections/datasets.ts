import type { DatasetColumnInfo, DatasetDetail, DatasetSummary, QualityReport } from '#shared/rpc/domains/data';
import type { ChartBlock, ChartSeries, ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { axisTitle, clip, fmt, fmtTime, toDisplay, unitSymbol } from '../section';

// Test datasets, read through the data area's contract (data.datasets.*, data.quality): what each
// dataset is, where it came from, what was done to it, and the pump-curve scatter charts.

/** Datasets described in detail (with charts); the overview table lists them all. */
const MAX_DETAILED = 8;
/** Points per chart series (the contract's series call downsamples with LTTB). */
const CHART_POINTS = 1500;
/** Rejected import rows listed per dataset (the rest are counted). */
const ISSUES_LISTED = 5;

type DatasetPage = { dataset: DatasetDetail; offset: number; rows: Array<{ index: number; values: Array<number | null> }> };
type Series = { x: string; xQuantity: string; points: number; total: number; data: Array<Array<number | null>> };
type Issues = { total: number; rows: Array<{ line: number; reasons: string[]; text: string }> };

const QUANTITY_LABEL: Record<string, string> = {
  time: 'Time',
  flow: 'Flow',
  head: 'Head',
  pressure: 'Pressure',
  power: 'Power',
  speed: 'Speed',
  efficiency: 'Efficiency',
  temperature: 'Temperature',
  other: 'Other',
};

/** Steps that are how the data arrived (not cleaning). */
const ORIGIN_KINDS = new Set(['import', 'recording', 'derive', 'derived', 'test-points']);

async function listDatasets(ctx: ReportContext): Promise<DatasetSummary[] | undefined> {
  return (await ctx.call<{ datasets: DatasetSummary[] }>('data.datasets.list', {}))?.datasets;
}

/** Timestamps of the first and last row (datasets are stored in time order), or undefined without a time column. */
async function dateRange(ctx: ReportContext, d: DatasetSummary): Promise<[number, number] | undefined> {
  const t = d.columns.findIndex((c) => c.quantity === 'time');
  if (t < 0 || d.rowCount === 0) return undefined;
  const first = await ctx.call<DatasetPage>('data.datasets.get', { id: d.id, offset: 0, limit: 1 });
  const last = await ctx.call<DatasetPage>('data.datasets.get', { id: d.id, offset: Math.max(0, d.rowCount - 1), limit: 1 });
  const a = first?.rows[0]?.values[t];
  const b = last?.rows[0]?.values[t];
  return typeof a === 'number' && typeof b === 'number' ? [Math.min(a, b), Math.max(a, b)] : undefined;
}

function rangeText(r: [number, number] | undefined): string {
  if (!r) return '—';
  const a = fmtTime(r[0]);
  const b = fmtTime(r[1]);
  // Same day: print the date once.
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(0, 16)}–${b.slice(11)}` : `${a} – ${b}`;
}

/** The file (or origin) a dataset came from, from its first provenance step. */
function sourceText(d: DatasetDetail): string {
  const origin = d.provenance.find((p) => ORIGIN_KINDS.has(p.kind));
  const file = origin?.params.file;
  if (typeof file === 'string' && file) return `${file} (${d.source})`;
  return d.source;
}

/**
 * Rows the dataset lost on the way: rejected when imported (unparseable lines) and excluded by
 * cleaning steps (rows taken out, kept undoable). The origin step's `affected` is the rows it brought in.
 */
function excludedByCleaning(d: DatasetDetail): number {
  const origin = d.provenance.find((p) => ORIGIN_KINDS.has(p.kind));
  return origin?.affected !== undefined ? Math.max(0, origin.affected - d.rowCount) : 0;
}

function firstOf(columns: DatasetColumnInfo[], quantity: string): DatasetColumnInfo | undefined {
  return columns.find((c) => c.quantity === quantity);
}

/** Scatter charts of one dataset: H-Q, then η-Q and P-Q (η on the left axis, P on the right) when present. */
async function charts(ctx: ReportContext, d: DatasetSummary): Promise<ChartBlock[]> {
  const flow = firstOf(d.columns, 'flow');
  const head = firstOf(d.columns, 'head');
  const eff = firstOf(d.columns, 'efficiency');
  const power = firstOf(d.columns, 'power');
  const out: ChartBlock[] = [];
  if (flow && (head || eff || power)) {
    const ys = [head, eff, power].filter((c): c is DatasetColumnInfo => c !== undefined);
    const s = await ctx.call<Series>('data.datasets.series', { id: d.id, x: flow.key, y: ys.map((c) => c.key), maxPoints: CHART_POINTS });
    if (!s || s.data.length === 0) return out;
    const fx = toDisplay('flow', flow.unit);
    const pick = (col: DatasetColumnInfo): Array<[number, number]> => {
      const i = ys.indexOf(col) + 1;
      const fy = toDisplay(col.quantity, col.unit);
      return s.data.flatMap((r) => (typeof r[0] === 'number' && typeof r[i] === 'number' ? [[fx.convert(r[0]), fy.convert(r[i])] as [number, number]] : []));
    };
    const xAxis = { label: axisTitle('Flow Q', fx.unit), min: 0 };
    const sampled = s.points < s.total ? ` Shown: ${s.points.toLocaleString('en-GB')} of ${s.total.toLocaleString('en-GB')} rows (shape-preserving downsampling).` : '';
    if (head) {
      const pts = pick(head);
      if (pts.length > 0) {
        out.push({
          kind: 'chart',
          title: `${d.name}: head against flow (H-Q)`,
          x: xAxis,
          y: { label: axisTitle(`${head.name} H`, toDisplay('head', head.unit).unit) },
          series: [{ name: `${head.name} (measured)`, points: pts, style: 'points', color: '#2d72d2' }],
          height: 200,
          caption: `Measured points of '${head.name}' against '${flow.name}'.${sampled}`,
        });
      }
    }
    const series: ChartSeries[] = [];
    if (eff) {
      const pts = pick(eff);
      if (pts.length > 0) series.push({ name: `${eff.name} η`, points: pts, style: 'points', color: '#238551' });
    }
    if (power) {
      const pts = pick(power);
      if (pts.length > 0) series.push({ name: `${power.name} P`, points: pts, style: 'points', color: '#c87619', ...(eff ? { axis: 'y2' as const } : {}) });
    }
    if (series.length > 0) {
      const effUnit = eff ? toDisplay('efficiency', eff.unit).unit : '';
      const powUnit = power ? toDisplay('power', power.unit).unit : '';
      out.push({
        kind: 'chart',
        title: `${d.name}: ${eff && power ? 'efficiency and power' : eff ? 'efficiency' : 'power'} against flow (${[eff ? 'η-Q' : '', power ? 'P-Q' : ''].filter(Boolean).join(', ')})`,
        x: xAxis,
        y: eff ? { label: axisTitle('Efficiency η', effUnit), min: 0 } : { label: axisTitle('Power P', powUnit), min: 0 },
        ...(eff && power ? { y2: { label: axisTitle('Power P', powUnit), min: 0 } } : {}),
        series,
        height: 200,
        ...(sampled ? { caption: sampled.trim() } : {}),
      });
    }
    return out;
  }
  // No flow column (e.g. a recording of other channels): the first numeric columns against time.
  const time = firstOf(d.columns, 'time');
  const ys = d.columns.filter((c) => c.quantity !== 'time').slice(0, 3);
  if (!time || ys.length === 0) return out;
  const s = await ctx.call<Series>('data.datasets.series', { id: d.id, x: time.key, y: ys.map((c) => c.key), maxPoints: CHART_POINTS });
  const t0 = s?.data.find((r) => typeof r[0] === 'number')?.[0];
  if (!s || typeof t0 !== 'number') return out;
  out.push({
    kind: 'chart',
    title: `${d.name}: values over time`,
    x: { label: `Time since ${fmtTime(t0)} (min)` },
    y: { label: ys.map((c) => axisTitle(c.name, toDisplay(c.quantity, c.unit).unit)).join(', ') },
    series: ys.map((c, j) => {
      const f = toDisplay(c.quantity, c.unit);
      return { name: c.name, points: s.data.flatMap((r) => (typeof r[0] === 'number' && typeof r[j + 1] === 'number' ? [[(r[0] - t0) / 60_000, f.convert(r[j + 1] as number)] as [number, number]] : [])), style: 'line' as const };
    }),
    height: 180,
  });
  return out;
}

async function detailBlocks(ctx: ReportContext, summary: DatasetSummary, range: [number, number] | undefined): Promise<ReportBlock[]> {
  const page = await ctx.call<DatasetPage>('data.datasets.get', { id: summary.id, offset: 0, limit: 1 });
  if (!page) return [];
  const d = page.dataset;
  const [quality, issues] = await Promise.all([ctx.call<QualityReport>('data.quality', { id: d.id }), ctx.call<Issues>('data.datasets.issues', { id: d.id, offset: 0, limit: ISSUES_LISTED })]);
  const rejected = issues?.total ?? 0;
  const cleaned = excludedByCleaning(d);
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: d.name }];
  blocks.push({
    kind: 'kv',
    rows: [
      { key: 'Source', value: sourceText(d) },
      { key: 'Created', value: fmtTime(d.createdAt) },
      { key: 'Rows', value: d.rowCount.toLocaleString('en-GB') },
      { key: 'Date range', value: rangeText(range) },
      ...(quality?.medianStepMs ? [{ key: 'Sample interval (median)', value: `${fmt(quality.medianStepMs / 1000, 3)} s${quality.timeGapCount > 0 ? `; ${quality.timeGapCount} gap(s) in the log` : ''}` }] : []),
      { key: 'Rows rejected on import', value: rejected > 0 ? `${rejected.toLocaleString('en-GB')} (unreadable lines, listed below)` : '0' },
      { key: 'Rows excluded by cleaning', value: cleaned.toLocaleString('en-GB') },
    ],
  });
  const stats = new Map((quality?.columns ?? []).map((c) => [c.key, c]));
  blocks.push({
    kind: 'table',
    title: 'Quantities and units',
    columns: [
      { label: 'Column', width: 18 },
      { label: 'Quantity', width: 10 },
      { label: 'Unit', width: 8 },
      { label: 'Source column', width: 20 },
      { label: 'Min', align: 'right', width: 9 },
      { label: 'Max', align: 'right', width: 9 },
      { label: 'Mean', align: 'right', width: 9 },
      { label: 'Missing', align: 'right', width: 8 },
    ],
    rows: d.columns.map((c): ReportCell[] => {
      const q = stats.get(c.key);
      const f = toDisplay(c.quantity, c.unit);
      const v = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? Number(f.convert(x).toPrecision(4)) : null);
      return [c.name, QUANTITY_LABEL[c.quantity] ?? c.quantity, c.quantity === 'time' ? 'UTC' : unitSymbol(f.unit) || '—', c.sourceColumn || '(derived)', q ? v(q.min) : null, q ? v(q.max) : null, q ? v(q.mean) : null, q ? q.missing : null];
    }),
    caption: 'Values in the report’s display units (flow m³/h, head m, power kW, efficiency %), converted from the stored units.',
  });
  blocks.push({
    kind: 'table',
    title: 'Provenance: import and cleaning steps, in order',
    columns: [{ label: '#', align: 'right', width: 3 }, { label: 'Step', width: 12 }, { label: 'When', width: 14 }, { label: 'What was done', width: 50 }, { label: 'Affected', align: 'right', width: 8 }],
    rows: d.provenance.map((p, i): ReportCell[] => [i + 1, p.kind, fmtTime(p.at), clip(p.summary, 400), p.affected ?? null]),
    ...(d.provenance.every((p) => ORIGIN_KINDS.has(p.kind)) ? { caption: 'No cleaning steps were applied: the data are as imported.' } : {}),
  });
  if (issues && issues.total > 0) {
    blocks.push({
      kind: 'table',
      title: 'Rows rejected on import',
      columns: [{ label: 'Line', align: 'right', width: 6 }, { label: 'Reason', width: 40 }, { label: 'Text', mono: true, width: 54 }],
      rows: issues.rows.map((r): ReportCell[] => [r.line, clip(r.reasons.join('; '), 300), clip(r.text, 120)]),
      ...(issues.total > issues.rows.length ? { caption: `First ${issues.rows.length} of ${issues.total}; the data area lists them all.` } : {}),
    });
  }
  if (quality && quality.findings.length > 0) {
    blocks.push({ kind: 'paragraph', tone: 'muted', text: `Data quality findings (automatic check of the data as they are now): ${quality.findings.slice(0, 4).join(' ')}` });
  }
  blocks.push(...(await charts(ctx, d)));
  return blocks;
}

/** Test datasets: an overview of every dataset, then each one with its provenance and scatter charts. */
export const datasetsSection: SectionProvider = {
  id: 'datasets',
  title: 'Test datasets',
  description: 'Imported and recorded test data: source, rows, date range, quantities and units, cleaning steps, and H-Q / η-Q / P-Q charts.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const list = await listDatasets(ctx);
    if (!list) return { available: false, reason: 'the data area is not available in this build' };
    return list.length > 0 ? { available: true } : { available: false, reason: 'no datasets in this project' };
  },
  build: async (ctx) => {
    const list = (await listDatasets(ctx)) ?? [];
    if (list.length === 0) return [];
    const details = await Promise.all(list.map((d) => ctx.call<DatasetPage>('data.datasets.get', { id: d.id, offset: 0, limit: 1 })));
    const ranges = await Promise.all(list.map((d) => dateRange(ctx, d)));
    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        title: 'Datasets',
        columns: [
          { label: 'Name', width: 22 },
          { label: 'Source', width: 22 },
          { label: 'Rows', align: 'right', width: 7 },
          { label: 'Date range (UTC)', width: 20 },
          { label: 'Quantities', width: 17 },
          { label: 'Cleaning steps', align: 'right', width: 8 },
          { label: 'Rows excluded', align: 'right', width: 8 },
        ],
        rows: list.map((d, i): ReportCell[] => {
          const detail = details[i]?.dataset;
          const quantities = [...new Set(d.columns.filter((c) => c.quantity !== 'time').map((c) => (QUANTITY_LABEL[c.quantity] ?? c.quantity).toLowerCase()))].join(', ');
          const steps = detail ? detail.provenance.filter((p) => !ORIGIN_KINDS.has(p.kind)).length : d.stepCount;
          return [d.name, detail ? sourceText(detail) : d.source, d.rowCount, rangeText(ranges[i]).replace(' UTC', ''), quantities, steps, detail ? excludedByCleaning(detail) : null];
        }),
        caption: 'Rows excluded = rows taken out by cleaning steps (outliers, duplicates, unsteady stretches, manual exclusions); rows rejected when the file was read are counted per dataset below.',
      },
    ];
    for (const [i, d] of list.slice(0, MAX_DETAILED).entries()) blocks.push(...(await detailBlocks(ctx, d, ranges[i])));
    if (list.length > MAX_DETAILED) blocks.push({ kind: 'paragraph', tone: 'muted', text: `${list.length - MAX_DETAILED} more dataset(s) are listed above but not detailed; export the datasets data for all of them.` });
    return blocks;
  },
};
