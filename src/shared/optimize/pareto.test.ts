import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStationJson } from '../hydraulics/station';
import { optimizeDemand } from './optimizeDemand';
import { paretoFront, type ParetoSolution } from './pareto';

const parsed = parseStationJson(readFileSync(new URL('../../../resources/demo/station.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('demo station invalid');
const station = parsed.station;

function mutuallyNonDominated(sols: ParetoSolution[]): boolean {
  return sols.every((a) =>
    sols.every((b) => a === b || !(b.objectives[0] <= a.objectives[0] && b.objectives[1] <= a.objectives[1] && (b.objectives[0] < a.objectives[0] || b.objectives[1] < a.objectives[1]))),
  );
}

describe('paretoFront', () => {
  it('power vs distance from BEP: feasible, non-dominated, sorted, reaching the power optimum', () => {
    const r = paretoFront(station, 560, { seed: 2 });
    if (!r.feasible) throw new Error(r.reason);
    expect(r.algorithm).toBe('nsga2');
    expect(r.solutions.length).toBeGreaterThan(1);
    expect(mutuallyNonDominated(r.solutions)).toBe(true);
    for (let i = 1; i < r.solutions.length; i++) expect(r.solutions[i]!.powerKw).toBeGreaterThanOrEqual(r.solutions[i - 1]!.powerKw);
    for (const s of r.solutions) {
      expect(s.objectives).toEqual([s.powerKw, s.bepDistance]);
      expect(Math.abs(s.flowM3h - 560)).toBeLessThanOrEqual(0.56);
    }
    const best = optimizeDemand(station, 560);
    if (!best.feasible) throw new Error('infeasible');
    expect(r.solutions[0]!.powerKw).toBeLessThanOrEqual(best.powerKw * 1.001);
  });

  it('power vs running pumps: one point per useful pump count', () => {
    const r = paretoFront(station, 500, { objectives: ['powerKw', 'pumpsRunning'], seed: 1, population: 40, generations: 60 });
    if (!r.feasible) throw new Error(r.reason);
    const counts = r.solutions.map((s) => s.pumpsRunning);
    expect(new Set(counts).size).toBe(counts.length);
    expect(counts).toContain(2);
    expect(mutuallyNonDominated(r.solutions)).toBe(true);
    for (const s of r.solutions) expect(s.pumps.filter((p) => p.on)).toHaveLength(s.pumpsRunning);
  });

  it('records the run and is reproducible', () => {
    const a = paretoFront(station, 450, { seed: 4, population: 20, generations: 10 });
    const b = paretoFront(station, 450, { seed: 4, population: 20, generations: 10 });
    expect({ ...a, ms: 0 }).toEqual({ ...b, ms: 0 });
    expect(a.evaluations).toBe(20 * 11);
    expect(a.settings).toMatchObject({ population: 20, generations: 10, crossoverRate: 0.9, etaC: 20, etaM: 20 });
  });

  it('reports infeasible demands', () => {
    expect(paretoFront(station, 700)).toMatchObject({ feasible: false, code: 'above-capacity' });
  });
});
