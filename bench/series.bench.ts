/**
 * Series benchmarks: chart downsampling of 1,000,000 samples to 2,000 points, the min/max
 * envelope, and window appends. Run: `npx tsx bench/series.bench.ts`. Prints one JSON line per
 * result (see docs/engineering-notes.md); bounds its own time (about 10 s in total).
 *
 * Baseline for LTTB: the textbook implementation over an array of [x, y] pairs (the shape the
 * reference code and most npm ports use), measured in the same run on the same data.
 */
import { minMaxEnvelope } from '../src/shared/series/envelope';
import { downsampleForChart } from '../src/shared/series/downsample';
import { lttb } from '../src/shared/series/lttb';
import { SeriesWindow } from '../src/shared/series/window';

const N = 1_000_000;
const POINTS = 2000;
const TIME_BUDGET_MS = 2000; // per measured function
const MAX_RUNS = 15;

/** Deterministic PRNG (mulberry32) so every run sees the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSeries(): { times: Float64Array; values: Float64Array } {
  const r = rng(42);
  const times = new Float64Array(N);
  const values = new Float64Array(N);
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < N; i++) {
    times[i] = t0 + i * 100; // 10 Hz
    values[i] = 300 + 40 * Math.sin(i / 20_000) + 5 * (r() - 0.5) + (r() < 1e-4 ? 200 : 0);
  }
  return { times, values };
}

/** Textbook LTTB over [x, y] pairs (baseline). */
function lttbPairs(data: Array<[number, number]>, threshold: number): Array<[number, number]> {
  const n = data.length;
  if (threshold >= n || threshold === 0) return data;
  const sampled: Array<[number, number]> = [];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  sampled.push(data[a]!);
  for (let i = 0; i < threshold - 2; i++) {
    let avgX = 0;
    let avgY = 0;
    let avgStart = Math.floor((i + 1) * every) + 1;
    let avgEnd = Math.floor((i + 2) * every) + 1;
    avgEnd = avgEnd < n ? avgEnd : n;
    const avgLen = avgEnd - avgStart;
    for (; avgStart < avgEnd; avgStart++) {
      avgX += data[avgStart]![0];
      avgY += data[avgStart]![1];
    }
    avgX /= avgLen;
    avgY /= avgLen;
    let rangeOffs = Math.floor(i * every) + 1;
    const rangeTo = Math.floor((i + 1) * every) + 1;
    const pointAX = data[a]![0];
    const pointAY = data[a]![1];
    let maxArea = -1;
    let maxAreaPoint = data[rangeOffs]!;
    let nextA = rangeOffs;
    for (; rangeOffs < rangeTo; rangeOffs++) {
      const area = Math.abs((pointAX - avgX) * (data[rangeOffs]![1] - pointAY) - (pointAX - data[rangeOffs]![0]) * (avgY - pointAY)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        maxAreaPoint = data[rangeOffs]!;
        nextA = rangeOffs;
      }
    }
    sampled.push(maxAreaPoint);
    a = nextA;
  }
  sampled.push(data[n - 1]!);
  return sampled;
}

/** Median wall time in ms of `fn`, after one warm-up, within the time budget. */
function measure(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < MAX_RUNS && (times.length < 3 || performance.now() - start < TIME_BUDGET_MS)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

function emit(result: { name: string; value: number; unit: string; baseline?: string; ratio?: number }): void {
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  process.stdout.write(`${JSON.stringify({ ...result, value: round(result.value), ...(result.ratio !== undefined ? { ratio: round(result.ratio) } : {}) })}\n`);
}

const { times, values } = makeSeries();
const pairs: Array<[number, number]> = Array.from({ length: N }, (_, i) => [times[i]!, values[i]!]);

// Sanity: both implementations pick the same points (same algorithm, different data layout).
const ours = lttb(times, values, POINTS);
const theirs = lttbPairs(pairs, POINTS);
if (ours.times.length !== theirs.length || ours.values.some((v, k) => v !== theirs[k]![1])) {
  throw new Error('LTTB baseline and implementation disagree; the comparison would be meaningless');
}

const baselineMs = measure(() => lttbPairs(pairs, POINTS));
emit({ name: 'series.lttb.pairs-baseline.1m-2k', value: baselineMs, unit: 'ms' });
const lttbMs = measure(() => lttb(times, values, POINTS));
emit({ name: 'series.lttb.1m-2k', value: lttbMs, unit: 'ms', baseline: 'series.lttb.pairs-baseline.1m-2k', ratio: baselineMs / lttbMs });

const envelopeMs = measure(() => minMaxEnvelope(times, values, POINTS / 2));
emit({ name: 'series.envelope.1m-1k', value: envelopeMs, unit: 'ms' });

const chartMs = measure(() => downsampleForChart(times, values, POINTS));
emit({ name: 'series.downsampleForChart.1m-2k', value: chartMs, unit: 'ms', baseline: 'series.lttb.pairs-baseline.1m-2k', ratio: baselineMs / chartMs });

// Live path: 10-sample batches (one per UDP frame) into a 100k window.
const BATCH = 10;
const appendMs = measure(() => {
  const w = new SeriesWindow(100_000, 'bench');
  for (let i = 0; i + BATCH <= N; i += BATCH) w.append(times.subarray(i, i + BATCH), values.subarray(i, i + BATCH));
});
emit({ name: 'series.window.append', value: (appendMs * 1e6) / N, unit: 'ns/sample' });
