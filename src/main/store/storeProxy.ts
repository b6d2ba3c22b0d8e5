import type { Worker } from 'node:worker_threads';
import type { IStore, SqlParams, StoreInfo, SqlValue, WriteResult, WriteStatement } from './types';

/** IStore backed by the store worker. Calls are answered in order. */
export class StoreProxy implements IStore {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`Store worker exited with code ${code}`)));
  }

  private call<T>(op: keyof IStore, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  open(path: string | undefined, options: { create: boolean }): Promise<StoreInfo> {
    return this.call('open', path, options);
  }
  query<T = Record<string, SqlValue>>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.call('query', sql, params);
  }
  write(statements: WriteStatement[]): Promise<WriteResult[]> {
    return this.call('write', statements);
  }
  checkpoint(): Promise<StoreInfo> {
    return this.call('checkpoint');
  }
  saveAs(path: string): Promise<StoreInfo> {
    return this.call('saveAs', path);
  }
  info(): Promise<StoreInfo> {
    return this.call('info');
  }
  async close(): Promise<void> {
    await this.call('close');
    await this.worker.terminate();
  }
}
