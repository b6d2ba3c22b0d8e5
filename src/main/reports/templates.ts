import { randomUUID } from 'node:crypto';
import { reportSpec, type ReportSpec, type ReportTemplate } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import type { Migration } from '../store/migrations';
import type { IStore } from '../store/types';

export const reportMigrations: Migration[] = [
  {
    domain: 'reports',
    version: 1,
    name: 'report templates',
    sql: `CREATE TABLE report_templates (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, spec_json TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  },
];

type Row = { id: string; name: string; spec_json: string; created_at: number; updated_at: number };

function toTemplate(row: Row): ReportTemplate {
  const parsed = reportSpec.safeParse(JSON.parse(row.spec_json));
  if (!parsed.success) throw new RpcError('FAILED', `Report template '${row.name}' is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return { id: row.id, name: row.name, spec: parsed.data, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Report templates, saved per project in its database. */
export class TemplateRepository {
  constructor(private readonly store: () => IStore) {}

  async list(): Promise<ReportTemplate[]> {
    const rows = await this.store().query<Row>('SELECT id, name, spec_json, created_at, updated_at FROM report_templates ORDER BY name COLLATE NOCASE');
    return rows.map(toTemplate);
  }

  async get(id: string): Promise<ReportTemplate | undefined> {
    const [row] = await this.store().query<Row>('SELECT id, name, spec_json, created_at, updated_at FROM report_templates WHERE id = ?', [id]);
    return row ? toTemplate(row) : undefined;
  }

  async findByName(name: string): Promise<ReportTemplate | undefined> {
    const [row] = await this.store().query<Row>('SELECT id, name, spec_json, created_at, updated_at FROM report_templates WHERE name = ? COLLATE NOCASE', [name]);
    return row ? toTemplate(row) : undefined;
  }

  /** Create, or update by id (else by name). Returns the template and whether it existed. */
  async save(input: { id?: string; name: string; spec: ReportSpec }, now = Date.now()): Promise<{ template: ReportTemplate; created: boolean }> {
    const existing = input.id ? await this.get(input.id) : await this.findByName(input.name);
    if (input.id && !existing) throw new RpcError('NOT_FOUND', `No report template with id '${input.id}'`);
    const clash = await this.findByName(input.name);
    if (clash && clash.id !== existing?.id) throw new RpcError('CONFLICT', `A report template named '${input.name}' already exists`);
    const id = existing?.id ?? randomUUID();
    const createdAt = existing?.createdAt ?? now;
    await this.store().write([
      {
        sql: 'INSERT INTO report_templates(id, name, spec_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, spec_json = excluded.spec_json, updated_at = excluded.updated_at',
        params: [id, input.name, JSON.stringify(input.spec), createdAt, now],
      },
    ]);
    return { template: { id, name: input.name, spec: input.spec, createdAt, updatedAt: now }, created: !existing };
  }

  async delete(id: string): Promise<ReportTemplate | undefined> {
    const existing = await this.get(id);
    if (existing) await this.store().write([{ sql: 'DELETE FROM report_templates WHERE id = ?', params: [id] }]);
    return existing;
  }
}
