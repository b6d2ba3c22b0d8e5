import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStationJson } from '../hydraulics/station';
import { demandRange, operatingTable } from './operatingTable';

const parsed = parseStationJson(readFileSync(new URL('../../../resources/demo/station.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('demo station invalid');

describe('operatingTable', () => {
  it('gives pumps, speeds, power and kWh/m³ per demand, and reasons past capacity', () => {
    const rows = operatingTable(parsed.station, demandRange(100, 700, 13));
    expect(rows).toHaveLength(13);
    const feasible = rows.filter((r) => r.feasible);
    expect(feasible.length).toBeGreaterThanOrEqual(11);
    let prevPower = 0;
    for (const r of feasible) {
      if (!r.feasible) continue;
      const flow = r.pumps.reduce((s, p) => s + p.flowM3h, 0);
      expect(Math.abs(flow - r.demandM3h)).toBeLessThanOrEqual(1e-3 * r.demandM3h);
      expect(r.specificEnergyKwhPerM3).toBeCloseTo(r.powerKw / r.demandM3h, 12);
      // More water against a steeper system never takes less power.
      expect(r.powerKw).toBeGreaterThan(prevPower);
      prevPower = r.powerKw;
    }
    const last = rows[rows.length - 1]!;
    expect(last.feasible).toBe(false);
    if (!last.feasible) expect(last.reason).toMatch(/capacity/);
  });

  it('demandRange spaces demands evenly and inclusively', () => {
    expect(demandRange(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});
