import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStationJson } from '../hydraulics/station';
import { systemHeadM } from '../hydraulics/systemCurve';
import { optimizeDemand } from './optimizeDemand';
import { parsePlan, type Plan } from './plan';
import { baselineSchedule, optimizeSchedule, type ScheduleSolution } from './schedule';

const read = (name: string) => readFileSync(new URL(`../../../resources/demo/${name}`, import.meta.url), 'utf8');
const parsed = parseStationJson(read('station.json'));
if (!parsed.ok) throw new Error('demo station invalid');
const station = parsed.station;
const planResult = parsePlan(read('plan.json'), station);
if (!planResult.ok) throw new Error('demo plan invalid');
const plan = planResult.plan;

/** Starts and minimum-run-time violations of a schedule, recomputed from its hours. */
function audit(s: ScheduleSolution, initial: string[], minRunTimeH: number): { starts: number; minRunViolations: number } {
  const on = s.hours.map((h) => new Set(h.pumps.map((p) => p.id)));
  let prev = new Set(initial);
  let starts = 0;
  let minRunViolations = 0;
  on.forEach((set, h) => {
    for (const id of set) {
      if (prev.has(id)) continue;
      starts++;
      for (let j = h + 1; j < Math.min(on.length, h + minRunTimeH); j++) if (!on[j]!.has(id)) minRunViolations++;
    }
    prev = set;
  });
  return { starts, minRunViolations };
}

describe('optimizeSchedule on the demo station', () => {
  const result = optimizeSchedule(station, plan);

  it('is feasible, within the start limit and the minimum run time', () => {
    expect(result.feasible).toBe(true);
    if (!result.feasible) return;
    expect(result.hours).toHaveLength(24);
    const a = audit(result, plan.initialRunning, station.constraints?.minRunTimeH ?? 0);
    expect(a.starts).toBe(result.starts);
    expect(result.starts).toBeLessThanOrEqual(plan.maxStarts);
    expect(a.minRunViolations).toBe(0);
  });

  it('meets every hour’s demand at the system head, and the totals add up', () => {
    if (!result.feasible) throw new Error('infeasible');
    let cost = 0;
    let energy = 0;
    result.hours.forEach((h, i) => {
      expect(h.hour).toBe(i);
      expect(h.demandM3h).toBe(plan.demandM3h[i]);
      expect(h.headM).toBeCloseTo(systemHeadM(station.system, h.demandM3h), 9);
      const flow = h.pumps.reduce((s, p) => s + p.flowM3h, 0);
      expect(Math.abs(flow - h.demandM3h)).toBeLessThanOrEqual(1e-3 * h.demandM3h);
      expect(h.cost).toBeCloseTo(h.powerKw * plan.pricePerKwh[i]!, 9);
      cost += h.cost;
      energy += h.powerKw;
    });
    expect(result.cost).toBeCloseTo(cost, 9);
    expect(result.energyKwh).toBeCloseTo(energy, 9);
  });

  it('uses per-hour optimal power when the running set is the single-demand optimum', () => {
    if (!result.feasible) throw new Error('infeasible');
    for (const h of result.hours) {
      const single = optimizeDemand(station, h.demandM3h);
      if (!single.feasible) throw new Error('hour infeasible');
      // The schedule can only pay more per hour (it may keep a pump on to save a start), never less.
      expect(h.powerKw).toBeGreaterThanOrEqual(single.powerKw * (1 - 1e-9));
    }
  });

  it('beats or equals the baseline when the baseline keeps the same constraints', () => {
    if (!result.feasible) throw new Error('infeasible');
    const base = result.baseline;
    expect(base.feasible).toBe(true);
    if (!base.feasible) return;
    const a = audit(base, plan.initialRunning, station.constraints?.minRunTimeH ?? 0);
    expect(a.starts).toBe(base.starts);
    if (base.withinMaxStarts && a.minRunViolations === 0) expect(result.cost).toBeLessThanOrEqual(base.cost * (1 + 1e-12));
    expect(result.savingPercent).toBeCloseTo((100 * (base.cost - result.cost)) / base.cost, 9);
  });

  it('baselineSchedule runs the fewest pumps, at one common speed for variable-speed pumps', () => {
    const base = baselineSchedule(station, plan);
    if (!base.feasible) throw new Error('baseline infeasible');
    expect(base.method).toBe('baseline');
    base.hours.forEach((h) => {
      const vs = h.pumps.filter((p) => station.pumps.find((q) => q.id === p.id)!.variableSpeed);
      for (const p of vs) expect(p.speedRatio).toBeCloseTo(vs[0]!.speedRatio, 6);
      const fewest = optimizeDemand(station, h.demandM3h);
      if (fewest.feasible) expect(h.pumps.length).toBeLessThanOrEqual(fewest.pumps.filter((p) => p.on).length);
    });
  });
});

describe('optimizeSchedule: failures', () => {
  const flat = (demand: number, extra: Partial<Plan> = {}): Plan => ({
    demandM3h: new Array<number>(24).fill(demand),
    pricePerKwh: new Array<number>(24).fill(0.2),
    maxStarts: 4,
    initialRunning: [],
    ...extra,
  });

  it('names the first hour that no pump set can meet', () => {
    const p = flat(300);
    p.demandM3h[5] = 700;
    expect(optimizeSchedule(station, p)).toMatchObject({ feasible: false, code: 'infeasible-hour', hour: 5 });
  });

  it('reports a start limit that cannot be kept', () => {
    const r = optimizeSchedule(station, flat(300, { maxStarts: 0 }));
    expect(r).toMatchObject({ feasible: false, code: 'constraints', hour: 0 });
  });

  it('rejects unknown pump ids', () => {
    const r = optimizeSchedule(station, flat(300, { initialRunning: ['P9'] }));
    expect(r).toMatchObject({ feasible: false, code: 'invalid-plan' });
    if (!r.feasible) expect(r.reason).toMatch(/initialRunning\[0\]/);
  });

  it('stops when asked', () => {
    expect(optimizeSchedule(station, flat(300), { shouldStop: () => true })).toMatchObject({ feasible: false, code: 'cancelled' });
  });

  it('zero demand runs nothing and costs nothing', () => {
    const r = optimizeSchedule(station, flat(0, { initialRunning: ['P1'] }));
    expect(r).toMatchObject({ feasible: true, cost: 0, starts: 0 });
  });
});

describe('parsePlan', () => {
  it('validates lengths and values with field paths', () => {
    const r = parsePlan({ demandM3h: [1, 2], pricePerKwh: new Array(24).fill(-1), maxStarts: 1.5, initialRunning: [] }, station);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('demandM3h');
    expect(paths).toContain('pricePerKwh[0]');
    expect(paths).toContain('maxStarts');
  });
});
