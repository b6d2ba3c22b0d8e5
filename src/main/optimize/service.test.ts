import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../core/testing/testCore';
import { fitLibraryModel, fitPolynomial } from '#shared/fitting/index';
import { optimizeDemand, parseStation } from '#shared/optimize/index';
import type { OptimizationRun } from '#shared/rpc/domains/optimize';
import type { Core } from '../core/createCore';
import { defaultResourcesDir } from '../core/paths';
import { CURVES_MIGRATIONS } from '../curves/repository';
import { migrate } from '../store/migrations';
import { StoreEngine } from '../store/engine';
import { curveFromFit, listFitOptions, resolveFits } from './fits';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

async function testCore() {
  const { core, call } = await createTestCore({ prefix: 'opt' });
  cores.push(core);
  return { core, call };
}

const demoDoc = () => JSON.parse(readFileSync(path.join(defaultResourcesDir(), 'demo', 'station.json'), 'utf8')) as Record<string, unknown>;

describe('optimize domain', () => {
  it('seeds the demo station and keeps a demand run that agrees with the shared solver', async () => {
    const { call } = await testCore();
    const { stations } = await call<{ stations: Array<{ id: string; name: string; pumps: number }> }>('optimize.stations.list', {});
    expect(stations).toHaveLength(1);
    expect(stations[0]!.pumps).toBe(3);
    const run = await call<OptimizationRun>('optimize.demand.run', { stationId: stations[0]!.id, demandM3h: 420 });
    expect(run).toMatchObject({ kind: 'demand', algorithm: 'exhaustive', feasible: true, objectiveUnit: 'kW' });
    const parsed = parseStation(demoDoc());
    if (!parsed.ok) throw new Error('demo station invalid');
    const direct = optimizeDemand(parsed.station, 420);
    if (!direct.feasible || run.result.kind !== 'demand' || !run.result.demand.feasible) throw new Error('expected feasible');
    expect(run.objective).toBeCloseTo(direct.powerKw, 9);
    expect(Math.abs(run.result.demand.flowM3h - 420) / 420).toBeLessThanOrEqual(1e-3);
    const list = await call<{ runs: Array<{ id: string; summary: string }> }>('optimize.runs.list', {});
    expect(list.runs[0]!.id).toBe(run.id);
    expect(list.runs[0]!.summary).toContain('kW');
    const again = await call<OptimizationRun>('optimize.runs.get', { id: run.id });
    expect(again.result).toEqual(JSON.parse(JSON.stringify(run.result)));
    expect(await call('optimize.runs.delete', { id: run.id })).toEqual({ deleted: true });
    await expect(call('optimize.runs.get', { id: run.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses an invalid station naming the field, and reports an infeasible demand with its reason', async () => {
    const { call } = await testCore();
    const bad = demoDoc();
    (bad.pumps as Array<Record<string, unknown>>)[1]!.speedRange = [1.2, 0.5];
    await expect(call('optimize.stations.save', { document: bad })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('pumps[1].speedRange') });
    const check = await call<{ ok: boolean; issues: Array<{ path: string }> }>('optimize.stations.validate', { document: bad });
    expect(check.ok).toBe(false);
    expect(check.issues[0]!.path).toBe('pumps[1].speedRange');

    const saved = await call<{ id: string; name: string }>('optimize.stations.save', { document: { ...demoDoc(), name: 'Copy' } });
    expect(saved.name).toBe('Copy');
    const run = await call<OptimizationRun>('optimize.demand.run', { stationId: saved.id, demandM3h: 5000, algorithm: 'ga', seed: 3 });
    expect(run.feasible).toBe(false);
    expect(run.result.kind === 'demand' && !run.result.demand.feasible && run.result.demand.reason).toMatch(/./);
    await expect(call('optimize.demand.run', { stationId: saved.id, demandM3h: 400, algorithm: 'ga', settings: { population: 1 } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('settings.population'),
    });
    await expect(call('optimize.demand.run', { stationId: saved.id, demandM3h: 400, algorithm: 'de', settings: { swarmSize: 10 } })).rejects.toMatchObject({
      message: expect.stringContaining('settings.swarmSize'),
    });
    await expect(call('optimize.demand.run', { stationId: 'nope', demandM3h: 400 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs Pareto, comparison, operating table and schedule, each kept as a run', async () => {
    const { call } = await testCore();
    const [station] = (await call<{ stations: Array<{ id: string }> }>('optimize.stations.list', {})).stations;
    const stationId = station!.id;
    const pareto = await call<OptimizationRun>('optimize.pareto.run', { stationId, demandM3h: 420, settings: { population: 40, generations: 60 } });
    if (pareto.result.kind !== 'pareto' || !pareto.result.pareto.feasible) throw new Error('pareto infeasible');
    expect(pareto.result.pareto.solutions.length).toBeGreaterThanOrEqual(2);

    const compare = await call<OptimizationRun>('optimize.compare.run', { stationId, demandM3h: 420, seed: 2 });
    if (compare.result.kind !== 'compare') throw new Error('kind');
    expect(compare.result.rows.map((r) => r.algorithm)).toEqual(['exhaustive', 'ga', 'pso', 'de']);
    for (const row of compare.result.rows) {
      expect(row.feasible).toBe(true);
      expect(row.gapPercent!).toBeGreaterThan(-1e-6);
      expect(row.gapPercent!).toBeLessThan(0.1);
    }

    const table = await call<OptimizationRun>('optimize.table.run', { stationId, fromM3h: 100, toM3h: 700, count: 7 });
    if (table.result.kind !== 'table') throw new Error('kind');
    expect(table.result.operatingTable).toHaveLength(7);
    expect(table.result.operatingTable[3]).toMatchObject({ demandM3h: 400, feasible: true, pumps: expect.stringMatching(/P\d @/) });

    const plan = JSON.parse(readFileSync(path.join(defaultResourcesDir(), 'demo', 'plan.json'), 'utf8')) as Record<string, unknown>;
    const schedule = await call<OptimizationRun>('optimize.schedule.run', { stationId, plan });
    if (schedule.result.kind !== 'schedule' || !schedule.result.schedule.feasible) throw new Error('schedule infeasible');
    expect(schedule.result.schedule.hours).toHaveLength(24);
    expect(schedule.result.schedule.savingPercent).toBeGreaterThanOrEqual(0);
    await expect(call('optimize.schedule.run', { stationId, plan: { ...plan, initialRunning: ['P9'] } })).rejects.toMatchObject({ message: expect.stringContaining('initialRunning[0]') });

    const { runs } = await call<{ runs: Array<{ kind: string }> }>('optimize.runs.list', {});
    expect(runs.map((r) => r.kind).sort()).toEqual(['compare', 'pareto', 'schedule', 'table']);
    const onlyTables = await call<{ runs: unknown[] }>('optimize.runs.list', { kind: 'table' });
    expect(onlyTables.runs).toHaveLength(1);
  });
});

describe('curves from saved fits', () => {
  const q = Array.from({ length: 12 }, (_, i) => 80 + i * 22);
  const head = q.map((x) => 60 + 0.012 * x - 0.000242 * x * x);
  const eff = q.map((x) => 0.0062 * x - 0.0000124 * x * x);

  async function storeWithFits() {
    const store = new StoreEngine();
    await store.open(undefined, { create: true });
    await migrate(store, CURVES_MIGRATIONS);
    const insert = (id: string, kind: string, result: unknown) =>
      store.write([
        {
          sql: `INSERT INTO fits (id, pump_id, curve_kind, name, created_at, dataset_id, x_column, y_column, excluded_json, model_json, label, expression, engine, parameters_json, metrics_json, cv_rmse, flow_min, flow_max, provenance_json, result_json)
                VALUES (?, 'pump-1', ?, ?, 1, 'ds', 'q', 'y', '[]', '{}', 'label', 'expr', 'linear-qr', '[]', '{}', NULL, 80, 322, '{}', ?)`,
          params: [id, kind, `${kind} fit`, JSON.stringify(result)],
        },
      ]);
    await store.write([{ sql: "INSERT INTO pumps (id, name, rated_speed_rpm, manufacturer_json, guarantee_json, grade, notes, updated_at) VALUES ('pump-1', 'Duty pump', 1480, '[]', NULL, '2B', '', 1)" }]);
    await insert('h-poly', 'head', fitPolynomial(q, head, 2));
    await insert('e-poly', 'efficiency', fitLibraryModel('pump-efficiency-poly2-origin', q, eff));
    await insert('h-power', 'head', fitLibraryModel('pump-head-power', q, head));
    return store;
  }

  it('converts polynomial fits exactly and refits other models as cubics', async () => {
    const store = await storeWithFits();
    const resolved = await resolveFits(store, ['h-poly', 'e-poly', 'h-power', 'missing']);
    const hp = resolved.get('h-poly')!;
    if ('error' in hp) throw new Error(hp.error);
    expect(hp.refitted).toBe(false);
    expect(hp.coeffs[0]).toBeCloseTo(60, 6);
    expect(hp.coeffs[2]).toBeCloseTo(-0.000242, 9);
    const ep = resolved.get('e-poly')!;
    if ('error' in ep) throw new Error(ep.error);
    expect(ep.coeffs).toHaveLength(3);
    expect(ep.coeffs[0]).toBe(0);
    expect(ep.coeffs[1]).toBeCloseTo(0.0062, 8);
    const pw = resolved.get('h-power')!;
    if ('error' in pw) throw new Error(pw.error);
    expect(pw.refitted).toBe(true);
    expect(pw.maxDeviation).toBeLessThan(0.5);
    expect(resolved.get('missing')).toMatchObject({ error: expect.stringContaining('missing') });
    const options = await listFitOptions(store);
    expect(options.available).toBe(true);
    expect(options.fits.map((f) => f.id).sort()).toEqual(['e-poly', 'h-poly', 'h-power']);
    expect(options.fits.find((f) => f.id === 'h-poly')).toMatchObject({ pumpName: 'Duty pump', curveKind: 'head' });
    expect(curveFromFit({ ok: false })).toMatchObject({ error: expect.any(String) });
  });

  it('a project without fits says so', async () => {
    const store = new StoreEngine();
    await store.open(undefined, { create: true });
    expect(await listFitOptions(store)).toEqual({ available: false, fits: [] });
    expect((await resolveFits(store, ['x'])).get('x')).toMatchObject({ error: 'this project has no saved fits' });
  });

  it('a station pump can take its curves from saved fits', async () => {
    const { core, call } = await testCore();
    void core;
    const options = await call<{ available: boolean }>('optimize.fits.list', {});
    expect(typeof options.available).toBe('boolean');
    const doc = demoDoc();
    (doc.pumps as Array<Record<string, unknown>>)[0]!.curveSource = { type: 'fit', headFitId: 'nope', efficiencyFitId: 'nope2' };
    await expect(call('optimize.stations.save', { document: doc })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('pumps[0].curveSource.headFitId') });
  });
});
