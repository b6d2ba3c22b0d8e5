import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { crc32 } from './crc32';
import type { SqlParams, SqlValue, WriteStatement } from './types';

/**
 * Append-only journal of acknowledged write batches since the last checkpoint.
 * Record layout: u32 LE payload length, u32 LE CRC-32 of the payload, payload (UTF-8 JSON
 * `{lsn, stmts}`). Replay stops at the first short or corrupt record (a torn tail from a crash).
 */
export interface JournalRecord {
  lsn: number;
  stmts: WriteStatement[];
}

const HEADER_BYTES = 8;

function encodeValue(value: SqlValue): unknown {
  return value instanceof Uint8Array ? { $b64: Buffer.from(value).toString('base64') } : value;
}
function decodeValue(value: unknown): SqlValue {
  if (value !== null && typeof value === 'object' && '$b64' in value) {
    return new Uint8Array(Buffer.from(String((value as { $b64: string }).$b64), 'base64'));
  }
  return value as SqlValue;
}
const encodeParams = (params: SqlParams) => params.map(encodeValue);
const decodeParams = (params: unknown[]) => params.map(decodeValue);

export class Journal {
  private fd: number | undefined;
  constructor(readonly path: string) {}

  /** Appends one batch and fsyncs it: after this returns, the batch survives a kill -9. */
  append(record: JournalRecord): void {
    if (this.fd === undefined) this.fd = openSync(this.path, 'a');
    const payload = Buffer.from(
      JSON.stringify({
        lsn: record.lsn,
        stmts: record.stmts.map((s) => ('rows' in s ? { sql: s.sql, rows: s.rows.map(encodeParams) } : { sql: s.sql, params: encodeParams(s.params ?? []) })),
      }),
      'utf8',
    );
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    writeSync(this.fd, Buffer.concat([header, payload]));
    fsyncSync(this.fd);
  }

  /** Records in order; `truncatedBytes` > 0 means a torn tail was ignored. */
  static read(path: string): { records: JournalRecord[]; truncatedBytes: number } {
    if (!existsSync(path)) return { records: [], truncatedBytes: 0 };
    const data = readFileSync(path);
    const records: JournalRecord[] = [];
    let offset = 0;
    while (offset + HEADER_BYTES <= data.length) {
      const length = data.readUInt32LE(offset);
      const expectedCrc = data.readUInt32LE(offset + 4);
      const end = offset + HEADER_BYTES + length;
      if (end > data.length) break;
      const payload = data.subarray(offset + HEADER_BYTES, end);
      if (crc32(payload) !== expectedCrc) break;
      try {
        const raw = JSON.parse(payload.toString('utf8')) as { lsn: number; stmts: Array<{ sql: string; params?: unknown[]; rows?: unknown[][] }> };
        records.push({
          lsn: raw.lsn,
          stmts: raw.stmts.map((s) => (s.rows ? { sql: s.sql, rows: s.rows.map(decodeParams) } : { sql: s.sql, params: decodeParams(s.params ?? []) })),
        });
      } catch {
        break;
      }
      offset = end;
    }
    return { records, truncatedBytes: data.length - offset };
  }

  size(): number {
    if (this.fd !== undefined) return fstatSync(this.fd).size;
    return existsSync(this.path) ? readFileSync(this.path).length : 0;
  }

  /** Empties the journal after a checkpoint has made its records durable in the project file. */
  reset(): void {
    this.close();
    if (existsSync(this.path)) truncateSync(this.path, 0);
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
