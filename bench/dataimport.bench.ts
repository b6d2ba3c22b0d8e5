/**
 * Data import benchmark: a generated 1,000,000-row pump-logger CSV (timestamp + 6 numeric
 * columns, about 60 MB). Run: `npx tsx bench/dataimport.bench.ts`. One JSON line per result.
 *
 * - dataimport.parse: the import task alone (csv-parse streaming, decoding, row conversion,
 *   unit conversion, typed columns), rows/s. Baseline: the naive reader many scripts use
 *   (read the whole file, split lines and fields, Number() each field) on the same file,
 *   which validates nothing and holds everything in memory.
 * - dataimport.total: data.import.run through an in-process core (parse + store writes of
 *   one JSON row per dataset_rows record, journaled), rows/s.
 * - dataimport.loopLag: the longest event-loop stall seen during the whole in-process import
 *   (the app runs parsing in a worker thread; this shows the core itself keeps turning).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataService } from '../src/main/data/dataService';
import { runImportTask } from '../src/main/data/importTask';
import { DATA_MIGRATIONS, DATASETS_SHARED_MIGRATION } from '../src/main/data/repository';
import { EventBus } from '../src/main/events/bus';
import { StoreEngine } from '../src/main/store/engine';
import { migrate } from '../src/main/store/migrations';
import { InProcessComputePool } from '../src/main/workers/inProcessPool';
import { JobRunner } from '../src/main/workers/jobRunner';
import type { ColumnMapping } from '../src/shared/dataimport/types';

const ROWS = Number(process.env.SWB_BENCH_ROWS ?? 1_000_000);
const filter = process.argv.includes('--filter') ? process.argv[process.argv.indexOf('--filter') + 1] : undefined;
const want = (name: string) => !filter || name.startsWith(filter) || filter === 'dataimport';

function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function generate(file: string): void {
  // Written in slices so the generator itself does not hold a million strings.
  const fd = openSync(file, 'w');
  const parts: string[] = ['Timestamp,Flow [m3/h],Head [m],Power [kW],Speed [rpm],Efficiency [%],Temperature [°C]'];
  const t0 = Date.UTC(2025, 0, 14, 0, 0, 0);
  let seed = 1;
  const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < ROWS; i++) {
    const q = 100 + 60 * Math.sin(i / 5000) + r();
    const iso = new Date(t0 + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
    parts.push(`${iso},${q.toFixed(2)},${(48 - 0.0008 * q * q).toFixed(3)},${(20 + 0.1 * q).toFixed(3)},${(1480 + r()).toFixed(1)},${(70 + r() * 5).toFixed(2)},${(14 + r()).toFixed(2)}`);
    if (parts.length === 50_000) writeSync(fd, `${parts.splice(0).join('\n')}\n`);
  }
  if (parts.length > 0) writeSync(fd, `${parts.join('\n')}\n`);
  closeSync(fd);
}

const mappings: ColumnMapping[] = [
  { sourceIndex: 0, include: true, key: 'time', name: 'Time', quantity: 'time', unit: '', timeFormat: 'iso' },
  { sourceIndex: 1, include: true, key: 'flow', name: 'Flow', quantity: 'flow', unit: 'm3/h' },
  { sourceIndex: 2, include: true, key: 'head', name: 'Head', quantity: 'head', unit: 'm' },
  { sourceIndex: 3, include: true, key: 'power', name: 'Power', quantity: 'power', unit: 'kW' },
  { sourceIndex: 4, include: true, key: 'speed', name: 'Speed', quantity: 'speed', unit: 'rpm' },
  { sourceIndex: 5, include: true, key: 'eff', name: 'Efficiency', quantity: 'efficiency', unit: '%' },
  { sourceIndex: 6, include: true, key: 'temp', name: 'Temperature', quantity: 'temperature', unit: '°C' },
];

/** rows/s of the naive reader (kept in its own function so its arrays can be collected afterwards). */
function naiveRate(file: string): number {
  const t = performance.now();
  const text = readFileSync(file, 'utf8');
  let sum = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = (lines[i] as string).split(',');
    if (f.length < 7) continue;
    sum += Date.parse(f[0] as string) + Number(f[1]) + Number(f[2]) + Number(f[3]) + Number(f[4]) + Number(f[5]) + Number(f[6]);
  }
  if (sum === 0) process.stderr.write('#\n');
  return ROWS / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-bench-data-'));
  try {
    const file = path.join(dir, 'log.csv');
    generate(file);
    const mb = statSync(file).size / 2 ** 20;
    process.stderr.write(`# generated ${ROWS} rows, ${mb.toFixed(1)} MiB\n`);

    if (want('dataimport.parse')) {
      const baselineRate = naiveRate(file);
      (globalThis as { gc?: () => void }).gc?.(); // the baseline's 1M-line arrays must not weigh on the measured run
      const t = performance.now();
      const out = await runImportTask({ file, format: 'csv', encoding: 'utf-8', delimiter: ',', decimal: '.', headerRow: 1, mappings, densityKgM3: 998.2, zone: 'utc' }, { progress: () => undefined, shouldStop: () => false });
      const rate = out.rowCount / ((performance.now() - t) / 1000);
      if (out.rowCount !== ROWS) throw new Error(`parsed ${out.rowCount} rows, expected ${ROWS}`);
      emit({ name: 'dataimport.parse', value: Math.round(rate), unit: 'rows/s', baseline: 'naive split+Number, no validation', ratio: Number((rate / baselineRate).toFixed(2)) });
    }

    if (want('dataimport.total') || want('dataimport.loopLag')) {
      const dataDir = path.join(dir, 'data');
      // The data service on a real store and job runner (the same parts createCore wires up).
      const store = new StoreEngine();
      await store.open(path.join(dir, 'bench.swb'), { create: true });
      await migrate(store, [DATASETS_SHARED_MIGRATION, ...DATA_MIGRATIONS]);
      const bus = new EventBus(() => undefined);
      const service = new DataService({ store: () => store, jobs: new JobRunner(new InProcessComputePool(), bus), publish: (t, p) => bus.publish(t, p), subscribe: (t, h) => bus.subscribe(t, h as never), audit: async () => undefined, log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never, dataDir });
      let maxLag = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last - 10);
        last = now;
      }, 10);
      let writingAt = 0;
      bus.subscribe('data.import.progress', (p) => {
        if ((p as { phase: string }).phase === 'writing' && writingAt === 0) writingAt = performance.now();
      });
      const t = performance.now();
      const r = await service.runImport({ importId: 'bench', source: { kind: 'path', path: file }, name: 'bench', options: { encoding: 'utf-8', delimiter: ',', decimal: '.', headerRow: 1 }, mappings, zone: 'utc' });
      const seconds = (performance.now() - t) / 1000;
      clearInterval(timer);
      if (r.rowCount !== ROWS) throw new Error(`stored ${r.rowCount} rows, expected ${ROWS}`);
      const parseSeconds = (writingAt - t) / 1000;
      emit({ name: 'dataimport.total', value: Math.round(ROWS / seconds), unit: 'rows/s', seconds: Number(seconds.toFixed(2)), parseSeconds: Number(parseSeconds.toFixed(2)), writeSeconds: Number((seconds - parseSeconds).toFixed(2)) });
      emit({ name: 'dataimport.loopLag', value: Math.round(maxLag), unit: 'ms (longest event-loop stall, in-process)' });
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
