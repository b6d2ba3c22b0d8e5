// Monitor page in Chromium: the demo dashboard (15 channels from the station simulator at 10 frames/s)
// for N minutes (default 5, SWB_BENCH_MONITOR_MINUTES). Reports frame-time percentiles from
// requestAnimationFrame deltas and JS heap growth from minute 1 to the end (after a forced GC).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../e2e/browser';

const root = path.resolve(import.meta.dirname, '..');
const minutes = Number(process.env.SWB_BENCH_MONITOR_MINUTES ?? 5);
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

const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${url}#/monitor`);
  await page.getByTestId('monitor-pause').waitFor({ timeout: 60_000 });
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
  await sleep(60_000);
  const heapAt1 = await heapMb();
  await page.evaluate('window.__frames = []');
  await sleep(Math.max(0, minutes - 1) * 60_000);
  const heapAtEnd = await heapMb();
  const frames = ((await page.evaluate('window.__frames')) as number[]).sort((a, b) => a - b);
  const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor((p / 100) * frames.length))] ?? NaN;
  const label = `${minutes}min`;
  console.log(JSON.stringify({ name: `monitor.page.frame.p50.${label}`, value: Number(pct(50).toFixed(1)), unit: 'ms', frames: frames.length }));
  console.log(JSON.stringify({ name: `monitor.page.frame.p95.${label}`, value: Number(pct(95).toFixed(1)), unit: 'ms', goal: '< 33' }));
  console.log(JSON.stringify({ name: `monitor.page.heap.growth.${label}`, value: Number((heapAtEnd - heapAt1).toFixed(2)), unit: 'MB', from: Number(heapAt1.toFixed(2)), to: Number(heapAtEnd.toFixed(2)), goal: '< 20' }));
} finally {
  await browser.close();
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
