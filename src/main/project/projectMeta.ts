import type { ProjectMeta } from '#shared/rpc/domains/project';
import type { Migration } from '../store/migrations';
import type { IStore } from '../store/types';

export const projectMigrations: Migration[] = [
  {
    domain: 'project',
    version: 1,
    name: 'project metadata',
    sql: `CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  },
];

export const DEFAULT_META: ProjectMeta = { name: 'Untitled station', stationName: '', client: '', location: '', engineer: '', notes: '' };

export async function readMeta(store: IStore): Promise<ProjectMeta & { createdAt: number }> {
  const rows = await store.query<{ key: string; value: string }>('SELECT key, value FROM project_meta');
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return {
    name: map.get('name') ?? DEFAULT_META.name,
    stationName: map.get('stationName') ?? '',
    client: map.get('client') ?? '',
    location: map.get('location') ?? '',
    engineer: map.get('engineer') ?? '',
    notes: map.get('notes') ?? '',
    createdAt: Number(map.get('createdAt') ?? 0),
  };
}

export async function writeMeta(store: IStore, patch: Partial<ProjectMeta> & { createdAt?: number }): Promise<void> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  await store.write(
    entries.map(([key, value]) => ({
      sql: 'INSERT INTO project_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      params: [key, String(value)],
    })),
  );
}
