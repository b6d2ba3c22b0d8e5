import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import { quoteIdent } from '../context';
import type { SectionProvider } from '../section';
import { firstTable, fmtTime, parseJson, tableBlock } from '../section';

const RUN_TABLES = ['optimization_runs', 'optimize_runs', 'opt_runs'];

type OperatingRow = Record<string, unknown>;

/** Optimization results: runs with their objective, and the operating table of the newest run. */
export const optimizationSection: SectionProvider = {
  id: 'optimization',
  title: 'Optimization results',
  description: 'Optimization runs and the recommended operating table (pumps, speeds, power per demand).',
  defaultOn: true,
  isAvailable: async (ctx) => ((await firstTable(ctx, RUN_TABLES)) ? { available: true } : { available: false, reason: 'no optimization runs in this project' }),
  build: async (ctx) => {
    const table = (await firstTable(ctx, RUN_TABLES))!;
    const blocks: ReportBlock[] = [];
    const list = await tableBlock(ctx, table, { title: 'Runs', orderBy: 'rowid DESC', limit: 50, exclude: ['result_json', 'input_json'] });
    if (list) blocks.push(list);
    const cols = await ctx.columns(table);
    const jsonCol = ['result_json', 'result', 'json'].find((c) => cols.includes(c));
    if (!jsonCol) return blocks;
    const [latest] = await ctx.query<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)} ORDER BY rowid DESC LIMIT 1`);
    const result = parseJson(latest?.[jsonCol]) as { operatingTable?: OperatingRow[]; table?: OperatingRow[] } | undefined;
    const op = result?.operatingTable ?? result?.table;
    if (Array.isArray(op) && op.length > 0) {
      const keys = [...new Set(op.slice(0, 20).flatMap((r) => Object.keys(r)))].slice(0, 10);
      blocks.push({ kind: 'heading', level: 2, text: `Operating table${typeof latest?.created_at === 'number' ? ` (run of ${fmtTime(latest.created_at)})` : ''}` });
      blocks.push({
        kind: 'table',
        columns: keys.map((k) => ({ label: k, align: typeof op[0]?.[k] === 'number' ? ('right' as const) : ('left' as const) })),
        rows: op.slice(0, 500).map((r): ReportCell[] => keys.map((k) => (typeof r[k] === 'number' ? (r[k] as number) : r[k] === undefined || r[k] === null ? null : Array.isArray(r[k]) ? (r[k] as unknown[]).join(', ') : String(r[k])))),
      });
    }
    return blocks;
  },
};
