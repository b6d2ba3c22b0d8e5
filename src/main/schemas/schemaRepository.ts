import type { Migration } from '../store/migrations';
import type { IStore } from '../store/types';

/*
 * Tables of the schemas domain. `frame_schemas` holds one editable draft per schema;
 * `frame_schema_versions` holds immutable published versions. The gateway resolves published
 * schemas by id from these tables (through schemaService.getPublished), so their names are fixed.
 */

export const schemaMigrations: Migration[] = [
  {
    domain: 'schemas',
    version: 1,
    name: 'frame schemas and published versions',
    sql: `CREATE TABLE IF NOT EXISTS frame_schemas (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  title TEXT,
  draft_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS frame_schema_versions (
  schema_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  schema_json TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (schema_id, version)
)`,
  },
];

export type SchemaRow = {
  id: string;
  name: string;
  title: string | undefined;
  draftJson: string;
  createdAt: number;
  updatedAt: number;
};

export type VersionRow = {
  schemaId: string;
  version: number;
  schemaJson: string;
  publishedAt: number;
  note: string;
};

type RawSchemaRow = { id: string; name: string; title: string | null; draft_json: string; created_at: number; updated_at: number };
type RawVersionRow = { schema_id: string; version: number; schema_json: string; published_at: number; note: string | null };

function schemaRow(r: RawSchemaRow): SchemaRow {
  return { id: r.id, name: r.name, title: r.title ?? undefined, draftJson: r.draft_json, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

function versionRow(r: RawVersionRow): VersionRow {
  return { schemaId: r.schema_id, version: Number(r.version), schemaJson: r.schema_json, publishedAt: Number(r.published_at), note: r.note ?? '' };
}

/** SQL access for schemas; converts SQL null to undefined. */
export class SchemaRepository {
  constructor(private readonly store: () => IStore) {}

  async list(): Promise<SchemaRow[]> {
    const rows = await this.store().query<RawSchemaRow>('SELECT id, name, title, draft_json, created_at, updated_at FROM frame_schemas ORDER BY id');
    return rows.map(schemaRow);
  }

  async get(id: string): Promise<SchemaRow | undefined> {
    const rows = await this.store().query<RawSchemaRow>('SELECT id, name, title, draft_json, created_at, updated_at FROM frame_schemas WHERE id = ?', [id]);
    return rows[0] ? schemaRow(rows[0]) : undefined;
  }

  async insert(row: SchemaRow): Promise<void> {
    await this.store().write([
      {
        sql: 'INSERT INTO frame_schemas(id, name, title, draft_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        params: [row.id, row.name, row.title ?? null, row.draftJson, row.createdAt, row.updatedAt],
      },
    ]);
  }

  async updateDraft(id: string, name: string, title: string | undefined, draftJson: string, updatedAt: number): Promise<void> {
    await this.store().write([{ sql: 'UPDATE frame_schemas SET name = ?, title = ?, draft_json = ?, updated_at = ? WHERE id = ?', params: [name, title ?? null, draftJson, updatedAt, id] }]);
  }

  async delete(id: string): Promise<void> {
    await this.store().write([
      { sql: 'DELETE FROM frame_schema_versions WHERE schema_id = ?', params: [id] },
      { sql: 'DELETE FROM frame_schemas WHERE id = ?', params: [id] },
    ]);
  }

  async versions(id: string): Promise<VersionRow[]> {
    const rows = await this.store().query<RawVersionRow>('SELECT schema_id, version, schema_json, published_at, note FROM frame_schema_versions WHERE schema_id = ? ORDER BY version DESC', [id]);
    return rows.map(versionRow);
  }

  async version(id: string, version?: number): Promise<VersionRow | undefined> {
    const rows =
      version === undefined
        ? await this.store().query<RawVersionRow>('SELECT schema_id, version, schema_json, published_at, note FROM frame_schema_versions WHERE schema_id = ? ORDER BY version DESC LIMIT 1', [id])
        : await this.store().query<RawVersionRow>('SELECT schema_id, version, schema_json, published_at, note FROM frame_schema_versions WHERE schema_id = ? AND version = ?', [id, version]);
    return rows[0] ? versionRow(rows[0]) : undefined;
  }

  /** Latest version number and time of every schema, in one query (for the list). */
  async latestVersions(): Promise<Map<string, { version: number; publishedAt: number; schemaJson: string }>> {
    const rows = await this.store().query<RawVersionRow>(
      'SELECT v.schema_id, v.version, v.schema_json, v.published_at, v.note FROM frame_schema_versions v JOIN (SELECT schema_id, MAX(version) AS version FROM frame_schema_versions GROUP BY schema_id) m ON m.schema_id = v.schema_id AND m.version = v.version',
    );
    return new Map(rows.map((r) => [r.schema_id, { version: Number(r.version), publishedAt: Number(r.published_at), schemaJson: r.schema_json }]));
  }

  /** Publishes: the new version row and the draft (possibly rewritten, e.g. on rollback) in one transaction. */
  async publish(row: VersionRow, draftJson: string | undefined): Promise<void> {
    const statements = [
      {
        sql: 'INSERT INTO frame_schema_versions(schema_id, version, schema_json, published_at, note) VALUES (?, ?, ?, ?, ?)',
        params: [row.schemaId, row.version, row.schemaJson, row.publishedAt, row.note],
      },
    ];
    if (draftJson !== undefined) statements.push({ sql: 'UPDATE frame_schemas SET draft_json = ?, updated_at = ? WHERE id = ?', params: [draftJson, row.publishedAt, row.schemaId] });
    await this.store().write(statements);
  }
}
