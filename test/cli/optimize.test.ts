import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-cli-opt-'));
const env = { SWB_DATA_DIR: dir };
const demo = path.resolve('resources/demo');
const station = path.join(demo, 'station.json');
const plan = path.join(demo, 'plan.json');
// Each test spawns the built CLI several times; on a loaded machine one start can take seconds.
vi.setConfig({ testTimeout: 240_000 });

describe('swb optimize', () => {
  it('prints the optimal operating point as one JSON document', () => {
    const r = runCli(['optimize', '--station', station, '--demand', '420', '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { feasible: boolean; powerKw: number; flowM3h: number; headM: number; pumps: Array<Record<string, unknown>>; algorithm: string; evaluations: number; ms: number };
    expect(doc).toMatchObject({ feasible: true, algorithm: 'exhaustive' });
    expect(Math.abs(doc.flowM3h - 420) / 420).toBeLessThanOrEqual(1e-3);
    expect(doc.headM).toBeCloseTo(22 + 0.00005 * 420 * 420, 6);
    expect(doc.pumps).toHaveLength(3);
    expect(Object.keys(doc.pumps[0]!).sort()).toEqual(['efficiency', 'flowM3h', 'headM', 'id', 'on', 'powerKw', 'speedRatio']);
    expect(doc.evaluations).toBeGreaterThan(0);
    const sum = doc.pumps.reduce((s, p) => s + (p.powerKw as number), 0);
    expect(sum).toBeCloseTo(doc.powerKw, 6);

    for (const algorithm of ['ga', 'pso', 'de', 'nsga2']) {
      const m = runCli(['optimize', '--station', station, '--demand', '420', '--algorithm', algorithm, '--seed', '7', '--json'], env);
      expect(m.code).toBe(0);
      const d = JSON.parse(m.stdout) as { powerKw: number; algorithm: string };
      expect(d.algorithm).toBe(algorithm);
      // Within 0.1 % of the exhaustive optimum (NSGA-II's least-power end included).
      expect((d.powerKw - doc.powerKw) / doc.powerKw).toBeLessThan(1e-3);
    }
    const text = runCli(['optimize', '--station', station, '--demand', '420'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/kW/);
  });

  it('reports an infeasible demand with the reason and exit code 1', () => {
    const r = runCli(['optimize', '--station', station, '--demand', '5000', '--json'], env);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { feasible: boolean; reason: string };
    expect(doc.feasible).toBe(false);
    expect(doc.reason.length).toBeGreaterThan(10);
  });

  it('refuses a bad station file with a clear error naming the field', () => {
    const bad = JSON.parse(readFileSync(station, 'utf8')) as { pumps: Array<Record<string, unknown>> };
    bad.pumps[1]!.speedRange = [0.9, 0.5];
    const file = path.join(dir, 'bad-station.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = runCli(['optimize', '--station', file, '--demand', '420'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pumps[1].speedRange');
    const notJson = path.join(dir, 'not.json');
    writeFileSync(notJson, '{ pumps: ');
    const r2 = runCli(['optimize', '--station', notJson, '--demand', '420', '--json'], env);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('not valid JSON');
    expect(JSON.parse(r2.stdout)).toMatchObject({ ok: false });
    expect(runCli(['optimize', '--station', path.join(dir, 'missing.json'), '--demand', '1'], env).stderr).toContain('ENOENT');
    expect(runCli(['optimize', '--station', station, '--demand', 'abc'], env).stderr).toContain('--demand');
    expect(runCli(['optimize', '--station', station, '--demand', '400', '--algorithm', 'sa'], env).stderr).toContain('--algorithm');
  });
});

describe('swb schedule', () => {
  it('prints the optimal 24-hour schedule within the start limit', () => {
    const r = runCli(['schedule', '--station', station, '--plan', plan, '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { feasible: boolean; cost: number; energyKwh: number; starts: number; hours: Array<{ hour: number; powerKw: number; pumps: Array<{ id: string; speedRatio: number; flowM3h: number }> }>; baseline: { cost: number }; savingPercent: number };
    expect(doc.feasible).toBe(true);
    expect(doc.hours).toHaveLength(24);
    expect(doc.starts).toBeLessThanOrEqual(4);
    const p = JSON.parse(readFileSync(plan, 'utf8')) as { demandM3h: number[]; pricePerKwh: number[] };
    doc.hours.forEach((h, i) => {
      const flow = h.pumps.reduce((s, x) => s + x.flowM3h, 0);
      expect(Math.abs(flow - p.demandM3h[i]!) / p.demandM3h[i]!).toBeLessThanOrEqual(1e-3);
    });
    const cost = doc.hours.reduce((s, h, i) => s + h.powerKw * p.pricePerKwh[i]!, 0);
    expect(cost).toBeCloseTo(doc.cost, 6);
    expect(doc.cost).toBeLessThanOrEqual(doc.baseline.cost + 1e-9);
    expect(runCli(['schedule', '--station', station, '--plan', plan], env).stdout).toContain('baseline');
  });

  it('reports an impossible plan as infeasible and a bad plan file clearly', () => {
    const p = JSON.parse(readFileSync(plan, 'utf8')) as { demandM3h: number[]; maxStarts: number; initialRunning: string[] };
    const tooMuch = { ...p, demandM3h: p.demandM3h.map((d, i) => (i === 5 ? 5000 : d)) };
    const f1 = path.join(dir, 'too-much.json');
    writeFileSync(f1, JSON.stringify(tooMuch));
    const r = runCli(['schedule', '--station', station, '--plan', f1, '--json'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ feasible: false, reason: expect.stringContaining('hour 5') });
    const noStarts = { ...p, maxStarts: 0, initialRunning: [] };
    const f2 = path.join(dir, 'no-starts.json');
    writeFileSync(f2, JSON.stringify(noStarts));
    const r2 = runCli(['schedule', '--station', station, '--plan', f2, '--json'], env);
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout)).toMatchObject({ feasible: false });
    const f3 = path.join(dir, 'short.json');
    writeFileSync(f3, JSON.stringify({ ...p, demandM3h: [1, 2, 3] }));
    const r3 = runCli(['schedule', '--station', station, '--plan', f3], env);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('demandM3h');
    expect(runCli(['schedule', '--station', station], env).stderr).toContain('--plan');
  });
});
