import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import { quoteIdent } from '../context';
import type { SectionProvider } from '../section';
import { firstTable, fmt, fmtTime, parseJson, tableBlock } from '../section';

const FIT_TABLES = ['fits', 'fit_results', 'curve_fits'];

type FitDoc = {
  model?: string;
  params?: Array<{ name?: string; value?: number; stdError?: number; ciLow?: number; ciHigh?: number; unit?: string }> | Record<string, number>;
  metrics?: Record<string, number>;
  verdict?: unknown;
  iso9906?: unknown;
};

/** Parameter rows from whichever shape the curves area stores (an array of parameters or a name→value map). */
function paramRows(doc: FitDoc): ReportCell[][] {
  if (Array.isArray(doc.params)) return doc.params.map((p) => [String(p.name ?? ''), p.value ?? null, p.stdError ?? null, p.ciLow !== undefined && p.ciHigh !== undefined ? `${fmt(p.ciLow)} … ${fmt(p.ciHigh)}` : '', p.unit ?? '']);
  if (doc.params && typeof doc.params === 'object') return Object.entries(doc.params).map(([k, v]) => [k, typeof v === 'number' ? v : String(v), null, '', '']);
  return [];
}

function verdictText(v: unknown): { text: string; tone: 'pass' | 'fail' | 'warn' } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { text: `ISO 9906 verdict: ${v}`, tone: /pass|ok|accept/i.test(v) ? 'pass' : /fail|reject/i.test(v) ? 'fail' : 'warn' };
  if (typeof v === 'object') {
    const o = v as { pass?: boolean; grade?: string; passed?: boolean; summary?: string; message?: string };
    const pass = o.pass ?? o.passed;
    const text = `ISO 9906${o.grade ? ` grade ${o.grade}` : ''}: ${pass === undefined ? '' : pass ? 'PASS' : 'FAIL'}${o.summary || o.message ? ` — ${o.summary ?? o.message}` : ''}`;
    return { text, tone: pass === undefined ? 'warn' : pass ? 'pass' : 'fail' };
  }
  return undefined;
}

/** Fitted curves: model, parameters with uncertainty, goodness of fit and the ISO 9906 verdict. */
export const fitsSection: SectionProvider = {
  id: 'fits',
  title: 'Fitted curves',
  description: 'Fitted pump curves with parameter tables, uncertainty and the ISO 9906 verdict.',
  defaultOn: true,
  isAvailable: async (ctx) => ((await firstTable(ctx, FIT_TABLES)) ? { available: true } : { available: false, reason: 'no fitted curves in this project' }),
  build: async (ctx) => {
    const table = (await firstTable(ctx, FIT_TABLES))!;
    const cols = await ctx.columns(table);
    const jsonCol = ['result_json', 'result', 'json', 'data'].find((c) => cols.includes(c));
    const blocks: ReportBlock[] = [];
    if (!jsonCol) {
      const b = await tableBlock(ctx, table, { title: 'Fits' });
      return b ? [b] : [];
    }
    const rows = await ctx.query<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)} ORDER BY rowid LIMIT 50`);
    for (const row of rows) {
      const doc = (parseJson(row[jsonCol]) ?? {}) as FitDoc;
      const name = String(row.name ?? row.title ?? row.id ?? 'Fit');
      blocks.push({ kind: 'heading', level: 2, text: name });
      blocks.push({
        kind: 'kv',
        rows: [
          { key: 'Model', value: String(doc.model ?? row.model ?? '—') },
          ...(row.dataset_id !== undefined ? [{ key: 'Dataset', value: String(row.dataset_id) }] : []),
          ...(typeof row.created_at === 'number' ? [{ key: 'Fitted', value: fmtTime(row.created_at) }] : []),
          ...Object.entries(doc.metrics ?? {}).map(([k, v]) => ({ key: k, value: fmt(v) })),
        ],
      });
      const params = paramRows(doc);
      if (params.length > 0) {
        blocks.push({
          kind: 'table',
          title: 'Parameters',
          columns: [{ label: 'Parameter', mono: true }, { label: 'Value', align: 'right' }, { label: 'Std. error', align: 'right' }, { label: '95 % interval', align: 'right' }, { label: 'Unit' }],
          rows: params,
        });
      }
      const verdict = verdictText(doc.verdict ?? doc.iso9906 ?? row.verdict);
      if (verdict) blocks.push({ kind: 'paragraph', text: verdict.text, tone: verdict.tone });
    }
    return blocks;
  },
};
