import type { EventRecord } from '#shared/rpc/domains/events';
import type { Migration } from '../store/migrations';
import type { IStore, SqlValue } from '../store/types';
import type { EventBus } from './bus';

export const eventStoreMigrations: Migration[] = [
  {
    domain: 'events',
    version: 1,
    name: 'durable events',
    sql: `CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, version INTEGER NOT NULL, time INTEGER NOT NULL, source TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX events_type_time ON events(type, time);
CREATE INDEX events_time ON events(time)`,
  },
];

export interface AppendEvent {
  type: string;
  /** Schema version of `data` for this type; bump when its shape changes. */
  version?: number;
  source: string;
  data: unknown;
  time?: number;
}

export interface EventQuery {
  type?: string;
  source?: string;
  since?: number;
  until?: number;
  text?: string;
  limit: number;
  beforeId?: number;
}

/** The durable event store: the audit trail of configuration changes and notable events. */
export class EventStore {
  constructor(
    private readonly store: () => IStore,
    private readonly bus: EventBus,
  ) {}

  async append(event: AppendEvent): Promise<EventRecord> {
    const time = event.time ?? Date.now();
    const version = event.version ?? 1;
    const [result] = await this.store().write([
      { sql: 'INSERT INTO events(type, version, time, source, data) VALUES (?, ?, ?, ?, ?)', params: [event.type, version, time, event.source, JSON.stringify(event.data ?? null)] },
    ]);
    const record: EventRecord = { id: result?.lastInsertRowid ?? 0, type: event.type, version, time, source: event.source, data: event.data ?? null };
    this.bus.publish('events.appended', record);
    return record;
  }

  async query(q: EventQuery): Promise<{ events: EventRecord[]; total: number }> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.type) {
      if (q.type.endsWith('*')) {
        where.push('type LIKE ?');
        params.push(`${q.type.slice(0, -1).replace(/[%_]/g, '')}%`);
      } else {
        where.push('type = ?');
        params.push(q.type);
      }
    }
    if (q.source) (where.push('source = ?'), params.push(q.source));
    if (q.since !== undefined) (where.push('time >= ?'), params.push(q.since));
    if (q.until !== undefined) (where.push('time <= ?'), params.push(q.until));
    if (q.text) (where.push('(data LIKE ? OR type LIKE ?)'), params.push(`%${q.text}%`, `%${q.text}%`));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number((await this.store().query<{ n: number }>(`SELECT COUNT(*) AS n FROM events ${clause}`, params))[0]?.n ?? 0);
    const pageClause = q.beforeId !== undefined ? `${clause ? `${clause} AND` : 'WHERE'} id < ?` : clause;
    const pageParams = q.beforeId !== undefined ? [...params, q.beforeId] : params;
    const rows = await this.store().query<{ id: number; type: string; version: number; time: number; source: string; data: string }>(
      `SELECT id, type, version, time, source, data FROM events ${pageClause} ORDER BY id DESC LIMIT ?`,
      [...pageParams, q.limit],
    );
    return { events: rows.map((r) => ({ ...r, data: safeJson(r.data) })), total };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
