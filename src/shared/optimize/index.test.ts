import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index';

const text = (name: string) => readFileSync(new URL(`../../../resources/demo/${name}`, import.meta.url), 'utf8');

describe('public optimize API', () => {
  it('runs the demo end to end', () => {
    const parsed = api.parseStation(text('station.json'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const station = parsed.station;
    expect(station.pumps.filter((p) => p.variableSpeed)).toHaveLength(2);

    const single = api.optimizeDemand(station, 450, { algorithm: 'exhaustive' });
    expect(single).toMatchObject({ feasible: true, algorithm: 'exhaustive' });

    const plan = api.parsePlan(text('plan.json'), station);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    const schedule = api.optimizeSchedule(station, plan.plan);
    expect(schedule.feasible).toBe(true);
    if (schedule.feasible) expect(schedule.savingPercent).toBeGreaterThanOrEqual(0);

    expect(api.operatingTable(station, [200, 400])).toHaveLength(2);
    expect(api.baselineSchedule(station, plan.plan).feasible).toBe(true);
  });

  it('names the offending field of an invalid station', () => {
    const doc = JSON.parse(text('station.json'));
    doc.pumps[1].speedRange = [1.2, 0.4];
    const parsed = api.parseStation(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]!.path).toBe('pumps[1].speedRange');
  });

  it('demo plan matches the demo station’s profile and tariff', () => {
    const station = JSON.parse(text('station.json'));
    const plan = JSON.parse(text('plan.json'));
    expect(plan.demandM3h).toEqual(station.demand.profileM3h);
    expect(plan.pricePerKwh).toEqual(station.tariff.pricePerKwh);
  });
});
