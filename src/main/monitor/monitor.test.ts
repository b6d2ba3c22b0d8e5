import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveBatch } from '#shared/rpc/domains/monitor';
import { createCore, type Core } from '../core/createCore';
import { defaultResourcesDir } from '../core/paths';
import { StoreEngine } from '../store/engine';
import { InProcessComputePool } from '../workers/inProcessPool';
import { demoFrame } from './testing';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

/** An in-process core on a fresh demo project (the monitor domain seeds channels, rules and a dashboard). */
async function demoCore() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-monitor-'));
  const core = await createCore({ host: 'test', dataDir, resourcesDir: defaultResourcesDir(), store: new StoreEngine(), pool: new InProcessComputePool(), validateOutput: true, startServices: false, statusIntervalMs: 60_000 });
  cores.push(core);
  const call = async <T = never>(method: string, params: unknown = {}): Promise<T> => {
    const r = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'test' });
    if (!r.ok) throw r.error;
    return r.result as T;
  };
  return { core, call, dataDir };
}

const frame = demoFrame;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('monitor domain through the event bus', () => {
  it('binds decoded messages to channels, stores them, streams live batches at ≤ 10/s and answers range/stats/csv', async () => {
    const { core, call } = await demoCore();
    const channels = await call<Array<{ id: string }>>('monitor.channels.list');
    expect(channels.map((c) => c.id)).toContain('flow_rate');
    expect(channels.map((c) => c.id)).toContain('pump_head');
    const batches: LiveBatch[] = [];
    const off = core.bus.subscribe('monitor.live', (b) => batches.push(b as LiveBatch));
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 200; i++) core.bus.publish('gateway.decoded', frame({ flow_rate: 300 + i, status: { pump_running: i % 2 === 0, pump_fault: false } }, t0 + i * 50));
    const started = Date.now();
    await sleep(700);
    off();
    const elapsed = Date.now() - started;
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    const flow = batches.flatMap((b) => b.channels.filter((c) => c.id === 'flow_rate'));
    expect(flow.reduce((n, c) => n + c.times.length, 0)).toBe(200);
    const latest = await call<Array<{ channelId: string; v: number }>>('monitor.series.latest', { channelIds: ['flow_rate', 'pump_head', 'pump_running'] });
    expect(latest.find((l) => l.channelId === 'flow_rate')?.v).toBe(499);
    expect(latest.find((l) => l.channelId === 'pump_head')?.v).toBeCloseTo((4.2 - 0.8) * 10.197, 9);
    expect(latest.find((l) => l.channelId === 'pump_running')?.v).toBe(0);
    const range = await call<{ resolution: string; series: Array<{ times: number[]; values: number[] }> }>('monitor.series.range', { channelIds: ['flow_rate'], from: t0, to: t0 + 20_000, maxPoints: 50 });
    expect(range.resolution).toBe('raw');
    expect(range.series[0]!.times.length).toBeLessThanOrEqual(50);
    const stats = await call<{ count: number; min: number; max: number; p50: number }>('monitor.series.stats', { channelId: 'flow_rate', from: t0, to: t0 + 20_000 });
    expect(stats).toMatchObject({ count: 200, min: 300, max: 499 });
    expect(stats.p50).toBeCloseTo(399.5, 9);
    const csv = await call<{ csv: string; rows: number }>('monitor.series.exportCsv', { channelIds: ['flow_rate', 'motor_temp'], from: t0, to: t0 + 20_000 });
    expect(csv.rows).toBe(200);
    const lines = csv.csv.trim().split('\r\n');
    expect(lines[0]).toBe('time_iso,time_ms,flow_rate [m3/h],motor_temp [°C]');
    expect(lines[1]).toBe(`${new Date(t0).toISOString()},${t0},300,65`);
    const pipeline = await call<{ samplesWritten: number; messagesIn: number }>('monitor.pipeline.stats');
    expect(pipeline.messagesIn).toBe(200);
    // The source is a device.
    const devices = await call<Array<{ id: string; origin: string; status: string }>>('monitor.devices.list');
    expect(devices.find((d) => d.id === 'rtu-udp')).toMatchObject({ origin: 'source' });
  });

  it('bad input gets clear errors and bad messages never stop the pipeline', async () => {
    const { core, call } = await demoCore();
    core.bus.publish('gateway.decoded', null);
    core.bus.publish('gateway.decoded', { sourceId: 'rtu-udp', fields: 'nope' });
    core.bus.publish('gateway.decoded', frame({ flow_rate: 'high' }));
    await expect(call('monitor.channels.create', { id: 'x', name: 'X', binding: { kind: 'expression', sourceId: 'rtu-udp', expression: 'flow_rate +' } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("Channel 'x'") });
    await expect(call('monitor.channels.create', { id: '9bad', name: 'X', binding: { kind: 'field', sourceId: 's', fieldPath: 'a' } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('monitor.channels.create', { id: 'flow_rate', name: 'dup', binding: { kind: 'field', sourceId: 's', fieldPath: 'a' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('monitor.series.range', { channelIds: ['nope'], from: 0, to: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("'nope'") });
    await expect(call('monitor.alarmRules.create', { name: 'bad', kind: 'high', channelId: 'flow_rate' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('threshold') });
    await expect(call('monitor.dashboards.save', { name: 'd', panels: [{ id: 'a', kind: 'timeChart', channelIds: ['ghost'] }] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("'ghost'") });
    const channels = await call<Array<{ id: string; lastError?: string }>>('monitor.channels.list');
    expect(channels.find((c) => c.id === 'flow_rate')?.lastError).toContain('not numeric');
    core.bus.publish('gateway.decoded', frame({ flow_rate: 10 }));
    await until(async () => (await call<Array<{ channelId: string; v: number }>>('monitor.series.latest', { channelIds: ['flow_rate'] }))[0]?.v === 10);
  });

  it('an injected fault raises an alarm, which is acknowledged with a comment and clears; history keeps it', async () => {
    const { core, call } = await demoCore();
    await call('monitor.alarmRules.update', { id: 'motor_temp_high', onDelayMs: 0, offDelayMs: 0 });
    const alarmEvents: unknown[] = [];
    core.bus.subscribe('monitor.alarms', (p) => alarmEvents.push(p));
    core.bus.publish('gateway.decoded', frame({ motor_temp: 101 }));
    const raised = await until(async () => (await call<Array<{ id: string; ruleId: string; state: string }>>('monitor.alarms.active')).find((a) => a.ruleId === 'motor_temp_high'));
    expect(raised.state).toBe('active');
    expect((await call<{ alarms: { active: number; unacknowledged: number } }>('app.status')).alarms.active).toBeGreaterThanOrEqual(1);
    expect(await call('monitor.alarms.ack', { ids: [raised.id], comment: 'fan restarted' })).toEqual({ acknowledged: 1 });
    core.bus.publish('gateway.decoded', frame({ motor_temp: 70 }));
    await until(async () => !(await call<Array<{ id: string }>>('monitor.alarms.active')).some((a) => a.id === raised.id));
    const history = await call<Array<{ id: string; state: string; acknowledged: boolean; ackComment: string }>>('monitor.alarms.history', { ruleId: 'motor_temp_high' });
    expect(history[0]).toMatchObject({ id: raised.id, state: 'cleared', acknowledged: true, ackComment: 'fan restarted' });
    expect(alarmEvents.length).toBeGreaterThan(0);
  });

  it('maintenance mode suppresses rules that allow it', async () => {
    const { core, call } = await demoCore();
    await call('monitor.alarmRules.update', { id: 'motor_temp_high', onDelayMs: 0 });
    await call('monitor.maintenance.set', { enabled: true, reason: 'bearing change' });
    core.bus.publish('gateway.decoded', frame({ motor_temp: 120 }));
    await sleep(600);
    expect((await call<Array<{ ruleId: string }>>('monitor.alarms.active')).some((a) => a.ruleId === 'motor_temp_high')).toBe(false);
    await call('monitor.maintenance.set', { enabled: false });
    core.bus.publish('gateway.decoded', frame({ motor_temp: 120 }));
    await until(async () => (await call<Array<{ ruleId: string }>>('monitor.alarms.active')).some((a) => a.ruleId === 'motor_temp_high'));
  });

  it('a device announcing itself over real UDP and HTTP goes online, then stale and offline when heartbeats stop, raising the offline alarm', async () => {
    const { call } = await demoCore();
    const { listeners } = await call<{ listeners: { udp: { port: number }; http: { port: number } } }>('monitor.devices.setSettings', { udpPort: 0, httpPort: 0, staleAfterMs: 500, offlineAfterMs: 1000 });
    expect(listeners.udp.port).toBeGreaterThan(0);
    const socket = createSocket('udp4');
    const hb = JSON.stringify({ v: 1, deviceId: 'collector-1', name: 'Collector 1', kind: 'collector', firmware: '2.4.1', uptimeS: 3600, metrics: { cpu_pct: 12.5, queue_depth: 3 } });
    await new Promise<void>((r) => socket.send(hb, listeners.udp.port, '127.0.0.1', () => r()));
    const dev = await until(async () => (await call<Array<{ id: string; status: string; metrics: Record<string, number> }>>('monitor.devices.list')).find((d) => d.id === 'collector-1'));
    expect(dev).toMatchObject({ status: 'online', metrics: { cpu_pct: 12.5 } });
    const detail = await call<{ device: { firmware: string }; heartbeats: unknown[] }>('monitor.devices.get', { id: 'collector-1' });
    expect(detail.device.firmware).toBe('2.4.1');
    expect(detail.heartbeats).toHaveLength(1);
    // HTTP: good heartbeat 204, bad one 400 naming the field.
    const url = `http://127.0.0.1:${listeners.http.port}/heartbeat`;
    expect((await fetch(url, { method: 'POST', body: JSON.stringify({ v: 1, deviceId: 'plc-2' }) })).status).toBe(204);
    const bad = await fetch(url, { method: 'POST', body: JSON.stringify({ v: 1, deviceId: 'plc 2!' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('deviceId');
    socket.close();
    await until(async () => (await call<Array<{ id: string; status: string }>>('monitor.devices.list')).find((d) => d.id === 'collector-1' && d.status === 'offline'), 4000);
    const active = await until(async () => (await call<Array<{ ruleId: string; message: string }>>('monitor.alarms.active')).find((a) => a.ruleId === 'device_offline'), 3000);
    expect(active.message).toContain('collector-1');
  });

  it('a recording becomes a dataset in the shared datasets tables', async () => {
    const { core, call } = await demoCore();
    const rec = await call<{ id: string; state: string }>('monitor.recordings.start', { name: 'Step test', channelIds: ['flow_rate', 'pump_head'] });
    expect(rec.state).toBe('recording');
    const now = Date.now();
    for (let i = 0; i < 20; i++) core.bus.publish('gateway.decoded', frame({ flow_rate: 100 + i }, now + i * 10));
    await sleep(300);
    const stopped = await call<{ state: string; datasetId: string; rowCount: number }>('monitor.recordings.stop', { id: rec.id });
    expect(stopped).toMatchObject({ state: 'stopped', rowCount: 20 });
    const ds = await core.ctx.store.query<{ name: string; row_count: number; columns_json: string; source: string }>('SELECT * FROM datasets WHERE id = ?', [stopped.datasetId]);
    expect(ds[0]).toMatchObject({ name: 'Step test', row_count: 20, source: 'recording' });
    expect((JSON.parse(ds[0]!.columns_json) as Array<{ key: string }>).map((c) => c.key)).toEqual(['time', 'flow_rate', 'pump_head']);
    const rows = await core.ctx.store.query<{ values_json: string }>('SELECT values_json FROM dataset_rows WHERE dataset_id = ? ORDER BY row_index', [stopped.datasetId]);
    expect(JSON.parse(rows[0]!.values_json)).toEqual([now, 100, expect.closeTo(34.6698, 3)]);
    await expect(call('monitor.recordings.stop', { id: rec.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('dashboards are saved per project and survive reopening', async () => {
    const { core, call, dataDir } = await demoCore();
    const dashboards = await call<Array<{ id: string; panels: unknown[] }>>('monitor.dashboards.list');
    expect(dashboards[0]?.panels.length).toBeGreaterThan(4);
    const saved = await call<{ id: string }>('monitor.dashboards.save', { name: 'Mine', panels: [{ id: 'a', kind: 'gauge', channelIds: ['motor_temp'] }] });
    const file = path.join(dataDir, 'copy.swb');
    await core.saveProjectAs(file);
    await core.openProject(file);
    const after = await call<Array<{ id: string; name: string }>>('monitor.dashboards.list');
    expect(after.find((d) => d.id === saved.id)?.name).toBe('Mine');
  });
});
