import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_BYTES, MAX_OPEN_UPLOADS, MAX_UPLOAD_CHUNK_BYTES, UPLOAD_IDLE_MS } from './limits';

/** A failure with a contract error code (mapped to RpcError by the handlers). */
export class DataError extends Error {
  constructor(
    readonly code: 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'LIMIT' | 'FAILED' | 'CANCELLED' | 'UNAVAILABLE',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

interface Upload {
  id: string;
  name: string;
  sizeBytes: number;
  received: number;
  file: string;
  fd: number | undefined;
  touchedAt: number;
  done: boolean;
}

/**
 * Files sent from a browser in chunks (the UI cannot hand the core a path on another machine).
 * Each upload is a temp file under <dataDir>/uploads, written strictly in order; an import then
 * reads it like any file on the core machine.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'uploads');
  }

  begin(name: string, sizeBytes: number, now = Date.now()): { uploadId: string; chunkBytes: number } {
    this.expire(now);
    if (sizeBytes > MAX_IMPORT_BYTES) throw new DataError('LIMIT', `File '${name}' is ${(sizeBytes / 2 ** 20).toFixed(1)} MiB; the import limit is ${MAX_IMPORT_BYTES / 2 ** 20} MiB`);
    if ([...this.uploads.values()].filter((u) => !u.done).length >= MAX_OPEN_UPLOADS) throw new DataError('LIMIT', `Too many unfinished uploads (${MAX_OPEN_UPLOADS}); finish or cancel one first`);
    mkdirSync(this.dir, { recursive: true });
    const id = randomUUID();
    const safe = path.basename(name).replace(/[^\w.-]+/g, '_').slice(-80) || 'upload';
    const file = path.join(this.dir, `${id}-${safe}`);
    const fd = openSync(file, 'w');
    this.uploads.set(id, { id, name: path.basename(name), sizeBytes, received: 0, file, fd, touchedAt: now, done: false });
    return { uploadId: id, chunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  chunk(uploadId: string, offset: number, hex: string, now = Date.now()): { received: number } {
    const u = this.get(uploadId);
    if (u.done || u.fd === undefined) throw new DataError('CONFLICT', `Upload '${u.name}' is already complete`);
    if (offset !== u.received) throw new DataError('VALIDATION', `Upload '${u.name}': chunk at byte ${offset}, expected byte ${u.received} (chunks must arrive in order)`);
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new DataError('VALIDATION', `Upload '${u.name}': chunk at byte ${offset} is not valid hex`);
    const bytes = Buffer.from(hex, 'hex');
    if (u.received + bytes.length > u.sizeBytes) throw new DataError('LIMIT', `Upload '${u.name}': more bytes than the announced ${u.sizeBytes}`);
    writeSync(u.fd, bytes);
    u.received += bytes.length;
    u.touchedAt = now;
    return { received: u.received };
  }

  end(uploadId: string): { uploadId: string; name: string; sizeBytes: number } {
    const u = this.get(uploadId);
    if (u.received !== u.sizeBytes) throw new DataError('VALIDATION', `Upload '${u.name}' is incomplete: ${u.received} of ${u.sizeBytes} bytes`);
    if (u.fd !== undefined) closeSync(u.fd);
    u.fd = undefined;
    u.done = true;
    return { uploadId: u.id, name: u.name, sizeBytes: u.sizeBytes };
  }

  abort(uploadId: string): boolean {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    this.drop(u);
    return true;
  }

  /** The finished upload's file and original name. */
  file(uploadId: string): { file: string; name: string } {
    const u = this.get(uploadId);
    if (!u.done) throw new DataError('CONFLICT', `Upload '${u.name}' is not finished yet`);
    u.touchedAt = Date.now();
    return { file: u.file, name: u.name };
  }

  /** Removes every upload and leftover temp files (core stop, start-up). */
  clear(): void {
    for (const u of this.uploads.values()) this.drop(u);
    if (existsSync(this.dir)) for (const f of readdirSync(this.dir)) rmSync(path.join(this.dir, f), { force: true });
  }

  private get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) throw new DataError('NOT_FOUND', `No upload '${uploadId}' (it may have expired after an hour without activity)`);
    return u;
  }

  private drop(u: Upload): void {
    if (u.fd !== undefined) closeSync(u.fd);
    u.fd = undefined;
    rmSync(u.file, { force: true });
    this.uploads.delete(u.id);
  }

  private expire(now: number): void {
    for (const u of [...this.uploads.values()]) if (now - u.touchedAt > UPLOAD_IDLE_MS) this.drop(u);
  }
}

/** Size of a file on the core machine, with clear errors for a missing file, a directory or an oversized file. */
export function checkImportFile(file: string): number {
  if (!existsSync(file)) throw new DataError('NOT_FOUND', `File not found: ${file}`);
  const st = statSync(file);
  if (!st.isFile()) throw new DataError('VALIDATION', `Not a file: ${file}`);
  if (st.size === 0) throw new DataError('VALIDATION', `File is empty: ${file}`);
  if (st.size > MAX_IMPORT_BYTES) throw new DataError('LIMIT', `File ${file} is ${(st.size / 2 ** 20).toFixed(1)} MiB; the import limit is ${MAX_IMPORT_BYTES / 2 ** 20} MiB`);
  return st.size;
}
