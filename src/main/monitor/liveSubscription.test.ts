import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '#shared/rpc/client';
import type { LiveBatch } from '#shared/rpc/domains/monitor';
import { createMemoryTransportPair } from '#shared/rpc/transport';
import { createTestCore, type TestCore } from '../core/testing/testCore';
import { demoFrame, sleep } from './testing';

const cores: TestCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.core.close()));
});

/** A demo core and an RpcClient attached to it the way a window is (same dispatcher, JSON transport). */
async function windowOnCore() {
  const tc = await createTestCore({ prefix: 'live' });
  cores.push(tc);
  const [serverSide, clientSide] = createMemoryTransportPair();
  tc.core.rpc.attach(serverSide, 'test-window');
  return { ...tc, client: new RpcClient(clientSide) };
}

const ids = (batches: LiveBatch[]) => [...new Set(batches.flatMap((b) => b.channels.map((c) => c.id)))].sort();
const samples = (batches: LiveBatch[], id: string) => batches.flatMap((b) => b.channels.filter((c) => c.id === id)).reduce((n, c) => n + c.times.length, 0);

describe('monitor.live subscriptions by channel set', () => {
  it('sends each subscription only the channels of its set, nothing for an empty set, everything without params', async () => {
    const { core, client } = await windowOnCore();
    const flow: LiveBatch[] = [];
    const pair: LiveBatch[] = [];
    const nothing: LiveBatch[] = [];
    const everything: LiveBatch[] = [];
    client.subscribe('monitor.live', (b) => flow.push(b), { params: { channelIds: ['flow_rate'] } });
    client.subscribe('monitor.live', (b) => pair.push(b), { params: { channelIds: ['motor_temp', 'pump_head'] } });
    client.subscribe('monitor.live', (b) => nothing.push(b), { params: { channelIds: [] } });
    client.subscribe('monitor.live', (b) => everything.push(b));
    await sleep(20);
    const t0 = Date.now() - 5000;
    for (let i = 0; i < 50; i++) core.bus.publish('gateway.decoded', demoFrame({ flow_rate: 300 + i }, t0 + i * 20));
    await sleep(450);
    expect(ids(flow)).toEqual(['flow_rate']);
    expect(samples(flow, 'flow_rate')).toBe(50);
    expect(ids(pair)).toEqual(['motor_temp', 'pump_head']);
    expect(samples(pair, 'pump_head')).toBe(50);
    expect(nothing).toEqual([]);
    expect(ids(everything)).toEqual(expect.arrayContaining(['flow_rate', 'motor_temp', 'pump_head', 'bearing_temp']));
    expect(ids(everything).length).toBeGreaterThan(10);
  });

  it('sends nothing when none of the set changed, and follows a params update', async () => {
    const { core, client } = await windowOnCore();
    // A channel of another source: the demo frames never touch it.
    await client.call('monitor.channels.create', { id: 'other_level', name: 'Other level', binding: { kind: 'field', sourceId: 'other-rtu', fieldPath: 'level' } });
    const got: LiveBatch[] = [];
    const sub = client.subscribe('monitor.live', (b) => got.push(b), { params: { channelIds: ['other_level'] } });
    await sleep(20);
    for (let i = 0; i < 20; i++) core.bus.publish('gateway.decoded', demoFrame({ flow_rate: i }));
    await sleep(350);
    expect(got).toEqual([]);
    const ticks = (await client.call('monitor.pipeline.stats', {})).liveTicks;
    expect(ticks).toBeGreaterThan(0); // the core did publish; the filter held it back
    sub.update({ channelIds: ['other_level', 'flow_rate'] });
    await sleep(20);
    core.bus.publish('gateway.decoded', { ...demoFrame(), sourceId: 'other-rtu', fields: { level: 3.5 } });
    core.bus.publish('gateway.decoded', demoFrame({ flow_rate: 42 }));
    await sleep(300);
    expect(ids(got)).toEqual(['flow_rate', 'other_level']);
    expect(got.flatMap((b) => b.channels.find((c) => c.id === 'other_level')?.values ?? [])).toEqual([3.5]);
  });

  it('refuses an unknown-shaped subscription with a validation error naming the field', async () => {
    const { client } = await windowOnCore();
    const errors: Array<{ code: string; message: string }> = [];
    client.subscribe('monitor.live', () => {}, { params: { channelIds: ['ok', 'white space'] }, onError: (e) => errors.push(e) });
    await sleep(30);
    expect(errors).toEqual([expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('channelIds.1') })]);
  });
});
