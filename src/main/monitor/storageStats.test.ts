import { afterEach, describe, expect, it } from 'vitest';
import type { StorageStats } from '#shared/rpc/domains/monitor';
import { createTestCore, type TestCore } from '../core/testing/testCore';
import { StoreEngine } from '../store/engine';
import { computeStorageStats, DEFAULT_STORAGE_BUDGET_MIB, RAW_BYTES_PER_ROW, ROLLUP_BYTES_PER_ROW } from './storageStats';
import { buildWrite, tsMigrationsSql } from './tsStore';
import { demoFrame } from './testing';

const cores: TestCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.core.close()));
});

const frame = (receivedAt: number, flow: number) => demoFrame({ flow_rate: flow }, receivedAt);

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A bare store holding only the time-series tables. */
async function tsOnlyStore(): Promise<StoreEngine> {
  const store = new StoreEngine();
  await store.open(undefined, { create: true });
  for (const sql of tsMigrationsSql.split(';\n').map((s) => s.trim()).filter(Boolean)) await store.write([{ sql }]);
  return store;
}

const SETTINGS = { rawRetentionHours: 12, rollup10sRetentionDays: 2, rollup5mRetentionDays: 90 };

describe('monitor.storage.stats on a real test core', () => {
  it('reports rows, oldest/newest, ingest rate, growth and projection; budget lives in the audited settings', async () => {
    const tc = await createTestCore({ prefix: 'storage' });
    cores.push(tc);
    const { core, call } = tc;

    const empty = await call<StorageStats>('monitor.storage.stats');
    expect(empty.raw.rows).toBe(0);
    expect(empty.rollup.rows).toBe(0);
    expect(empty.channels).toEqual([]);
    expect(empty.ingest.samplesPerSecond).toBe(0);
    expect(empty.budget).toMatchObject({ bytes: DEFAULT_STORAGE_BUDGET_MIB * 1024 * 1024, isDefault: true, level: 'ok', daysToBudget: null });
    expect(empty.database.bytes).toBeGreaterThan(0);
    expect(empty.database.bytes).toBe(empty.database.pageSize * empty.database.pageCount);

    // 10 Hz for the last 60 s on the demo's rtu-udp channels.
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 600; i++) core.bus.publish('gateway.decoded', frame(t0 + i * 100, 300 + (i % 17)));
    const stats = await until(async () => {
      const s = await call<StorageStats>('monitor.storage.stats');
      return s.channels.find((c) => c.channelId === 'flow_rate')?.rawRows === 600 ? s : undefined;
    });
    const flow = stats.channels.find((c) => c.channelId === 'flow_rate')!;
    expect(flow.oldest).toBe(t0);
    expect(flow.rollupOldest).toBe(Math.floor(t0 / 300_000) * 300_000); // the 5 min bucket holding the first sample
    expect(flow.newest).toBe(t0 + 599 * 100);
    // 600 samples since the series' first bucket (≤ 10 s before t0): 9–10.5 samples a second.
    expect(flow.samplesPerSecond).toBeGreaterThan(8.5);
    expect(flow.samplesPerSecond).toBeLessThan(10.5);
    expect(stats.raw.rows).toBe(stats.channels.reduce((a, c) => a + c.rawRows, 0));
    expect(stats.raw.oldest).toBe(t0);
    expect(stats.raw.newest).toBe(t0 + 599 * 100);
    expect(stats.rollup.rows).toBe(stats.rollup.rows10s + stats.rollup.rows5m);
    expect(stats.rollup.rows10s).toBeGreaterThanOrEqual(6 * stats.channels.length);
    expect(stats.ingest.samplesPerSecond).toBeCloseTo(stats.channels.reduce((a, c) => a + c.samplesPerSecond, 0), 6);
    // Growth a day at ~10/s per channel: raw bytes dominate.
    const rawPerDay = stats.ingest.samplesPerSecond * 86_400 * RAW_BYTES_PER_ROW;
    expect(stats.ingest.growthBytesPerDay).toBeGreaterThan(rawPerDay);
    expect(stats.ingest.growthBytesPerDay).toBeLessThan(rawPerDay * 1.1);
    // Steady state with the default 6 h raw retention ≈ rate × 21,600 s × 25 B + rollups.
    const settledRaw = stats.ingest.samplesPerSecond * 21_600 * RAW_BYTES_PER_ROW;
    expect(stats.projectedBytes).toBeGreaterThan(settledRaw);
    expect(stats.projectedBytes).toBeLessThan(settledRaw * 1.5);
    expect(stats.budget.level).toBe(stats.budget.projectedFraction >= 0.8 ? (stats.budget.projectedFraction >= 1 ? 'over' : 'near') : 'ok');

    // A small budget and a year of raw retention: over budget, with a time to reach it.
    const after = await call('monitor.settings.set', { storageBudgetMiB: 16, rawRetentionHours: 24 * 365 });
    expect(after).toMatchObject({ storageBudgetMiB: 16, rawRetentionHours: 8760 });
    expect(await call('monitor.settings.get')).toMatchObject({ storageBudgetMiB: 16 });
    const tight = await call<StorageStats>('monitor.storage.stats');
    expect(tight.budget).toMatchObject({ bytes: 16 * 1024 * 1024, isDefault: false, level: 'over' });
    expect(tight.budget.projectedFraction).toBeGreaterThan(1);
    expect(tight.budget.daysToBudget).toBeGreaterThan(0);
    expect(tight.budget.daysToBudget!).toBeCloseTo((16 * 1024 * 1024 - tight.raw.bytes - tight.rollup.bytes) / tight.ingest.growthBytesPerDay, 6);
    const audit = await call<{ events: Array<{ type: string; data: { changed: Record<string, { from: unknown; to: unknown }> } }> }>('events.query', { type: 'config.monitor.settings.updated' });
    expect(audit.events[0]?.data.changed.storageBudgetMiB).toEqual({ from: undefined, to: 16 });

    // Bad input is refused by the contract with the field named.
    await expect(call('monitor.settings.set', { storageBudgetMiB: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('monitor.settings.set', { rawRetentionHours: -1 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('monitor.storage.stats', { extra: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });

    // The settings survive reopening the project.
    const file = (await call<{ path?: string }>('project.info')).path;
    expect(file).toBeTruthy();
    await core.close();
    cores.splice(cores.indexOf(tc), 1);
    const again = await createTestCore({ prefix: 'storage2', projectPath: file! });
    cores.push(again);
    expect(await again.call('monitor.settings.get')).toMatchObject({ storageBudgetMiB: 16, rawRetentionHours: 8760 });
  }, 30_000);
});

describe('bytes a row', () => {
  it('the estimate matches the pages sql.js really uses for interleaved 16-channel batches (within 10 %)', async () => {
    const store = await tsOnlyStore();
    const pages0 = (await store.query<{ page_count: number }>('PRAGMA page_count'))[0]!.page_count;
    let t = 1_763_000_000_000;
    for (let batch = 0; batch < 500; batch++) {
      const s: number[] = [];
      const ts: number[] = [];
      const v: number[] = [];
      for (let k = 0; k < 25; k++) {
        t += 10;
        for (let c = 1; c <= 16; c++) {
          s.push(c);
          ts.push(t);
          v.push(Math.sin(t / 1e4 + c) * 100 + c);
        }
      }
      await store.write(buildWrite(s, ts, v));
    }
    for (let c = 1; c <= 16; c++) await store.write([{ sql: 'INSERT INTO monitor_series(num, key) VALUES (?, ?)', params: [c, `ch${c}`] }]);
    const stats = await computeStorageStats(store, SETTINGS, t + 1);
    const usedBytes = stats.database.bytes - stats.database.freeBytes - pages0 * stats.database.pageSize;
    expect(stats.raw.rows).toBe(200_000);
    const estimated = stats.raw.rows * RAW_BYTES_PER_ROW + stats.rollup.rows * ROLLUP_BYTES_PER_ROW;
    expect(Math.abs(estimated - usedBytes) / usedBytes).toBeLessThan(0.1);
    expect(stats.raw.bytes + stats.rollup.bytes).toBeLessThanOrEqual(stats.database.bytes - stats.database.freeBytes);
    // 16 channels at 100 Hz for 100 s (the newest 10 s bucket covers the whole last span).
    expect(stats.ingest.samplesPerSecond).toBeGreaterThan(0);
    expect(stats.channels).toHaveLength(16);
    await store.close();
  }, 30_000);

  it('counts raw rows exactly from rollups + the partial first bucket, whichever rollups reach back, else directly', async () => {
    const store = await tsOnlyStore();
    await store.write([{ sql: 'INSERT INTO monitor_series(num, key) VALUES (1, ?), (2, ?)', params: ['a', 'b'] }]);
    const t: number[] = [];
    for (let i = 0; i < 2000; i++) t.push(1_000_000 + i * 997);
    await store.write(buildWrite([...t.map(() => 1), ...t.map(() => 2)], [...t, ...t], [...t.map((x) => x % 7), ...t.map((x) => x % 5)]));
    const exact = async () => (await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_raw'))[0]!.n;
    const rows = async () => (await computeStorageStats(store, SETTINGS, 4_000_000)).raw.rows;
    expect(await rows()).toBe(4000);
    // Retention cuts raw samples in the middle of a 10 s and a 5 min bucket.
    await store.write([{ sql: 'DELETE FROM ts_raw WHERE t < ?', params: [1_123_456] }]);
    expect(await rows()).toBe(await exact());
    // 10 s rollups expired before the raw samples: counted with the 5 min ones.
    await store.write([{ sql: 'DELETE FROM ts_rollup WHERE res = 10000' }]);
    expect(await rows()).toBe(await exact());
    // No rollups reach back: counted directly.
    await store.write([{ sql: 'DELETE FROM ts_rollup WHERE b < ?', params: [1_500_000] }]);
    expect(await rows()).toBe(await exact());
    const stats = await computeStorageStats(store, SETTINGS, 4_000_000);
    expect(stats.rollup.rows).toBe((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_rollup'))[0]!.n);
    await store.close();
  });

  it('caps byte estimates at the pages the database uses', async () => {
    const store = await tsOnlyStore();
    await store.write([{ sql: 'INSERT INTO monitor_series(num, key) VALUES (1, ?)', params: ['x'] }]);
    await store.write(buildWrite([1, 1], [1000, 2000], [1, 2]));
    const stats = await computeStorageStats(store, SETTINGS, 3000);
    expect(stats.raw.rows).toBe(2);
    expect(stats.raw.bytes + stats.rollup.bytes).toBeLessThanOrEqual(stats.database.bytes - stats.database.freeBytes);
    expect(stats.channels[0]).toMatchObject({ channelId: 'x', rawRows: 2, oldest: 1000, newest: 2000, rollupOldest: 0 });
    await store.close();
  });
});
