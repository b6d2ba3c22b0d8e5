import type { IStore } from './types';

/** One schema step of one domain. Versions count up from 1 within a domain. */
export interface Migration {
  domain: string;
  version: number;
  name: string;
  sql: string;
}

const DDL = 'CREATE TABLE IF NOT EXISTS _migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (domain, version))';

/** Applies the migrations this project has not seen yet, each domain in version order, one batch each. */
export async function migrate(store: IStore, migrations: Migration[], now = Date.now()): Promise<number> {
  await store.write([{ sql: DDL }]);
  const applied = new Set((await store.query<{ domain: string; version: number }>('SELECT domain, version FROM _migrations')).map((r) => `${r.domain}@${r.version}`));
  // Two domains may share a migration (e.g. 'datasets-shared'); the same (domain, version) runs once.
  const unique = new Map(migrations.map((m) => [`${m.domain}@${m.version}`, m]));
  const pending = [...unique.values()].filter((m) => !applied.has(`${m.domain}@${m.version}`)).sort((a, b) => a.domain.localeCompare(b.domain) || a.version - b.version);
  for (const m of pending) {
    const statements = m.sql
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map((sql) => ({ sql }));
    statements.push({ sql: 'INSERT INTO _migrations(domain, version, name, applied_at) VALUES (?, ?, ?, ?)', params: [m.domain, m.version, m.name, now] } as never);
    await store.write(statements);
  }
  return pending.length;
}
