import { describe, expect, it } from 'vitest';
import { summarize } from '#shared/series/index';
import { StoreEngine } from '../store/engine';
import { migrate } from '../store/migrations';
import { monitorMigrations } from './migrations';
import { alignColumns } from './service';
import { RES_10S, TimeSeriesStore } from './tsStore';

async function tsStore(now = () => 1_700_000_000_000 + 4 * 3_600_000) {
  const store = new StoreEngine();
  await store.open(undefined, { create: true });
  await migrate(store, monitorMigrations);
  const ts = new TimeSeriesStore(store, { rawMs: 12 * 3_600_000, rollup10sMs: 2 * 86_400_000, rollup5mMs: 90 * 86_400_000 }, now);
  await ts.load();
  return { store, ts };
}

const T0 = 1_700_000_000_000;

describe('TimeSeriesStore', () => {
  it('writes batches with 10 s and 5 min rollups that agree with the raw samples', async () => {
    const { store, ts } = await tsStore();
    const s = await ts.seriesNum('flow');
    for (let i = 0; i < 3000; i++) ts.append(s, T0 + i * 100, Math.sin(i / 50) * 10 + 100);
    await ts.flush();
    const raw = await ts.raw(s, T0, T0 + 300_000);
    expect(raw.times.length).toBe(3000);
    const rollups = await store.query<{ res: number; n: number; vmin: number; vmax: number; vsum: number }>('SELECT res, SUM(n) AS n, MIN(vmin) AS vmin, MAX(vmax) AS vmax, SUM(vsum) AS vsum FROM ts_rollup GROUP BY res');
    const exact = summarize(Float64Array.from(raw.values));
    for (const r of rollups) {
      expect(r.n).toBe(3000);
      expect(r.vmin).toBeCloseTo(exact.min, 9);
      expect(r.vmax).toBeCloseTo(exact.max, 9);
      expect(r.vsum / r.n).toBeCloseTo(exact.mean, 9);
    }
    expect(rollups.map((r) => r.res).sort((a, b) => a - b)).toEqual([10_000, 300_000]);
  });

  it('chooses raw for short ranges and rollups for long ones, never returning more than maxPoints', async () => {
    const { ts } = await tsStore();
    const s = await ts.seriesNum('p');
    // 10 Hz for 3 hours = 108,000 samples.
    for (let i = 0; i < 108_000; i++) ts.append(s, T0 + i * 100, i % 1000 === 0 ? 500 : Math.sin(i / 100));
    await ts.flush();
    const short = await ts.range('p', T0, T0 + 60_000, 2000);
    expect(short.resolution).toBe('raw');
    expect(short.times.length).toBe(601);
    const mid = await ts.range('p', T0, T0 + 3_600_000, 500);
    expect(['10s', 'raw-buckets']).toContain(mid.resolution);
    expect(mid.times.length).toBeLessThanOrEqual(500);
    // The spikes survive in the envelope.
    expect(Math.max(...(mid.maxs ?? []))).toBe(500);
    const long = await ts.range('p', T0, T0 + 3 * 3_600_000, 100);
    expect(long.resolution).toBe('5m');
    expect(long.times.length).toBeLessThanOrEqual(100);
    expect(long.sampleCount).toBe(108_000);
    const lttb = await ts.range('p', T0, T0 + 600_000, 300);
    expect(lttb.resolution).toBe('raw');
    expect(lttb.times.length).toBeLessThanOrEqual(300);
    expect(lttb.sampleCount).toBe(6001);
  });

  it('computes exact statistics with percentiles', async () => {
    const { ts } = await tsStore();
    const s = await ts.seriesNum('x');
    const values = Array.from({ length: 1001 }, (_, i) => i);
    values.forEach((v, i) => ts.append(s, T0 + i * 1000, v));
    await ts.flush();
    const st = await ts.statistics('x', T0, T0 + 2_000_000);
    expect(st.count).toBe(1001);
    expect(st.min).toBe(0);
    expect(st.max).toBe(1000);
    expect(st.mean).toBeCloseTo(500, 9);
    expect(st.p50).toBeCloseTo(500, 9);
    expect(st.p95).toBeCloseTo(950, 9);
    expect(st.std).toBeCloseTo(summarize(Float64Array.from(values)).std, 6);
    expect(st.basis).toBe('raw');
  });

  it('applies raw retention but keeps rollups', async () => {
    let now = T0 + 1000 * 1000;
    const { store, ts } = await tsStore(() => now);
    ts.retention = { rawMs: 500_000, rollup10sMs: 1e12, rollup5mMs: 1e12 };
    const s = await ts.seriesNum('r');
    for (let i = 0; i < 1000; i++) ts.append(s, T0 + i * 1000, i);
    await ts.flush();
    await ts.applyRetention();
    const left = await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_raw');
    expect(left[0]!.n).toBe(500);
    const rollup = await store.query<{ n: number }>('SELECT SUM(n) AS n FROM ts_rollup WHERE res = ?', [RES_10S]);
    expect(rollup[0]!.n).toBe(1000);
    now += 0;
    // A range reaching before the raw cutoff comes from rollups.
    const r = await ts.range('r', T0, T0 + 1_000_000, 2000);
    expect(r.resolution).toBe('10s');
    expect(r.sampleCount).toBe(1000);
  });

  it('aligns recorded columns by time, carrying previous values', () => {
    const rows = alignColumns([
      { times: [1, 2, 4], values: [10, 20, 40] },
      { times: [2, 3], values: [200, 300] },
    ]);
    expect(rows).toEqual([
      [1, 10, null],
      [2, 20, 200],
      [3, 20, 300],
      [4, 40, 300],
    ]);
  });
});
