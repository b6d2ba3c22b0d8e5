import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportSpec } from '#shared/rpc/domains/reports';
import { parseStationJson, type Station } from '#shared/hydraulics/station';
import type { ProjectMeta } from '#shared/rpc/domains/project';
import { readMeta } from '../project/projectMeta';
import type { IStore, SqlValue } from '../store/types';

/** Where a section's data came from, so the report can say so (a demo file is not site data). */
export type Provenance = 'project' | 'demo-resources';

/**
 * What a section provider can read. Providers never assume another area's tables exist: they ask
 * `hasTable`/`rowCount` first and skip gracefully, so each section appears as its area lands.
 */
export interface ReportContext {
  readonly store: IStore;
  readonly resourcesDir: string;
  readonly meta: ProjectMeta & { createdAt: number };
  readonly spec: ReportSpec;
  readonly now: number;
  /** True when the project was created as the built-in demo (demo resource files may stand in for missing tables). */
  readonly isDemo: boolean;
  hasTable(name: string): Promise<boolean>;
  /** Row count, 0 when the table does not exist. */
  rowCount(name: string): Promise<number>;
  columns(name: string): Promise<string[]>;
  query<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /**
   * Calls another area's contract method; undefined when that area is not in this build or fails
   * (a report section then falls back to the tables or skips).
   */
  call<T = unknown>(method: string, params: unknown): Promise<T | undefined>;
  /** The station (pumps, system curve): from the project's optimization tables, else the demo file for the demo project. */
  station(): Promise<{ station: Station; provenance: Provenance } | undefined>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Dispatches a contract call in-process (the core's RpcServer); returns undefined on any error. */
export type ContractCaller = (method: string, params: unknown) => Promise<unknown>;

export async function createReportContext(store: IStore, resourcesDir: string, spec: ReportSpec, caller?: ContractCaller, now = Date.now()): Promise<ReportContext> {
  const meta = await readMeta(store);
  const tableRows = await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
  const tables = new Set(tableRows.map((r) => r.name));
  const counts = new Map<string, number>();
  const columnCache = new Map<string, string[]>();
  let isDemo = false;
  if (tables.has('events')) {
    const created = await store.query<{ data: string }>("SELECT data FROM events WHERE type = 'project.created' ORDER BY id LIMIT 1");
    try {
      isDemo = Boolean((JSON.parse(created[0]?.data ?? '{}') as { demo?: boolean }).demo);
    } catch {
      isDemo = false;
    }
  }
  let stationCache: Promise<{ station: Station; provenance: Provenance } | undefined> | undefined;

  const ctx: ReportContext = {
    store,
    resourcesDir,
    meta,
    spec,
    now,
    isDemo,
    hasTable: async (name) => tables.has(name),
    rowCount: async (name) => {
      if (!tables.has(name)) return 0;
      const cached = counts.get(name);
      if (cached !== undefined) return cached;
      const n = Number((await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(name)}`))[0]?.n ?? 0);
      counts.set(name, n);
      return n;
    },
    columns: async (name) => {
      if (!tables.has(name)) return [];
      const cached = columnCache.get(name);
      if (cached) return cached;
      const cols = (await store.query<{ name: string }>(`PRAGMA table_info(${quoteIdent(name)})`)).map((c) => c.name);
      columnCache.set(name, cols);
      return cols;
    },
    query: (sql, params) => store.query(sql, params),
    call: async <T,>(method: string, params: unknown) => {
      if (!caller) return undefined;
      try {
        return (await caller(method, params)) as T;
      } catch {
        return undefined;
      }
    },
    station: () => (stationCache ??= loadStation(ctx)),
  };
  return ctx;
}

/** Candidate tables/columns holding a station document, in the order tried. */
const STATION_TABLES = ['stations', 'station', 'optimization_stations'];
const JSON_COLUMNS = ['json', 'document', 'spec', 'definition', 'data', 'body', 'station'];

async function loadStation(ctx: ReportContext): Promise<{ station: Station; provenance: Provenance } | undefined> {
  for (const table of STATION_TABLES) {
    if ((await ctx.rowCount(table)) === 0) continue;
    const cols = await ctx.columns(table);
    const col = JSON_COLUMNS.find((c) => cols.includes(c));
    if (!col) continue;
    const order = cols.includes('updated_at') ? ' ORDER BY updated_at DESC' : '';
    const rows = await ctx.query<Record<string, SqlValue>>(`SELECT ${quoteIdent(col)} AS doc FROM ${quoteIdent(table)}${order} LIMIT 1`);
    const parsed = typeof rows[0]?.doc === 'string' ? parseStationJson(rows[0].doc) : undefined;
    if (parsed?.ok) return { station: parsed.station, provenance: 'project' };
  }
  if (!ctx.isDemo) return undefined;
  const file = path.join(ctx.resourcesDir, 'demo', 'station.json');
  if (!existsSync(file)) return undefined;
  const parsed = parseStationJson(readFileSync(file, 'utf8'));
  return parsed.ok ? { station: parsed.station, provenance: 'demo-resources' } : undefined;
}

/** Frame-schema documents shipped with the demo (resources/demo/schemas/*.json). */
export function demoSchemaFiles(resourcesDir: string): Array<{ file: string; doc: unknown }> {
  const dir = path.join(resourcesDir, 'demo', 'schemas');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      try {
        return [{ file: f, doc: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown }];
      } catch {
        return [];
      }
    });
}
