/**
 * Long-run soak of the core on the demo station: "leave it running for an hour without the app
 * slowing or growing". The simulator is sped up (default 100 frames/s, 10× the demo's 10 Hz) so
 * that N wall minutes carry 10·N minutes of station data through the whole path: UDP source →
 * decode → routing → store target, and monitor channels → time-series store → live stream → alarms.
 *
 * Every minute it samples (after a forced GC) the JS heap, the sql.js database size and the
 * monitor cadence; at the end it prints:
 *  - monitor.soak.heap.growth   JS heap from minute 1 to the end (goal < 20 MB)
 *  - monitor.soak.keepsUp       samples written / samples in, and samples still pending at the end
 *  - monitor.soak.write.ms      last monitor write-batch time at minute 1 and at the end (not slowing)
 *  - monitor.soak.db.mb         project database size at the end (grows with data, bounded by retention)
 * Env: SWB_SOAK_MINUTES (default 6), SWB_SOAK_RATE (frames/s, default 100).
 * The core runs in-process with the in-process store engine (the worker adds only message passing).
 */
import { createTestCore } from '#main/core/testing/testCore';
import type { GatewayConfig } from '#shared/rpc/domains/gateway';

const minutes = Number(process.env.SWB_SOAK_MINUTES ?? 6);
const rate = Number(process.env.SWB_SOAK_RATE ?? 100);
const emit = (r: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(r)}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) process.stderr.write('# run with --expose-gc (npm run bench does) for heap numbers after GC\n');

type Pipeline = { messagesIn: number; samplesIn: number; samplesWritten: number; lastWriteMs: number; pendingSamples: number; writeErrors: number };

const { core, call } = await createTestCore({ prefix: 'soak', startServices: true });
try {
  const { config } = await call<{ config: GatewayConfig }>('gateway.config.get');
  if (!config.simulator) throw new Error('the demo project has no simulator configuration');
  await call('gateway.sim.configure', { config: { ...config.simulator, ratePerSec: rate } });
  await call('gateway.sim.control', { action: 'start' });

  const sample = async () => {
    gc?.();
    const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    const [page] = await core.ctx.store.query<{ bytes: number }>('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
    const pipeline = await call<Pipeline>('monitor.pipeline.stats');
    return { heapMb, dbMb: (page?.bytes ?? 0) / 1024 / 1024, pipeline };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  await sleep(60_000);
  const first = await sample();
  process.stderr.write(`# minute 1: heap ${first.heapMb.toFixed(2)} MB, db ${first.dbMb.toFixed(1)} MB, samples ${first.pipeline.samplesWritten}\n`);
  let last = first;
  for (let m = 2; m <= minutes; m++) {
    await sleep(60_000);
    last = await sample();
    process.stderr.write(`# minute ${m}: heap ${last.heapMb.toFixed(2)} MB, db ${last.dbMb.toFixed(1)} MB, samples ${last.pipeline.samplesWritten}, write ${last.pipeline.lastWriteMs.toFixed(1)} ms\n`);
  }
  const p = last.pipeline;
  const dataMinutes = (minutes * rate) / 10;
  emit({ name: 'monitor.soak.heap.growth', value: +(last.heapMb - first.heapMb).toFixed(2), unit: 'MB', from: +first.heapMb.toFixed(2), to: +last.heapMb.toFixed(2), wallMinutes: minutes, stationMinutesAt10Hz: dataMinutes, goal: '< 20' });
  emit({ name: 'monitor.soak.keepsUp', value: +(p.samplesWritten / Math.max(1, p.samplesIn)).toFixed(4), unit: 'written/in', samplesIn: p.samplesIn, pending: p.pendingSamples, writeErrors: p.writeErrors, messagesIn: p.messagesIn });
  emit({ name: 'monitor.soak.write.ms', value: +p.lastWriteMs.toFixed(2), unit: 'ms', atMinute1: +first.pipeline.lastWriteMs.toFixed(2) });
  emit({ name: 'monitor.soak.db.mb', value: +last.dbMb.toFixed(1), unit: 'MB', atMinute1: +first.dbMb.toFixed(1) });
} finally {
  await core.close();
}
