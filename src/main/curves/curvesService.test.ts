import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../core/testing/testCore';
import type { FitRunResult, FitSuccessJson, IsoResultJson, PumpRecord, SavedFit, SavedFitSummary } from '#shared/rpc/domains/curves';
import type { Core } from '../core/createCore';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

async function testCore() {
  const { core, call } = await createTestCore({ prefix: 'curves' });
  cores.push(core);
  const datasets = await call<{ datasets: Array<{ id: string; name: string; columns: Array<{ key: string; quantity: string }> }> }>('data.datasets.list', {});
  const demo = datasets.datasets.find((d) => d.name.startsWith('Pump P1 test'));
  return { core, call, demo };
}

const col = (demo: { columns: Array<{ key: string; quantity: string }> }, q: string) => demo.columns.find((c) => c.quantity === q)!.key;

describe('curves domain', () => {
  it('seeds pumps P1..P3 from the demo station with manufacturer points and a guarantee point', async () => {
    const { call } = await testCore();
    const { pumps } = await call<{ pumps: PumpRecord[] }>('curves.pumps.list', {});
    expect(pumps.map((p) => p.id)).toEqual(['P1', 'P2', 'P3']);
    const p1 = pumps[0]!;
    expect(p1.ratedSpeedRpm).toBe(1480);
    expect(p1.manufacturerPoints.length).toBeGreaterThan(5);
    // station.json P1: H = 60 + 0.012Q − 0.000242Q², η = 0.0062Q − 0.0000124Q² → BEP at 250 m³/h.
    expect(p1.guarantee?.flowM3h).toBeCloseTo(250, 6);
    expect(p1.guarantee?.headM).toBeCloseTo(60 + 0.012 * 250 - 0.000242 * 250 ** 2, 1);
    expect(p1.guarantee?.efficiency).toBeCloseTo(0.775, 4);
  });

  it('lists the model library with presets', async () => {
    const { call } = await testCore();
    const r = await call<{ models: Array<{ name: string; suits: string[] }>; allowedFunctions: string[] }>('curves.models.list', {});
    expect(r.models.find((m) => m.name === 'poly10')).toBeDefined();
    expect(r.models.find((m) => m.name === 'pump-head-quadratic')?.suits).toEqual(['head']);
    expect(r.allowedFunctions).toContain('exp');
  });

  it('fits H-Q of the demo dataset as a job, compares models, excludes points, and saves to a pump', async () => {
    const { call, core, demo } = await testCore();
    expect(demo).toBeDefined();
    const flow = col(demo!, 'flow');
    const head = col(demo!, 'head');
    const run = await call<FitRunResult>('curves.fit.run', {
      runId: 'r1',
      datasetId: demo!.id,
      xColumn: flow,
      yColumn: head,
      models: [{ kind: 'library', name: 'pump-head-poly2' }, { kind: 'library', name: 'pump-head-quadratic' }, { kind: 'library', name: 'poly3' }],
    });
    expect(run.curveKind).toBe('head');
    expect(run.totalPoints).toBe(1400);
    expect(run.fittedPoints).toBe(1400);
    expect(run.fits).toHaveLength(3);
    const fit = run.fits[0]!.result as FitSuccessJson;
    expect(fit.ok).toBe(true);
    expect(fit.engine).toBe('linear-qr');
    expect(fit.parameters.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(fit.parameters[0]!.value).toBeGreaterThan(58); // shut-off head of the demo test ≈ 59.4 m (station P1: 60 m, 1 % low)
    expect(fit.parameters[0]!.value).toBeLessThan(61);
    for (const p of fit.parameters) expect(p.stdError).toBeGreaterThan(0);
    expect(fit.metrics.r2).toBeGreaterThan(0.99);
    expect(fit.bands?.x.length).toBeGreaterThan(10);
    expect(run.comparison.map((c) => c.ok)).toEqual([true, true, true]);
    expect(run.points).toHaveLength(1400);
    expect(run.points[0]![3]).not.toBeNull();
    const jobs = core.ctx.jobs.list();
    expect(jobs.some((j) => j.kind === 'curves.fit' && j.state === 'done')).toBe(true);

    // Excluding points changes n and is shown as excluded.
    const ex = run.points.slice(0, 10).map((p) => p[0]);
    const run2 = await call<FitRunResult>('curves.fit.run', { runId: 'r2', datasetId: demo!.id, xColumn: flow, yColumn: head, excluded: ex, models: [{ kind: 'library', name: 'pump-head-poly2' }] });
    expect(run2.fittedPoints).toBe(1390);
    expect(run2.points.filter((p) => p[4] === 1)).toHaveLength(10);
    expect((run2.fits[0]!.result as FitSuccessJson).metrics.n).toBe(1390);

    // Save to P1, list, get, export CSV.
    const saved = await call<SavedFitSummary>('curves.fits.save', { pumpId: 'P1', curveKind: 'head', datasetId: demo!.id, xColumn: flow, yColumn: head, excluded: ex, model: { kind: 'library', name: 'pump-head-poly2' } });
    expect(saved.parameters[0]!.value).toBeCloseTo((run2.fits[0]!.result as FitSuccessJson).parameters[0]!.value!, 10);
    expect(saved.provenance.datasetName).toBe(demo!.name);
    expect(saved.excluded).toHaveLength(10);
    const list = await call<{ fits: SavedFitSummary[] }>('curves.fits.list', { pumpId: 'P1' });
    expect(list.fits.map((f) => f.id)).toEqual([saved.id]);
    const full = await call<SavedFit>('curves.fits.get', { id: saved.id });
    expect(full.result.residuals).toHaveLength(1390);
    const csv = await call<{ csv: string; rows: number }>('curves.export.csv', { pumpId: 'P1' });
    expect(csv.rows).toBe(3);
    expect(csv.csv.split('\r\n')[0]).toContain('std_error');
    const pumps = await call<{ pumps: PumpRecord[] }>('curves.pumps.list', {});
    expect(pumps.pumps[0]!.fitCounts.head).toBe(1);
  });

  it('the demo P1 test log meets the guarantee point of the demo station (ISO 9906 grade 2B)', async () => {
    // The demo data and resources/demo/station.json describe the same pump, so the demo verdict is a pass.
    const { call, demo } = await testCore();
    const save = (curveKind: 'head' | 'efficiency' | 'power', yColumn: string, name: string) =>
      call<SavedFitSummary>('curves.fits.save', { pumpId: 'P1', curveKind, datasetId: demo!.id, xColumn: col(demo!, 'flow'), yColumn, model: { kind: 'library', name } });
    const head = await save('head', col(demo!, 'head'), 'pump-head-poly2');
    const eff = await save('efficiency', col(demo!, 'efficiency'), 'poly2');
    const power = await save('power', col(demo!, 'power'), 'poly2');
    const iso = await call<IsoResultJson>('curves.iso9906.check', { pumpId: 'P1', head: { fitId: head.id }, efficiency: { fitId: eff.id }, power: { fitId: power.id } });
    expect(iso.grade).toBe('2B');
    expect(iso.headFlow.pass).toBe(true);
    expect(iso.efficiency?.pass).toBe(true);
    expect(iso.power?.pass).toBe(true);
    expect(iso.pass).toBe(true);
  });

  it('fits η-Q with a custom expression and reports physics warnings in plain language', async () => {
    const { call, demo } = await testCore();
    const flow = col(demo!, 'flow');
    const eff = col(demo!, 'efficiency');
    const run = await call<FitRunResult>('curves.fit.run', {
      runId: 'e1',
      datasetId: demo!.id,
      xColumn: flow,
      yColumn: eff,
      models: [
        { kind: 'custom', expression: 'b1*x + b2*x^2 + b3*x^3', parameters: [{ name: 'b1', start: 0.01 }, { name: 'b2', start: 0 }, { name: 'b3', start: 0 }] },
        { kind: 'library', name: 'pump-efficiency-bep' },
        { kind: 'library', name: 'poly1' },
      ],
      options: { multiStart: 2 },
    });
    expect(run.curveKind).toBe('efficiency');
    const custom = run.fits[0]!.result as FitSuccessJson;
    expect(custom.ok).toBe(true);
    expect(custom.engine).toBe('lm');
    const bep = run.fits[1]!.result as FitSuccessJson;
    expect(bep.parameters.find((p) => p.name === 'qBep')!.value).toBeGreaterThan(100);
    // A straight line through efficiency data has its "peak" at the end of the range.
    expect(run.fits[2]!.physics.length).toBeGreaterThan(0);
  });

  it('a failing custom model is reported, not thrown; bad columns name the column', async () => {
    const { call, demo } = await testCore();
    const flow = col(demo!, 'flow');
    const run = await call<FitRunResult>('curves.fit.run', {
      runId: 'f1',
      datasetId: demo!.id,
      xColumn: flow,
      yColumn: col(demo!, 'head'),
      models: [{ kind: 'custom', expression: 'b1 * foo(x)', parameters: [{ name: 'b1', start: 1 }] }],
    });
    expect(run.fits[0]!.result.ok).toBe(false);
    expect(run.comparison[0]!.message).toMatch(/foo/);
    await expect(call('curves.fit.run', { runId: 'f2', datasetId: demo!.id, xColumn: flow, yColumn: 'nope', models: [{ kind: 'library', name: 'poly2' }] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("'nope'") });
    await expect(call('curves.fit.run', { runId: 'f3', datasetId: 'missing', xColumn: flow, yColumn: flow, models: [{ kind: 'library', name: 'poly2' }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('curves.fit.run', { runId: 'f4', datasetId: demo!.id, xColumn: flow, yColumn: flow, models: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a cancelled fit run says so', async () => {
    const { call, demo } = await testCore();
    const ac = new AbortController();
    ac.abort();
    await expect(
      call('curves.fit.run', { runId: 'c1', datasetId: demo!.id, xColumn: col(demo!, 'flow'), yColumn: col(demo!, 'head'), models: [{ kind: 'library', name: 'poly2' }] }, ac.signal),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('checks ISO 9906 against a guarantee point with the project tolerance table', async () => {
    const { call } = await testCore();
    // A measured head curve H = 50 − 0.0005·Q² and guarantee at (100 m³/h, 45 m): H(100) = 45 exactly.
    const head = { expression: 'H0 - k*x^2', parameters: { H0: 50, k: 0.0005 }, flowRangeM3h: [0, 200] as [number, number] };
    const pass = await call<IsoResultJson>('curves.iso9906.check', { guarantee: { flowM3h: 100, headM: 45 }, grade: '2B', head });
    expect(pass.pass).toBe(true);
    expect(pass.cross.headMinM).toBeCloseTo(45 * 0.95, 10);
    expect(pass.toleranceSource).toMatch(/ISO 9906:2012/);
    expect(pass.tolerancesEdited).toBe(false);
    // 10 % low head fails grade 1B (±3 %) and 2B (±5 %) but is within nothing: rejected.
    const fail = await call<IsoResultJson>('curves.iso9906.check', { guarantee: { flowM3h: 100, headM: 50 }, grade: '1B', head });
    expect(fail.pass).toBe(false);
    // Editing the table needs a source and is used by the next check.
    await expect(call('curves.tolerances.set', { grade: '1B', factors: { flowMinus: 0.2, flowPlus: 0.2, headMinus: 0.12, headPlus: 0.12, powerPlus: 0.1, efficiencyMinus: 0.05 } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await call('curves.tolerances.set', { grade: '1B', factors: { flowMinus: 0.2, flowPlus: 0.2, headMinus: 0.12, headPlus: 0.12, powerPlus: 0.1, efficiencyMinus: 0.05 }, source: 'Contract 42, annex C' });
    const relaxed = await call<IsoResultJson>('curves.iso9906.check', { guarantee: { flowM3h: 100, headM: 50 }, grade: '1B', head });
    expect(relaxed.pass).toBe(true);
    expect(relaxed.toleranceSource).toBe('Contract 42, annex C');
    expect(relaxed.messages.at(-1)).toMatch(/edited for this project/);
    const reset = await call<{ rows: Array<{ grade: string; isDefault: boolean }> }>('curves.tolerances.set', { grade: '1B', reset: true });
    expect(reset.rows.find((r) => r.grade === '1B')?.isDefault).toBe(true);
    // The demo pump P1 has a guarantee point; without one a clear error.
    await call('curves.pumps.save', { id: 'X9', name: 'No guarantee', ratedSpeedRpm: 1450 });
    await expect(call('curves.iso9906.check', { pumpId: 'X9', head })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('X9') });
    const p1 = await call<IsoResultJson>('curves.iso9906.check', { pumpId: 'P1', head: { ...head, flowRangeM3h: [0, 300] } });
    expect(p1.grade).toBe('2B');
  });

  it('pumps can be created, updated and deleted, with validated input', async () => {
    const { call } = await testCore();
    const p = await call<PumpRecord>('curves.pumps.save', { id: 'P9', name: 'Spare', ratedSpeedRpm: 2900, manufacturerPoints: [{ flowM3h: 0, headM: 40 }, { flowM3h: 100, headM: 30, efficiency: 0.7 }], guarantee: { flowM3h: 100, headM: 30, efficiency: 0.7 }, grade: '1B' });
    expect(p.grade).toBe('1B');
    await expect(call('curves.pumps.save', { id: 'P9', name: 'Spare', ratedSpeedRpm: 2900, manufacturerPoints: [{ flowM3h: 10, efficiency: 70 }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await call<{ deleted: boolean }>('curves.pumps.delete', { id: 'P9' })).deleted).toBe(true);
    expect((await call<{ deleted: boolean }>('curves.pumps.delete', { id: 'P9' })).deleted).toBe(false);
  });
});
