import type { DatasetColumn } from '#shared/dataimport/index';
import type { DatasetSummary, ProvenanceStep } from '#shared/rpc/domains/data';
import type { Migration } from '../store/migrations';
import type { IStore, SqlParams, WriteStatement } from '../store/types';

/**
 * The shared dataset tables (same text as the monitor area's recordings: whoever migrates first
 * creates them) and the data area's own tables: undo records of cleaning steps, rows excluded by
 * steps (so they can be restored), and the invalid rows of each import.
 */
export const DATASETS_SHARED_MIGRATION: Migration = {
  domain: 'datasets-shared',
  version: 1,
  name: 'datasets and dataset rows',
  sql: `CREATE TABLE IF NOT EXISTS datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, source TEXT NOT NULL, row_count INTEGER NOT NULL, columns_json TEXT NOT NULL, provenance_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dataset_rows (dataset_id TEXT NOT NULL, row_index INTEGER NOT NULL, values_json TEXT NOT NULL, PRIMARY KEY (dataset_id, row_index))`,
};

export const DATA_MIGRATIONS: Migration[] = [
  {
    domain: 'data',
    version: 1,
    name: 'cleaning undo records, excluded rows, import issues',
    sql: `CREATE TABLE data_steps (dataset_id TEXT NOT NULL, step_id TEXT NOT NULL, seq INTEGER NOT NULL, undo_json TEXT NOT NULL, PRIMARY KEY (dataset_id, step_id));
CREATE TABLE data_excluded_rows (dataset_id TEXT NOT NULL, step_id TEXT NOT NULL, row_index INTEGER NOT NULL, values_json TEXT NOT NULL, PRIMARY KEY (dataset_id, row_index));
CREATE TABLE data_import_issues (dataset_id TEXT NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL, reasons_json TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (dataset_id, seq))`,
  },
];

/** A datasets row, parsed. Provenance entries written by other areas are normalised, never rejected. */
export type DatasetRecord = Omit<DatasetSummary, 'stepCount'> & { provenance: ProvenanceStep[] };

type Row = { id: string; name: string; created_at: number; source: string; row_count: number; columns_json: string; provenance_json: string };

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Reads provenance entries leniently (recordings may write a different shape). */
export function normaliseProvenance(value: unknown): ProvenanceStep[] {
  if (!Array.isArray(value)) return [];
  return value.map((e, i) => {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const kind = typeof o.kind === 'string' ? o.kind : typeof o.type === 'string' ? o.type : 'step';
    const at = typeof o.at === 'number' ? o.at : typeof o.time === 'number' ? o.time : 0;
    const params = o.params && typeof o.params === 'object' ? (o.params as Record<string, unknown>) : Object.fromEntries(Object.entries(o).filter(([k]) => !['id', 'kind', 'type', 'at', 'time', 'summary'].includes(k)));
    return {
      id: typeof o.id === 'string' ? o.id : `p${i}`,
      kind,
      at,
      summary: typeof o.summary === 'string' ? o.summary : kind,
      params,
      ...(typeof o.affected === 'number' ? { affected: o.affected } : {}),
      reversible: o.reversible === true,
    };
  });
}

function toRecord(r: Row): DatasetRecord {
  return {
    id: r.id,
    name: r.name,
    createdAt: Number(r.created_at),
    source: r.source,
    rowCount: Number(r.row_count),
    columns: parseJson<DatasetColumn[]>(r.columns_json, []),
    provenance: normaliseProvenance(parseJson<unknown>(r.provenance_json, [])),
  };
}

/** One stored row: its index and values (null = missing). */
export type StoredRow = { index: number; values: (number | null)[] };

export class DatasetRepository {
  constructor(private readonly store: () => IStore) {}

  async list(): Promise<DatasetRecord[]> {
    const rows = await this.store().query<Row>('SELECT id, name, created_at, source, row_count, columns_json, provenance_json FROM datasets ORDER BY created_at DESC, name');
    return rows.map(toRecord);
  }

  async get(id: string): Promise<DatasetRecord | undefined> {
    const rows = await this.store().query<Row>('SELECT id, name, created_at, source, row_count, columns_json, provenance_json FROM datasets WHERE id = ?', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async rows(id: string, offset: number, limit: number): Promise<StoredRow[]> {
    const rows = await this.store().query<{ row_index: number; values_json: string }>('SELECT row_index, values_json FROM dataset_rows WHERE dataset_id = ? ORDER BY row_index LIMIT ? OFFSET ?', [id, limit, offset]);
    return rows.map((r) => ({ index: Number(r.row_index), values: parseJson<(number | null)[]>(r.values_json, []) }));
  }

  /** All rows in pages (each page is one store round trip, so the core keeps turning). */
  async *allRows(id: string, page = 50_000): AsyncGenerator<Array<{ row_index: number; values_json: string }>> {
    let after = -1;
    for (;;) {
      const rows = await this.store().query<{ row_index: number; values_json: string }>('SELECT row_index, values_json FROM dataset_rows WHERE dataset_id = ? AND row_index > ? ORDER BY row_index LIMIT ?', [id, after, page]);
      if (rows.length === 0) return;
      yield rows;
      after = Number((rows[rows.length - 1] as { row_index: number }).row_index);
      if (rows.length < page) return;
    }
  }

  insertDatasetStatement(rec: DatasetRecord): WriteStatement {
    return {
      sql: 'INSERT INTO datasets(id, name, created_at, source, row_count, columns_json, provenance_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      params: [rec.id, rec.name, rec.createdAt, rec.source, rec.rowCount, JSON.stringify(rec.columns), JSON.stringify(rec.provenance)],
    };
  }

  insertRowsStatement(id: string, rows: Array<[number, string]>): WriteStatement {
    return { sql: 'INSERT INTO dataset_rows(dataset_id, row_index, values_json) VALUES (?, ?, ?)', rows: rows.map(([i, json]) => [id, i, json] as SqlParams) };
  }

  updateHeaderStatement(rec: Pick<DatasetRecord, 'id' | 'rowCount' | 'columns' | 'provenance'>): WriteStatement {
    return { sql: 'UPDATE datasets SET row_count = ?, columns_json = ?, provenance_json = ? WHERE id = ?', params: [rec.rowCount, JSON.stringify(rec.columns), JSON.stringify(rec.provenance), rec.id] };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.store().write([{ sql: 'UPDATE datasets SET name = ? WHERE id = ?', params: [name, id] }]);
  }

  async delete(id: string): Promise<boolean> {
    const res = await this.store().write([
      { sql: 'DELETE FROM datasets WHERE id = ?', params: [id] },
      { sql: 'DELETE FROM dataset_rows WHERE dataset_id = ?', params: [id] },
      { sql: 'DELETE FROM data_steps WHERE dataset_id = ?', params: [id] },
      { sql: 'DELETE FROM data_excluded_rows WHERE dataset_id = ?', params: [id] },
      { sql: 'DELETE FROM data_import_issues WHERE dataset_id = ?', params: [id] },
    ]);
    return (res[0]?.changes ?? 0) > 0;
  }

  async issues(id: string, offset: number, limit: number): Promise<{ total: number; rows: Array<{ line: number; reasons: string[]; text: string }> }> {
    const total = Number((await this.store().query<{ n: number }>('SELECT COUNT(*) AS n FROM data_import_issues WHERE dataset_id = ?', [id]))[0]?.n ?? 0);
    const rows = await this.store().query<{ line: number; reasons_json: string; text: string }>('SELECT line, reasons_json, text FROM data_import_issues WHERE dataset_id = ? ORDER BY seq LIMIT ? OFFSET ?', [id, limit, offset]);
    return { total, rows: rows.map((r) => ({ line: Number(r.line), reasons: parseJson<string[]>(r.reasons_json, []), text: r.text })) };
  }

  async stepUndo(id: string): Promise<Map<string, unknown>> {
    const rows = await this.store().query<{ step_id: string; undo_json: string }>('SELECT step_id, undo_json FROM data_steps WHERE dataset_id = ?', [id]);
    return new Map(rows.map((r) => [r.step_id, parseJson<unknown>(r.undo_json, {})]));
  }

  async excludedRows(id: string): Promise<Array<{ step_id: string; row_index: number; values_json: string }>> {
    return this.store().query('SELECT step_id, row_index, values_json FROM data_excluded_rows WHERE dataset_id = ? ORDER BY row_index', [id]);
  }

  /** Orphan rows of imports that never finished (a crash mid-import): only ids this area creates. */
  async dropOrphans(prefixes: string[]): Promise<void> {
    for (const p of prefixes) {
      await this.store().write([{ sql: "DELETE FROM dataset_rows WHERE dataset_id LIKE ? ESCAPE '\\' AND dataset_id NOT IN (SELECT id FROM datasets)", params: [`${p.replace(/[_%\\]/g, '\\$&')}%`] }]);
    }
  }
}
