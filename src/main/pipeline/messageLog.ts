import { bytesToHex } from '#shared/frame/hex';
import type { MessageLogEntry } from '#shared/rpc/domains/gateway';
import type { IStore } from '../store/types';

/** A log entry as kept in memory: bytes and fields by reference, hex made only when read. */
export interface RawLogEntry {
  id: string;
  time: number;
  sourceId: string;
  peer: string;
  schemaId: string;
  ok: boolean;
  stage?: string;
  reason?: string;
  message?: string;
  offset?: number;
  path?: string;
  bytes: Uint8Array | undefined;
  fields?: Record<string, unknown>;
  rules?: string[];
  targets?: string[];
}

class Ring<T> {
  private readonly items: Array<T | undefined>;
  private next = 0;
  constructor(readonly size: number) {
    this.items = new Array<T | undefined>(size);
  }
  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.size;
  }
  /** Newest first. */
  list(): T[] {
    const out: T[] = [];
    for (let i = 1; i <= this.size; i++) {
      const v = this.items[(this.next - i + this.size) % this.size];
      if (v === undefined) break;
      out.push(v);
    }
    return out;
  }
}

const MAX_HEX_BYTES = 512;
/** Persisted samples: one decoded message per source per second and up to this many errors per second. */
const ERRORS_PER_SECOND = 20;
/** Retention of persisted samples: rows and age. */
export const LOG_RETENTION_ROWS = 50_000;
export const LOG_RETENTION_MS = 7 * 24 * 3600 * 1000;

export function toLogEntry(e: RawLogEntry): MessageLogEntry {
  const bytes = e.bytes;
  const hex = bytes ? bytesToHex(bytes, '', 0, Math.min(bytes.length, MAX_HEX_BYTES)) + (bytes.length > MAX_HEX_BYTES ? '…' : '') : '';
  return {
    id: e.id,
    time: e.time,
    sourceId: e.sourceId,
    peer: e.peer,
    schemaId: e.schemaId,
    ok: e.ok,
    ...(e.stage !== undefined ? { stage: e.stage } : {}),
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    ...(e.message !== undefined ? { message: e.message } : {}),
    ...(e.offset !== undefined ? { offset: e.offset } : {}),
    ...(e.path !== undefined ? { path: e.path } : {}),
    hex,
    ...(e.fields !== undefined ? { fields: jsonSafe(e.fields) as Record<string, unknown> } : {}),
    ...(e.rules !== undefined ? { rules: e.rules } : {}),
    ...(e.targets !== undefined ? { targets: e.targets } : {}),
  };
}

/** Decoded values may hold bigints (64-bit fields); JSON and the contract want strings. */
export function jsonSafe(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
}

/**
 * The message log: per-source rings of the latest messages, a ring of recent errors, and sampled
 * entries persisted to the project in batches (the hot path never waits on the store).
 */
export class MessageLog {
  private readonly perSource = new Map<string, Ring<RawLogEntry>>();
  private readonly errors = new Ring<RawLogEntry>(500);
  private pending: RawLogEntry[] = [];
  private readonly lastSampleSecond = new Map<string, number>();
  private errorSecond = 0;
  private errorsThisSecond = 0;
  private lastPrune = 0;
  droppedSamples = 0;

  constructor(private readonly perSourceSize = 64) {}

  record(e: RawLogEntry): void {
    let ring = this.perSource.get(e.sourceId);
    if (!ring) this.perSource.set(e.sourceId, (ring = new Ring(this.perSourceSize)));
    ring.push(e);
    const second = Math.floor(e.time / 1000);
    if (!e.ok) {
      this.errors.push(e);
      if (second !== this.errorSecond) {
        this.errorSecond = second;
        this.errorsThisSecond = 0;
      }
      if (this.errorsThisSecond++ < ERRORS_PER_SECOND) this.queue(e);
      return;
    }
    if (this.lastSampleSecond.get(e.sourceId) !== second) {
      this.lastSampleSecond.set(e.sourceId, second);
      this.queue(e);
    }
  }

  private queue(e: RawLogEntry): void {
    // Bounded: if the store is slower than sampling, older samples give way (counted).
    if (this.pending.length >= 5000) {
      this.pending.shift();
      this.droppedSamples++;
    }
    this.pending.push(e);
  }

  query(options: { sourceId?: string | undefined; onlyErrors?: boolean; limit: number }): MessageLogEntry[] {
    let list: RawLogEntry[];
    if (options.onlyErrors) list = this.errors.list().filter((e) => !options.sourceId || e.sourceId === options.sourceId);
    else if (options.sourceId) list = this.perSource.get(options.sourceId)?.list() ?? [];
    else list = [...this.perSource.values()].flatMap((r) => r.list()).sort((a, b) => b.time - a.time);
    return list.slice(0, options.limit).map(toLogEntry);
  }

  forgetSource(sourceId: string): void {
    this.perSource.delete(sourceId);
  }

  /** Writes pending samples in one transaction and applies retention now and then. */
  async flush(store: IStore, now = Date.now()): Promise<void> {
    if (this.pending.length === 0 && now - this.lastPrune < 60_000) return;
    const batch = this.pending;
    this.pending = [];
    const statements = [];
    if (batch.length > 0) {
      statements.push({
        sql: 'INSERT INTO gateway_message_log(message_id, time, source_id, peer, schema_id, ok, stage, reason, message, hex, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        rows: batch.map((e) => {
          const x = toLogEntry(e);
          return [x.id, x.time, x.sourceId, x.peer, x.schemaId, x.ok ? 1 : 0, x.stage ?? null, x.reason ?? null, x.message ?? null, x.hex, x.fields ? JSON.stringify(x.fields) : null];
        }),
      });
    }
    if (now - this.lastPrune >= 60_000) {
      this.lastPrune = now;
      statements.push({ sql: 'DELETE FROM gateway_message_log WHERE time < ?', params: [now - LOG_RETENTION_MS] });
      statements.push({ sql: 'DELETE FROM gateway_message_log WHERE id <= (SELECT MAX(id) FROM gateway_message_log) - ?', params: [LOG_RETENTION_ROWS] });
    }
    await store.write(statements);
  }

  static async queryPersisted(store: IStore, options: { sourceId?: string | undefined; onlyErrors?: boolean; limit: number }): Promise<MessageLogEntry[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (options.sourceId) {
      where.push('source_id = ?');
      params.push(options.sourceId);
    }
    if (options.onlyErrors) where.push('ok = 0');
    const rows = await store.query<Record<string, string | number | null>>(
      `SELECT * FROM gateway_message_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, options.limit],
    );
    return rows.map((r) => ({
      id: String(r.message_id),
      time: Number(r.time),
      sourceId: String(r.source_id),
      peer: String(r.peer ?? ''),
      schemaId: String(r.schema_id ?? ''),
      ok: Number(r.ok) === 1,
      ...(r.stage ? { stage: String(r.stage) } : {}),
      ...(r.reason ? { reason: String(r.reason) } : {}),
      ...(r.message ? { message: String(r.message) } : {}),
      hex: String(r.hex ?? ''),
      ...(r.fields ? { fields: JSON.parse(String(r.fields)) as Record<string, unknown> } : {}),
    }));
  }
}
