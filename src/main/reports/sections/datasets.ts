import type { ChartSeries, ReportBlock } from '#shared/rpc/domains/reports';
import { quoteIdent, type ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { parseJson, tableBlock, thin } from '../section';

/** Datasets charted per section at most; the data export carries them all. */
const MAX_CHARTED = 8;
const MAX_ROWS_READ = 20_000;

type Row = Record<string, number>;

/** Reads one dataset's rows as numeric records, whether stored as columns or as a JSON object per row. */
export async function datasetRows(ctx: ReportContext, datasetId: unknown): Promise<Row[]> {
  const cols = await ctx.columns('dataset_rows');
  const key = ['dataset_id', 'datasetId', 'dataset'].find((c) => cols.includes(c));
  if (!key) return [];
  const order = ['row_index', 'idx', 'seq', 'row', 't', 'time', 'rowid'].find((c) => c === 'rowid' || cols.includes(c)) ?? 'rowid';
  const raw = await ctx.query<Record<string, unknown>>(`SELECT * FROM dataset_rows WHERE ${quoteIdent(key)} = ? ORDER BY ${order === 'rowid' ? 'rowid' : quoteIdent(order)} LIMIT ${MAX_ROWS_READ}`, [datasetId as string]);
  return raw.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === key) continue;
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
      else if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
        const parsed = parseJson(v);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          for (const [pk, pv] of Object.entries(parsed as Record<string, unknown>)) if (typeof pv === 'number' && Number.isFinite(pv)) out[pk] = pv;
        }
      }
    }
    return out;
  });
}

/** Picks axes the way an engineer reads pump data: flow on x; head, power, efficiency on y. */
function pickAxes(keys: string[]): { x: string; ys: string[] } | undefined {
  const usable = keys.filter((k) => !/^(id|row_index|idx|seq|row)$/i.test(k));
  if (usable.length < 2) return undefined;
  const x = usable.find((k) => /flow|^q(_|$)/i.test(k)) ?? usable.find((k) => /time|^t$/i.test(k)) ?? usable[0]!;
  const preferred = usable.filter((k) => k !== x && /head|^h(_|$)|pressure/i.test(k));
  const ys = (preferred.length > 0 ? preferred : usable.filter((k) => k !== x)).slice(0, 3);
  return { x, ys };
}

export function datasetChart(name: string, rows: Row[]): ReportBlock | undefined {
  const keys = [...new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r)))];
  const axes = pickAxes(keys);
  if (!axes || rows.length < 2) return undefined;
  const series: ChartSeries[] = axes.ys.map((y) => ({
    name: y,
    points: thin(
      rows.filter((r) => r[axes.x] !== undefined && r[y] !== undefined).map((r) => [r[axes.x]!, r[y]!] as [number, number]),
      1500,
    ),
    style: 'points',
  }));
  if (series.every((s) => s.points.length === 0)) return undefined;
  return { kind: 'chart', title: name, x: { label: axes.x }, y: { label: axes.ys.join(', ') }, series, height: 200 };
}

/** Test datasets: the list with provenance, and a chart of each. */
export const datasetsSection: SectionProvider = {
  id: 'datasets',
  title: 'Test datasets',
  description: 'Imported and recorded test data, with a chart of each dataset.',
  defaultOn: true,
  isAvailable: async (ctx) => ((await ctx.rowCount('datasets')) > 0 ? { available: true } : { available: false, reason: 'no datasets in this project' }),
  build: async (ctx) => {
    const blocks: ReportBlock[] = [];
    const list = await tableBlock(ctx, 'datasets', { title: 'Datasets', exclude: ['columns_json', 'schema_json'] });
    if (list) blocks.push(list);
    if ((await ctx.rowCount('dataset_rows')) === 0) return blocks;
    const cols = await ctx.columns('datasets');
    const nameCol = ['name', 'title', 'id'].find((c) => cols.includes(c)) ?? 'rowid';
    const datasets = await ctx.query<{ id: unknown; name: unknown }>(`SELECT ${cols.includes('id') ? 'id' : 'rowid'} AS id, ${nameCol === 'rowid' ? 'rowid' : quoteIdent(nameCol)} AS name FROM datasets LIMIT ${MAX_CHARTED}`);
    for (const d of datasets) {
      const chart = datasetChart(String(d.name), await datasetRows(ctx, d.id));
      if (chart) blocks.push(chart);
    }
    return blocks;
  },
};
