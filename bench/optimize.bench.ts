/**
 * Optimizer benchmarks (npx tsx bench/optimize.bench.ts [--filter NAME]). One JSON line per result:
 *  - optimize.<station>.<algorithm>: one single-demand solve, ms (minimum over repetitions), with
 *    evaluations, power and the gap to the exhaustive optimum; baseline = the exhaustive solver
 *    (ratio > 1: faster than exhaustive). Stations: the demo (3 pumps, 2 variable-speed) at
 *    560 m³/h, and a seeded 6-pump station (5 variable-speed) at 60 % of its best-efficiency flow.
 *  - optimize.demo.schedule24h: the demo plan (exact DP + baseline), ms, with the saving in percent.
 *  - optimize.nsga2.zdt1: NSGA-II on ZDT1 (30 variables, population 100, 250 generations), ms, with
 *    the hypervolume at (1.1, 1.1).
 * `value` is the minimum wall time over 5 repetitions and `cpuMs` the minimum process CPU time;
 * `ratio` compares CPU times (exhaustive / algorithm), which stay meaningful on a loaded machine.
 * Bounded to about 60 s in total.
 */
import { readFileSync } from 'node:fs';
import { hypervolume2d } from '../src/shared/optimize/hypervolume';
import { optimizeDemand, optimizeSchedule, parsePlan, parseStation, randomStation, type Algorithm, type Station } from '../src/shared/optimize/index';
import { createNsga2, NSGA2_DEFAULTS } from '../src/shared/optimize/nsga2';
import { zdtProblem } from '../src/shared/optimize/zdt';

const BUDGET_MS = 60_000;
const REPS = 5;
const started = performance.now();
const filter = (() => {
  const i = process.argv.indexOf('--filter');
  return i >= 0 ? (process.argv[i + 1] ?? '') : '';
})();
const wanted = (name: string) => name.includes(filter);
const withinBudget = () => performance.now() - started < BUDGET_MS;

/** Minimum wall time and minimum CPU time over `reps` repetitions, and the last result. */
function timeMin<T>(fn: () => T, reps = REPS): { ms: number; cpuMs: number; result: T } {
  let best: { ms: number; cpuMs: number; result: T } | undefined;
  for (let r = 0; r < reps && (best === undefined || withinBudget()); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = fn();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    best = best === undefined ? { ms, cpuMs, result } : { ms: Math.min(ms, best.ms), cpuMs: Math.min(cpuMs, best.cpuMs), result };
  }
  return best!;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const emit = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

function benchStation(label: string, station: Station, demandM3h: number): void {
  const algorithms: Algorithm[] = ['exhaustive', 'ga', 'pso', 'de'];
  if (!algorithms.some((a) => wanted(`optimize.${label}.${a}`))) return;
  const ref = timeMin(() => optimizeDemand(station, demandM3h, { algorithm: 'exhaustive' }));
  if (!ref.result.feasible) throw new Error(`${label}: demand ${demandM3h} infeasible: ${ref.result.reason}`);
  const refKw = ref.result.powerKw;
  for (const algorithm of algorithms) {
    const name = `optimize.${label}.${algorithm}`;
    if (!wanted(name) || !withinBudget()) continue;
    const t = algorithm === 'exhaustive' ? ref : timeMin(() => optimizeDemand(station, demandM3h, { algorithm, seed: 1 }));
    const r = t.result;
    const line: Record<string, unknown> = { name, value: round(t.ms, 1), unit: 'ms', cpuMs: round(t.cpuMs, 1), evaluations: r.evaluations, demandM3h: round(demandM3h, 1) };
    if (r.feasible) {
      line.powerKw = round(r.powerKw, 4);
      line.gapPercent = round((100 * (r.powerKw - refKw)) / refKw, 5);
    } else line.infeasible = r.reason;
    if (algorithm !== 'exhaustive') {
      line.baseline = `optimize.${label}.exhaustive`;
      // CPU-time ratio: steadier than wall time when other work shares the machine.
      line.ratio = round(ref.cpuMs / t.cpuMs);
    }
    emit(line);
  }
}

const demoText = readFileSync(new URL('../resources/demo/station.json', import.meta.url), 'utf8');
const parsed = parseStation(demoText);
if (!parsed.ok) throw new Error(`demo station invalid: ${JSON.stringify(parsed.errors)}`);
const demo = parsed.station;

benchStation('demo', demo, 560);

const six = randomStation(4, { pumps: 6, variableSpeed: 5 });
const sixBep = six.pumps.reduce((s, p) => s + p.flowRange[1] / 1.35, 0);
benchStation('six', six, 0.6 * sixBep);

if (wanted('optimize.demo.schedule24h') && withinBudget()) {
  const plan = parsePlan(readFileSync(new URL('../resources/demo/plan.json', import.meta.url), 'utf8'), demo);
  if (!plan.ok) throw new Error('demo plan invalid');
  const t = timeMin(() => optimizeSchedule(demo, plan.plan));
  const r = t.result;
  emit({
    name: 'optimize.demo.schedule24h',
    value: round(t.ms, 1),
    unit: 'ms',
    cpuMs: round(t.cpuMs, 1),
    ...(r.feasible ? { evaluations: r.evaluations, cost: round(r.cost, 2), starts: r.starts, savingPercent: round(r.savingPercent ?? 0, 3) } : { infeasible: r.reason }),
  });
}

if (wanted('optimize.nsga2.zdt1') && withinBudget()) {
  const t = timeMin(() => {
    const run = createNsga2(zdtProblem('zdt1', 30), { ...NSGA2_DEFAULTS, population: 100, generations: 250 }, 1);
    while (!run.step());
    return hypervolume2d(
      (run.best() ?? []).map((x) => [x.objectives[0]!, x.objectives[1]!] as const),
      [1.1, 1.1],
    );
  });
  emit({ name: 'optimize.nsga2.zdt1', value: round(t.ms, 1), unit: 'ms', cpuMs: round(t.cpuMs, 1), evaluations: 100 * 251, hypervolume: round(t.result, 5) });
}
