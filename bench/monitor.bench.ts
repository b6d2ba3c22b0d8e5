/**
 * Monitoring store benchmarks (in-process StoreEngine with its journal on a temp file, as the store
 * worker runs it):
 *  - monitor.store.ingest: samples/s through TimeSeriesStore.append + flush (raw rows + 10 s/5 min
 *    rollup upserts, one journaled write per batch). Goal ≥ 200,000/s. Baseline: plain INSERT of the
 *    same rows without rollups (ratio = ours / baseline).
 *  - monitor.store.range: range query over 1,000,000 samples of one channel returning ≤ 2,000 points.
 *    Goal < 100 ms. Baseline: reading the raw rows and LTTB in JS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lttb } from '#shared/series/index';
import { StoreEngine } from '#main/store/engine';
import { migrate } from '#main/store/migrations';
import { monitorMigrations } from '#main/monitor/migrations';
import { TimeSeriesStore } from '#main/monitor/tsStore';

const args = process.argv.slice(2);
const filter = args[args.indexOf('--filter') + 1] ?? '';
const want = (name: string) => !filter || !filter.includes('.') || name.startsWith(filter);
const emit = (r: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(r)}\n`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-bench-monitor-'));
const T0 = 1_700_000_000_000;
const N = 1_000_000;
const CHANNELS = 16;
const BATCH = 50_000; // 16 channels at 10 Hz for ~5 min, or one 250 ms flush at 200 k samples/s

try {
  const store = new StoreEngine();
  await store.open(path.join(dir, 'bench.swb'), { create: true });
  await migrate(store, monitorMigrations);
  const now = T0 + N * 10 + 60_000;
  const ts = new TimeSeriesStore(store, { rawMs: 1e12, rollup10sMs: 1e12, rollup5mMs: 1e12 }, () => now);
  await ts.load();
  const nums: number[] = [];
  for (let c = 0; c < CHANNELS; c++) nums.push(await ts.seriesNum(`ch${c}`));

  if (want('monitor.store.ingest')) {
    // 1,000,000 samples over 16 channels (one sample per channel per 10 ms tick).
    const started = performance.now();
    let k = 0;
    while (k < N) {
      for (let i = 0; i < BATCH && k < N; i++, k++) ts.append(nums[k % CHANNELS]!, T0 + Math.floor(k / CHANNELS) * 10, Math.sin(k / 1000) * 50 + 100);
      await ts.flush();
    }
    const ours = (N / (performance.now() - started)) * 1000;
    // Baseline: the same rows, plain insert, no rollups, into a fresh table.
    await store.write([{ sql: 'CREATE TABLE IF NOT EXISTS bench_plain (s INTEGER, t INTEGER, v REAL, PRIMARY KEY (s, t)) WITHOUT ROWID' }]);
    const s2 = performance.now();
    for (let b = 0; b < N; b += BATCH) {
      const rows = [];
      for (let i = b; i < b + BATCH; i++) rows.push([i % CHANNELS, T0 + Math.floor(i / CHANNELS) * 10, Math.sin(i / 1000) * 50 + 100]);
      await store.write([{ sql: 'INSERT OR REPLACE INTO bench_plain(s, t, v) VALUES (?, ?, ?)', rows }]);
    }
    const base = (N / (performance.now() - s2)) * 1000;
    emit({ name: 'monitor.store.ingest', value: Math.round(ours), unit: 'samples/s', baseline: 'monitor.store.ingest.plainInsert', ratio: +(ours / base).toFixed(3), goal: '>= 200000' });
  }

  if (want('monitor.store.range')) {
    // One channel with 1,000,000 samples (10 Hz for 27.8 h).
    const one = await ts.seriesNum('big');
    for (let k = 0; k < N; k++) {
      ts.append(one, T0 + k * 100, Math.sin(k / 3000) * 20 + (k % 50_000 === 0 ? 80 : 0));
      if ((k + 1) % BATCH === 0) await ts.flush();
    }
    await ts.flush();
    const from = T0;
    const to = T0 + N * 100;
    const times: number[] = [];
    let points = 0;
    let resolution = '';
    for (let rep = 0; rep < 7; rep++) {
      const s = performance.now();
      const r = await ts.range('big', from, to, 2000);
      times.push(performance.now() - s);
      points = r.times.length;
      resolution = r.resolution;
    }
    times.sort((a, b) => a - b);
    const median = times[3]!;
    const s3 = performance.now();
    const raw = await ts.raw(one, from, to);
    lttb(raw.times, raw.values, 2000);
    const base = performance.now() - s3;
    emit({ name: 'monitor.store.range', value: +median.toFixed(2), unit: 'ms', baseline: 'monitor.store.range.rawLttb', ratio: +(base / median).toFixed(2), points, resolution, samples: N, goal: '< 100' });
    // A zoomed range (10 minutes = 6,000 raw samples) as the UI asks when zooming in.
    const zs = performance.now();
    const z = await ts.range('big', T0 + 3_600_000, T0 + 4_200_000, 2000);
    emit({ name: 'monitor.store.range.zoomed', value: +(performance.now() - zs).toFixed(2), unit: 'ms', points: z.times.length, resolution: z.resolution });
  }
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
