import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headAtSpeed } from '../hydraulics/affinity';
import { hydraulicPowerKw } from '../hydraulics/power';
import { evalPoly, parseStationJson, type Station } from '../hydraulics/station';
import { systemHeadM } from '../hydraulics/systemCurve';
import { optimizeDemand, type DemandResult, type DemandSolution } from './optimizeDemand';
import { randomStation } from './randomStation';

const parsed = parseStationJson(readFileSync(new URL('../../../resources/demo/station.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('demo station invalid');
const demo = parsed.station;

function solved(r: DemandResult): DemandSolution {
  if (!r.feasible) throw new Error(`expected feasible, got ${r.code}: ${r.reason}`);
  return r;
}

/** Independent check of a reported operating point against the station model. */
function expectValidOperatingPoint(station: Station, demandM3h: number, r: DemandSolution, tol = 1e-3): void {
  const headM = systemHeadM(station.system, demandM3h);
  expect(r.headM).toBeCloseTo(headM, 9);
  const total = r.pumps.reduce((s, p) => s + p.flowM3h, 0);
  expect(Math.abs(total - demandM3h)).toBeLessThanOrEqual(tol * demandM3h);
  expect(r.flowM3h).toBeCloseTo(total, 9);
  let power = 0;
  station.pumps.forEach((pump, i) => {
    const op = r.pumps[i]!;
    expect(op.id).toBe(pump.id);
    if (!op.on) {
      expect(op.flowM3h).toBe(0);
      return;
    }
    const s = op.speedRatio;
    expect(s).toBeGreaterThanOrEqual(pump.speedRange[0] - 1e-9);
    expect(s).toBeLessThanOrEqual(pump.speedRange[1] + 1e-9);
    if (!pump.variableSpeed) expect(s).toBe(1);
    // On its head curve at that speed, at the common station head…
    expect(headAtSpeed((q) => evalPoly(pump.head.coeffs, q), op.flowM3h, s)).toBeCloseTo(headM, 6);
    // …inside its speed-scaled flow window…
    expect(op.flowM3h).toBeGreaterThanOrEqual(s * pump.flowRange[0] * (1 - 1e-9));
    expect(op.flowM3h).toBeLessThanOrEqual(s * pump.flowRange[1] * (1 + 1e-9));
    // …with power = ρgQH / (η_pump η_motor η_drive).
    const eta = evalPoly(pump.efficiency.coeffs, op.flowM3h / s);
    expect(op.efficiency).toBeCloseTo(eta, 12);
    const kw = hydraulicPowerKw(op.flowM3h, headM, station.fluid.densityKgM3) / (eta * pump.motorEfficiency * pump.driveEfficiency);
    expect(op.powerKw).toBeCloseTo(kw, 9);
    power += kw;
  });
  expect(r.powerKw).toBeCloseTo(power, 9);
  expect(r.specificEnergyKwhPerM3).toBeCloseTo(power / demandM3h, 12);
}

describe('optimizeDemand: operating point', () => {
  for (const algorithm of ['exhaustive', 'ga', 'pso', 'de'] as const) {
    it(`${algorithm} meets the demand at the system head within 0.1 %`, () => {
      for (const demand of [150, 300, 480, 600, 650]) {
        const r = solved(optimizeDemand(demo, demand, { algorithm, seed: 3 }));
        expectValidOperatingPoint(demo, demand, r);
      }
    });
  }

  it('meets demand on random 6-pump stations', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const st = randomStation(seed, { pumps: 6 });
      const cap = st.pumps.reduce((s, p) => s + p.flowRange[1] / 1.35, 0);
      for (const f of [0.3, 0.7]) {
        const r = optimizeDemand(st, f * cap, { algorithm: 'ga', seed });
        if (r.feasible) expectValidOperatingPoint(st, f * cap, r);
      }
    }
  });

  it('records algorithm, resolved settings, evaluations and time', () => {
    const r = solved(optimizeDemand(demo, 400, { algorithm: 'de', seed: 9, generations: 20 }));
    expect(r.algorithm).toBe('de');
    expect(r.seed).toBe(9);
    expect(r.settings).toMatchObject({ generations: 20, population: 40, f: 0.5, cr: 0.9, toleranceRel: 0.001 });
    expect(r.evaluations).toBe(40 * 21);
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(r.cancelled).toBe(false);
  });

  it('is reproducible for a seed', () => {
    for (const algorithm of ['ga', 'pso', 'de'] as const) {
      const a = optimizeDemand(demo, 520, { algorithm, seed: 5, generations: 15, iterations: 15 } as never);
      const b = optimizeDemand(demo, 520, { algorithm, seed: 5, generations: 15, iterations: 15 } as never);
      expect({ ...a, ms: 0 }).toEqual({ ...b, ms: 0 });
    }
  });

  it('an all-off station meets zero demand with zero power', () => {
    const r = solved(optimizeDemand(demo, 0));
    expect(r.powerKw).toBe(0);
    expect(r.pumps.every((p) => !p.on)).toBe(true);
  });
});

describe('optimizeDemand: infeasible demands', () => {
  it('demand above capacity', () => {
    const r = optimizeDemand(demo, 700);
    expect(r).toMatchObject({ feasible: false, code: 'above-capacity' });
    if (!r.feasible) expect(r.reason).toMatch(/exceeds the station capacity of [\d.]+ m³\/h/);
  });

  it('system head above every pump’s reach', () => {
    const r = optimizeDemand(demo, 1000, { algorithm: 'ga' });
    expect(r).toMatchObject({ feasible: false, code: 'head-above-shutoff', algorithm: 'ga' });
  });

  it('demand below every pump’s minimum flow', () => {
    const r = optimizeDemand(demo, 20);
    expect(r).toMatchObject({ feasible: false, code: 'below-minimum-flow' });
  });

  it('demand between the steps of fixed-speed pumps', () => {
    const fixedOnly = randomStation(3, { pumps: 2, variableSpeed: 0 });
    const results = [0.2, 0.4, 0.6, 0.8].map((f) => optimizeDemand(fixedOnly, f * 600));
    expect(results.some((r) => !r.feasible && r.code === 'no-combination')).toBe(true);
  });

  it('head below every pump’s window', () => {
    const st = structuredClone(demo);
    st.system = { staticHeadM: 1, k: 1e-6 };
    expect(optimizeDemand(st, 300)).toMatchObject({ feasible: false, code: 'head-below-window' });
  });

  it('the pump limit caps capacity', () => {
    const st = structuredClone(demo);
    st.constraints = { maxPumpsRunning: 1 };
    const r = optimizeDemand(st, 400);
    expect(r).toMatchObject({ feasible: false, code: 'above-capacity' });
    if (!r.feasible) expect(r.reason).toMatch(/at most 1 pumps running/);
  });

  it('invalid demands', () => {
    for (const d of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(optimizeDemand(demo, d)).toMatchObject({ feasible: false, code: 'invalid-demand' });
  });
});

describe('optimizeDemand: progress and cancellation', () => {
  it('reports monotone progress ending at 1', () => {
    const fractions: number[] = [];
    solved(optimizeDemand(demo, 450, { algorithm: 'pso', onProgress: (f) => fractions.push(f) }));
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('stops when asked and returns the best so far', () => {
    let calls = 0;
    const r = optimizeDemand(demo, 450, { algorithm: 'ga', shouldStop: () => ++calls > 5 });
    expect(r.cancelled).toBe(true);
    // Initial population, then four generations of 38 children (2 elites are copied, not evaluated).
    expect(r.evaluations).toBe(40 + 4 * 38);
    if (r.feasible) expectValidOperatingPoint(demo, 450, r);
  });

  it('stopping before any step reports cancelled', () => {
    const r = optimizeDemand(demo, 450, { algorithm: 'exhaustive', shouldStop: () => true });
    expect(r).toMatchObject({ feasible: false, code: 'cancelled', cancelled: true });
  });
});
