/**
 * Fitting benchmarks (npx tsx bench/fitting.bench.ts). One JSON line per result:
 *  - fitting.nist.nonlinear54: all 27 NIST StRD nonlinear problems from both starts with our LM
 *    (goal < 3000 ms), baseline the same 54 fits with the ml-levenberg-marquardt engine;
 *  - fitting.nonlinear.100k: a 3-parameter model (H = H0 − k·Qⁿ) fitted to 100 000 points with the
 *    default options (goal < 200 ms), baseline the ml-levenberg-marquardt engine;
 *  - fitting.polynomial.100k: a degree-3 polynomial on 100 000 points (QR + refinement).
 * Each measurement is the minimum over a few repetitions, bounded to ~60 s in total. The first line,
 * fitting.calibration.loop9M, times a fixed arithmetic loop so a loaded machine can be recognised.
 */
import { fitNonlinear } from '../src/shared/fitting/nonlinear';
import { fitPolynomial } from '../src/shared/fitting/linearModels';
import type { NonlinearEngineChoice } from '../src/shared/fitting/types';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The NIST nonlinear fixtures (test/nist/data, written by test/nist/convert.mjs). */
type NistFixture = {
  kind: string;
  model: string;
  variables: string[];
  response?: 'log';
  parameters: string[];
  start1: number[];
  start2: number[];
  x: number[] | number[][];
  y: number[];
};
const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../test/nist/data');
/**
 * Machine-load probe: 9 million multiply-adds over a 300 000-element Float64Array (≈ 8–10 ms on an
 * idle current x86 core). Printed so results from a busy machine can be read in context.
 */
function calibrationMs(): number {
  const a = new Float64Array(300_000).map((_, i) => Math.sin(i));
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    let s = 0;
    for (let k = 0; k < 30; k++) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
    best = Math.min(best, performance.now() - t0 + (s < 0 ? 1 : 0));
  }
  return best;
}

const datasets: NistFixture[] = readdirSync(dataDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as NistFixture)
  .filter((d) => d.kind === 'nonlinear');
const responseOf = (d: NistFixture) => (d.response === 'log' ? d.y.map(Math.log) : d.y);

const BUDGET_MS = 60_000;
const started = performance.now();
const filter = (() => {
  const i = process.argv.indexOf('--filter');
  return i >= 0 ? (process.argv[i + 1] ?? '') : '';
})();

function timeMin(fn: () => void, reps: number): number {
  let best = Number.POSITIVE_INFINITY;
  // At least one repetition even past the budget, so every result line has a value.
  for (let r = 0; r < reps && (r === 0 || performance.now() - started < BUDGET_MS); r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function emit(name: string, value: number, unit: string, baseline?: string, baselineValue?: number): void {
  const line: Record<string, unknown> = { name, value: Number(value.toFixed(2)), unit };
  if (baseline !== undefined && baselineValue !== undefined) {
    line.baseline = baseline;
    line.ratio = Number((baselineValue / value).toFixed(3));
  }
  console.log(JSON.stringify(line));
}

function nist54(engine: NonlinearEngineChoice): void {
  for (const d of datasets) {
    for (const start of [d.start1, d.start2]) {
      fitNonlinear({
        expression: d.model,
        parameters: d.parameters.map((name, j) => ({ name, start: start[j]! })),
        x: d.x,
        y: responseOf(d),
        variables: d.variables,
        engine,
        cvFolds: 0,
        bandPoints: 0,
      });
    }
  }
}

emit('fitting.calibration.loop9M', calibrationMs(), 'ms');

if ('fitting.nist.nonlinear54'.includes(filter)) {
  nist54('lm'); // warm-up (JIT)
  const ours = timeMin(() => nist54('lm'), 3);
  const base = timeMin(() => nist54('ml-levenberg-marquardt'), 2);
  emit('fitting.nist.nonlinear54', ours, 'ms', 'fitting.nist.nonlinear54.ml-levenberg-marquardt', base);
}

// Synthetic pump head curve with noise, deterministic.
const N = 100_000;
const qs = new Array<number>(N);
const hs = new Array<number>(N);
let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
for (let i = 0; i < N; i++) {
  const q = (300 * i) / (N - 1);
  qs[i] = q;
  hs[i] = 52 - 8e-4 * q ** 2.2 + 0.2 * (rnd() - 0.5);
}
const bigSpec = (engine: NonlinearEngineChoice) => ({
  expression: 'H0 - k*x^n',
  parameters: [
    { name: 'H0', start: 40 },
    { name: 'k', start: 1e-3 },
    { name: 'n', start: 2 },
  ],
  x: qs,
  y: hs,
  engine,
});

if ('fitting.nonlinear.100k'.includes(filter)) {
  fitNonlinear(bigSpec('lm'));
  const ours = timeMin(() => fitNonlinear(bigSpec('lm')), 5);
  const base = timeMin(() => fitNonlinear(bigSpec('ml-levenberg-marquardt')), 2);
  emit('fitting.nonlinear.100k', ours, 'ms', 'fitting.nonlinear.100k.ml-levenberg-marquardt', base);
}

if ('fitting.polynomial.100k'.includes(filter)) {
  fitPolynomial(qs, hs, 3);
  emit('fitting.polynomial.100k', timeMin(() => fitPolynomial(qs, hs, 3), 5), 'ms');
}
