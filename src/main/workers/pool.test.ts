import { describe, expect, it } from 'vitest';
import { StoreProxy } from '../store/storeProxy';
import { spawnComputePool, spawnStore } from './spawn';
import { CancelledError } from './task';

describe('worker threads (real)', () => {
  it('runs compute jobs in parallel with progress, and cancels a running one', async () => {
    const pool = spawnComputePool(2);
    try {
      const progress: number[] = [];
      const done = pool.run<{ stopped: boolean }>('diagnostics.spin', { ms: 300 }, { onProgress: (f) => progress.push(f) });
      const controller = new AbortController();
      const cancelled = pool.run('diagnostics.spin', { ms: 20_000 }, { signal: controller.signal }).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      setTimeout(() => controller.abort(), 150);
      await expect(done).resolves.toEqual(expect.objectContaining({ stopped: false }));
      expect(await cancelled).toBeInstanceOf(CancelledError);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toBeLessThanOrEqual(1);
      await expect(pool.run('no.such.task', {})).rejects.toThrow(/Unknown compute task/);
      // The pool still works after a cancel replaced or reused a worker.
      await expect(pool.run('diagnostics.spin', { ms: 10 })).resolves.toBeTruthy();
    } finally {
      await pool.close();
    }
  }, 40_000);

  it('the store worker answers queries and writes like the in-process engine', async () => {
    const store: StoreProxy = spawnStore();
    try {
      await store.open(undefined, { create: true });
      await store.write([{ sql: 'CREATE TABLE t (n INTEGER)' }, { sql: 'INSERT INTO t VALUES (?)', rows: [[1], [2], [3]] }]);
      expect(await store.query('SELECT SUM(n) AS s FROM t')).toEqual([{ s: 6 }]);
      await expect(store.query('SELECT * FROM missing_table')).rejects.toThrow(/no such table/);
    } finally {
      await store.close();
    }
  }, 30_000);
});
