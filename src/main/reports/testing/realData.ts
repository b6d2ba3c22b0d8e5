import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportPreview, ImportResult, DatasetDetail } from '#shared/rpc/domains/data';
import type { IsoResultJson, SavedFitSummary, PumpRecord } from '#shared/rpc/domains/curves';
import type { OptimizationRun, StationSummary } from '#shared/rpc/domains/optimize';
import type { Alarm, AlarmRule } from '#shared/rpc/domains/monitor';
import type { Core } from '../../core/createCore';
import { demoFrame } from '../../monitor/testing';

type Call = <T>(method: string, params: unknown) => Promise<T>;

/** What `seedRealData` created, read back through the contract, for tests to compare against. */
export interface RealData {
  dataset: DatasetDetail;
  importResult: ImportResult;
  headFit: SavedFitSummary;
  efficiencyFit: SavedFitSummary;
  powerFit: SavedFitSummary;
  pump: PumpRecord;
  iso: IsoResultJson;
  station: StationSummary;
  demand: OptimizationRun;
  schedule: OptimizationRun;
  pareto: OptimizationRun;
  table: OptimizationRun;
  alarms: Alarm[];
}

const frame = (fields: Record<string, unknown>, receivedAt: number) => demoFrame(fields, receivedAt);

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Fills a demo project with real data, every step through the owning area's contract as a user
 * would: a messy pump-test CSV imported and cleaned, H-Q / η-Q / P-Q fits saved to pump P1 with a
 * guarantee point, an optimization demand, Pareto, operating table and 24-hour schedule on the
 * demo station, and alarms raised by telemetry through the monitor's rules (some acknowledged).
 */
export async function seedRealData(core: Core, call: Call, resourcesDir: string): Promise<RealData> {
  // --- data: import the messy log, then clean it (outliers out, duplicates out) ---
  const file = path.join(resourcesDir, 'demo', 'data', 'pump-p1-test-2025-01-14-messy.csv');
  const preview = await call<ImportPreview>('data.import.preview', { source: { kind: 'path', path: file } });
  const mappings = preview.columns.map((c) => ({
    sourceIndex: c.index,
    include: true,
    key: '',
    name: c.header.replace(/\s*\[[^\]]*\]\s*$/, ''),
    quantity: c.quantity,
    unit: c.unit,
    ...(c.timeFormat ? { timeFormat: c.timeFormat } : {}),
  }));
  const importResult = await call<ImportResult>('data.import.run', { importId: 'report-real', source: { kind: 'path', path: file }, name: 'P1 site test (cleaned)', options: preview.options, mappings, zone: 'utc' });
  const id = importResult.datasetId;
  await call('data.clean.apply', { id, step: { kind: 'remove-outliers', columns: ['flow', 'power'], method: 'hampel', action: 'exclude' } });
  await call('data.clean.apply', { id, step: { kind: 'remove-duplicates' } });
  await call('data.clean.apply', { id, step: { kind: 'fill-gaps', columns: ['power'], method: 'linear' } });
  const dataset = (await call<{ dataset: DatasetDetail }>('data.datasets.get', { id, offset: 0, limit: 1 })).dataset;
  const key = (q: string) => dataset.columns.find((c) => c.quantity === q)!.key;

  // --- curves: fit and save H-Q, η-Q, P-Q to P1; guarantee point near the measured curve ---
  const save = (curveKind: string, yColumn: string, name: string) =>
    call<SavedFitSummary>('curves.fits.save', { pumpId: 'P1', curveKind, datasetId: id, xColumn: key('flow'), yColumn, model: { kind: 'library', name } });
  const headFit = await save('head', key('head'), 'pump-head-poly2');
  const efficiencyFit = await save('efficiency', key('efficiency'), 'pump-efficiency-poly2-origin');
  const powerFit = await save('power', key('power'), 'power-poly2');
  const h = (q: number) => headFit.parameters.reduce((s, p, i) => s + (p.value ?? 0) * q ** i, 0);
  const eta = (q: number) => efficiencyFit.parameters.reduce((s, p, i) => s + (p.value ?? 0) * q ** (i + 1), 0); // a·Q + b·Q²
  const qG = Math.round((headFit.flowRangeM3h[0] + headFit.flowRangeM3h[1]) / 2);
  const pumps = (await call<{ pumps: PumpRecord[] }>('curves.pumps.list', {})).pumps;
  const p1 = pumps.find((p) => p.id === 'P1')!;
  const pump = await call<PumpRecord>('curves.pumps.save', {
    id: 'P1',
    name: p1.name,
    ratedSpeedRpm: p1.ratedSpeedRpm,
    manufacturerPoints: p1.manufacturerPoints,
    // Guarantee near the measured curve: head 1 % below it, efficiency 2 % above (both within grade 2B).
    guarantee: { flowM3h: qG, headM: Math.round(h(qG) * 0.99 * 10) / 10, efficiency: Math.round(eta(qG) * 1.02 * 1000) / 1000 },
    grade: '2B',
    notes: p1.notes,
  });
  const iso = await call<IsoResultJson>('curves.iso9906.check', { pumpId: 'P1', head: { fitId: headFit.id }, efficiency: { fitId: efficiencyFit.id }, power: { fitId: powerFit.id } });

  // --- optimize: demand, Pareto, operating table, schedule on the demo station ---
  const station = (await call<{ stations: StationSummary[] }>('optimize.stations.list', {})).stations[0]!;
  const demand = await call<OptimizationRun>('optimize.demand.run', { stationId: station.id, demandM3h: 420 });
  const pareto = await call<OptimizationRun>('optimize.pareto.run', { stationId: station.id, demandM3h: 420, settings: { population: 30, generations: 30 } });
  const table = await call<OptimizationRun>('optimize.table.run', { stationId: station.id, fromM3h: 100, toM3h: 600, count: 6 });
  const plan = JSON.parse(readFileSync(path.join(resourcesDir, 'demo', 'plan.json'), 'utf8')) as Record<string, unknown>;
  const schedule = await call<OptimizationRun>('optimize.schedule.run', { stationId: station.id, plan });

  // --- monitor: telemetry through the rules raises alarms; some are acknowledged ---
  // Rule edits send the whole rule: a partial update currently resets fields that have defaults
  // (severity, deadband, deviceId ...; reported to the monitor area).
  const rules = await call<AlarmRule[]>('monitor.alarmRules.list', {});
  const edit = async (id: string, change: Partial<AlarmRule>) => {
    const { createdAt: _c, updatedAt: _u, shelvedUntil: _s, ...config } = rules.find((x) => x.id === id)!;
    await call('monitor.alarmRules.update', { ...config, ...change });
  };
  // No on/off delays, so each injected sample acts at once.
  for (const id of ['motor_temp_high', 'motor_temp_hh', 'suction_low']) await edit(id, { onDelayMs: 0, offDelayMs: 0 });
  // Samples are injected one by one, not streamed: the stale-telemetry and device-offline
  // supervision would trip in the quiet between them (at a time that depends on the test's pace),
  // so they are switched off, as on a test bench without a live RTU.
  for (const id of ['stale_data', 'device_offline']) await edit(id, { enabled: false });
  const hist = () => call<Alarm[]>('monitor.alarms.history', { limit: 5000 });
  const countOf = async (ruleId: string) => (await hist()).filter((a) => a.ruleId === ruleId).length;
  // Samples carry the current time: the stale-data rule (which suppresses the others) watches their age.
  const send = (fields: Record<string, unknown>) => core.bus.publish('gateway.decoded', frame(fields, Date.now()));
  const raise = async (fields: Record<string, unknown>, ruleIds: string[]) => {
    const before = await Promise.all(ruleIds.map(countOf));
    send(fields);
    for (const [i, id] of ruleIds.entries()) await until(async () => ((await countOf(id)) > before[i]! ? true : undefined), `an alarm of ${id}`);
  };
  const clear = async (fields: Record<string, unknown>, ruleIds: string[]) => {
    send(fields);
    await until(async () => ((await hist()).some((a) => ruleIds.includes(a.ruleId) && a.state === 'active') ? undefined : true), `${ruleIds.join(', ')} to clear`);
  };
  for (let i = 0; i < 3; i++) {
    await raise({ motor_temp: 101 }, ['motor_temp_high']);
    await clear({ motor_temp: 70 }, ['motor_temp_high']);
  }
  await raise({ motor_temp: 115 }, ['motor_temp_high', 'motor_temp_hh']); // high and high-high together
  await clear({ motor_temp: 70 }, ['motor_temp_high', 'motor_temp_hh']);
  await raise({ suction_pressure: 0.01 }, ['suction_low']); // left active
  const history = await call<Alarm[]>('monitor.alarms.history', { limit: 5000 });
  const high = history.filter((a) => a.ruleId === 'motor_temp_high').map((a) => a.id);
  await call('monitor.alarms.ack', { ids: high.slice(0, 2), comment: 'cooling fan restarted' });
  const alarms = await call<Alarm[]>('monitor.alarms.history', { limit: 5000 });

  return { dataset, importResult, headFit, efficiencyFit, powerFit, pump, iso, station, demand, schedule, pareto, table, alarms };
}
