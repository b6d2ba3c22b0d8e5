import type { ReportBlock, ReportCell, TableColumn } from '#shared/rpc/domains/reports';
import { getConverter, unitInfo } from '#shared/units/index';
import { quoteIdent, type ReportContext } from './context';

/**
 * A report section. Providers live in sections/<id>.ts and are listed in sections/index.ts; an
 * area's engineer refines its own provider without touching the builder or the renderers.
 */
export interface SectionProvider {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Cover and contents: not numbered, not listed in the contents. */
  readonly frontMatter?: boolean;
  /** Included in a new report by default. */
  readonly defaultOn: boolean;
  /** Whether there is anything to report; `reason` says why not (shown in the builder). */
  isAvailable(ctx: ReportContext): Promise<{ available: boolean; reason?: string }>;
  build(ctx: ReportContext): Promise<ReportBlock[]>;
}

/** Formats a number for a table: up to `digits` significant digits, no exponent for everyday magnitudes. */
export function fmt(value: unknown, digits = 4): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (value === 0) return '0';
    const abs = Math.abs(value);
    if (abs >= 1e-3 && abs < 1e7) return Number(value.toPrecision(digits)).toLocaleString('en-GB', { maximumFractionDigits: 6, useGrouping: abs >= 1e4 });
    return value.toExponential(digits - 1);
  }
  return String(value);
}

export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function fmtDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Shortens long text for a table cell (a cell taller than a page cannot break cleanly). */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Turns a JSON column into a short readable summary: `key=value, key=value`. */
export function summarizeJson(value: unknown, max = 240): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return clip(String(value), max);
  if (Array.isArray(value)) return clip(`[${value.length} items]`, max);
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? (Array.isArray(v) ? `[${v.length}]` : '{…}') : String(v)}`);
  return clip(parts.join(', '), max);
}

export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const HIDDEN_COLUMN = /(^|_)(blob|bytes|raw|payload|secret|password|token)$/i;

/** Is this column a timestamp in ms by its name (created_at, time, ...)? */
function isTimeColumn(name: string): boolean {
  return /(^|_)(at|time|ts)$/i.test(name) || name === 'time';
}

function humanize(column: string): string {
  const words = column.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A generic, readable dump of one table: the fallback view of an area whose provider has not been
 * refined yet. Long JSON columns are summarized, binary columns left out, timestamps formatted.
 */
export async function tableBlock(
  ctx: ReportContext,
  table: string,
  options: { title?: string; columns?: string[]; exclude?: string[]; limit?: number; orderBy?: string; where?: string } = {},
): Promise<ReportBlock | undefined> {
  const all = await ctx.columns(table);
  if (all.length === 0) return undefined;
  const cols = (options.columns ?? all).filter((c) => all.includes(c) && !HIDDEN_COLUMN.test(c) && !(options.exclude ?? []).includes(c)).slice(0, 10);
  if (cols.length === 0) return undefined;
  const limit = options.limit ?? 200;
  const total = await ctx.rowCount(table);
  const order = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
  const where = options.where ? ` WHERE ${options.where}` : '';
  const rows = await ctx.query<Record<string, unknown>>(`SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)}${where}${order} LIMIT ${limit}`);
  const columns: TableColumn[] = cols.map((c) => ({ label: humanize(c) }));
  const cells: ReportCell[][] = rows.map((r) =>
    cols.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return isTimeColumn(c) && v > 1e11 ? fmtTime(v) : v;
      if (v instanceof Uint8Array) return `${v.length} bytes`;
      const text = String(v);
      if (text.startsWith('{') || text.startsWith('[')) {
        const parsed = parseJson(text);
        if (parsed !== undefined) return summarizeJson(parsed);
      }
      return clip(text);
    }),
  );
  // Numeric columns read better right-aligned.
  cols.forEach((c, i) => {
    if (cells.length > 0 && cells.every((row) => row[i] === null || typeof row[i] === 'number')) columns[i] = { ...columns[i]!, align: 'right' };
  });
  return {
    kind: 'table',
    title: options.title ?? humanize(table),
    columns,
    rows: cells,
    ...(total > rows.length ? { caption: `First ${rows.length} of ${total} rows.` } : {}),
  };
}

/** The first of `candidates` that exists and has rows. */
export async function firstTable(ctx: ReportContext, candidates: string[]): Promise<string | undefined> {
  for (const t of candidates) if ((await ctx.rowCount(t)) > 0) return t;
  return undefined;
}

/** Reduces a series to at most `max` points by even striding (keeps first and last). */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

// ---- helpers for the data sections (datasets, fits, alarms, optimization) ----------------------

/** Units the report shows each data quantity in (SI engineering units; efficiency in %). */
export const DISPLAY_UNIT: Readonly<Record<string, string>> = { flow: 'm3/h', head: 'm', pressure: 'bar', power: 'kW', speed: 'rpm', efficiency: '%', temperature: '°C' };

/** Printable symbol of a unit id (m3/h → m³/h, fraction → –). */
export function unitSymbol(unit: string): string {
  return unitInfo(unit)?.label ?? unit;
}

/** A converter from a stored unit to the report's display unit of `quantity` (identity when not convertible). */
export function toDisplay(quantity: string, fromUnit: string): { unit: string; convert: (v: number) => number } {
  const target = DISPLAY_UNIT[quantity];
  if (!target || target === fromUnit) return { unit: fromUnit, convert: (v) => v };
  const c = getConverter(fromUnit, target);
  return c.ok ? { unit: target, convert: c.convert } : { unit: fromUnit, convert: (v) => v };
}

/** Axis title with its unit: `Flow Q (m³/h)`. */
export function axisTitle(name: string, unit: string): string {
  const sym = unitSymbol(unit);
  return sym && sym !== '–' ? `${name} (${sym})` : name;
}

/** Mean, sample standard deviation, min, max and largest magnitude of the finite values. */
export function describe(values: ReadonlyArray<number | null | undefined>): { n: number; mean: number; sd: number; min: number; max: number; maxAbs: number } | undefined {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return undefined;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { n: v.length, mean, sd, min, max, maxAbs: Math.max(Math.abs(min), Math.abs(max)) };
}

/** A duration in words a reader scans quickly: 45 s, 12.5 min, 3.2 h, 2.1 d. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = ms / 1000;
  if (s < 120) return `${fmt(s, 3)} s`;
  if (s < 7200) return `${fmt(s / 60, 3)} min`;
  if (s < 172_800) return `${fmt(s / 3600, 3)} h`;
  return `${fmt(s / 86_400, 3)} d`;
}

/** A fraction as a percentage with `digits` significant digits: 0.0512 → "5.12 %". */
export function fmtPct(fraction: number | null | undefined, digits = 3): string {
  return typeof fraction === 'number' && Number.isFinite(fraction) ? `${fmt(fraction * 100, digits)} %` : '—';
}
