// Monitor page in Chromium: the demo dashboard (16 channels from the station simulator at 10 frames/s)
// for N minutes (default 5, SWB_BENCH_MONITOR_MINUTES). Reports frame-time percentiles from
// requestAnimationFrame deltas, the renderer main thread's busy time per second (Chromium's
// Performance.getMetrics: tasks, of which script/layout/style) and JS heap growth from minute 1 to
// the end (after a forced GC).
// Before measuring it checks through the contract (the UI's WebSocket) that 16 channels are live and
// updating at about 10 Hz, and stops with an error otherwise. SWB_BENCH_APP_ROOT runs a copy of the
// built app (a folder with package.json, out/ and node_modules) instead of this checkout, so a
// before/after pair can be measured back to back while others rebuild out/:
//   mkdir -p /tmp/a && cp package.json /tmp/a && ln -s $PWD/node_modules $PWD/resources /tmp/a
//   npx electron-vite build --outDir /tmp/a/out && SWB_BENCH_APP_ROOT=/tmp/a npx tsx bench/monitorPage.bench.ts
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../e2e/browser';
import { rpcCall } from '../e2e/rpc';

const root = path.resolve(process.env.SWB_BENCH_APP_ROOT ?? path.join(import.meta.dirname, '..'));
const minutes = Number(process.env.SWB_BENCH_MONITOR_MINUTES ?? 5);
if (!(minutes >= 1.1)) {
  console.error(`SWB_BENCH_MONITOR_MINUTES must be a number ≥ 1.1 (minute 1 is warm-up), got '${process.env.SWB_BENCH_MONITOR_MINUTES}'.`);
  process.exit(1);
}
/** The load: 16 channels at 10 Hz. */
const CHANNELS = 16;
const RATE_HZ = 10;
const headless = path.join(root, 'out', 'main', 'headless.js');
if (!existsSync(headless)) {
  console.error('out/main/headless.js is missing: run `npm run build` first.');
  process.exit(1);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-bench-monitor-'));
const host = spawn(process.execPath, [headless, '--port', '0'], { env: { ...process.env, SWB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  host.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /Open (http:\/\/\S+)/.exec(out);
    if (m?.[1]) resolve(m[1]);
  });
  setTimeout(() => reject(new Error('host did not start')), 60_000);
});


/** Channels on the demo dashboard and their sample rates in the store over 5 s (ending 1 s ago, past the write batching). */
async function liveChannels(): Promise<{ ids: string[]; rates: Record<string, number> }> {
  const dashboards = await rpcCall<Array<{ panels: Array<{ channelIds: string[]; xChannelId?: string }> }>>(url, 'monitor.dashboards.list', {});
  const ids = [...new Set((dashboards[0]?.panels ?? []).flatMap((p) => [...p.channelIds, ...(p.xChannelId ? [p.xChannelId] : [])]))];
  const to = Date.now() - 1000;
  const rates: Record<string, number> = {};
  for (const id of ids) rates[id] = (await rpcCall<{ count: number }>(url, 'monitor.series.stats', { channelId: id, from: to - 5000, to })).count / 5;
  return { ids, rates };
}

const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${url}#/monitor`);
  await page.getByTestId('monitor-pause').waitFor({ timeout: 60_000 });
  await page.getByTestId('live-indicator').getByText('Live').waitFor({ timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 6000));
  const live = await liveChannels();
  const atRate = live.ids.filter((id) => (live.rates[id] ?? 0) >= RATE_HZ * 0.8);
  if (live.ids.length < CHANNELS || atRate.length < CHANNELS) {
    throw new Error(`the demo dashboard must show ${CHANNELS} channels at ${RATE_HZ} Hz; it shows ${live.ids.length}, ${atRate.length} at rate: ${JSON.stringify(live.rates)}`);
  }
  // A string, not a function: tsx's name-keeping helper does not exist inside the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 1024 / 1024;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Main-thread time per second of page (Chromium's own counters): where a frame's budget goes.
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await sleep(60_000);
  const heapAt1 = await heapMb();
  await page.evaluate('window.__frames = []');
  const m1 = await metrics();
  await sleep(Math.max(0, minutes - 1) * 60_000);
  const m2 = await metrics();
  const heapAtEnd = await heapMb();
  const frames = ((await page.evaluate('window.__frames')) as number[]).sort((a, b) => a - b);
  const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor((p / 100) * frames.length))] ?? NaN;
  const label = `${minutes}min`;
  console.log(JSON.stringify({ name: `monitor.page.frame.p50.${label}`, value: Number(pct(50).toFixed(1)), unit: 'ms', frames: frames.length, channels: atRate.length, hz: RATE_HZ }));
  console.log(JSON.stringify({ name: `monitor.page.frame.p95.${label}`, value: Number(pct(95).toFixed(1)), unit: 'ms', goal: '< 33' }));
  const perS = (k: string) => Number(((((m2[k] ?? 0) - (m1[k] ?? 0)) / ((m2.Timestamp ?? 0) - (m1.Timestamp ?? 0) || 1)) * 1000).toFixed(1));
  console.log(JSON.stringify({ name: `monitor.page.mainthread.${label}`, value: perS('TaskDuration'), unit: 'ms/s', script: perS('ScriptDuration'), layout: perS('LayoutDuration'), style: perS('RecalcStyleDuration') }));
  console.log(JSON.stringify({ name: `monitor.page.heap.growth.${label}`, value: Number((heapAtEnd - heapAt1).toFixed(2)), unit: 'MB', from: Number(heapAt1.toFixed(2)), to: Number(heapAtEnd.toFixed(2)), goal: '< 20' }));
} finally {
  await browser.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
