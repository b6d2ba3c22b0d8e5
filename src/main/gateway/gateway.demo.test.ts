import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../core/createCore';
import { gatewayTestCore, waitFor } from './testCore';
import type { GatewayStatus } from '#shared/rpc/domains/gateway';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

describe('demo station gateway', () => {
  it('seeds a UDP source, rule and store target, starts the simulator, and data lands in the project', async () => {
    const { core, call } = await gatewayTestCore({ startServices: true });
    cores.push(core);
    const cfg = await call('gateway.config.get');
    expect(cfg.config.sources[0].kind).toBe('udp');
    expect(cfg.config.sources[0].port).toBeGreaterThan(0);
    const status = await waitFor(async () => {
      const s = await call<GatewayStatus>('gateway.status');
      return s.sources[0]!.decoded >= 3 && s.targets[0]!.delivered >= 3 ? s : undefined;
    }, 5000, 'simulated frames to be decoded and stored');
    expect(status.sources[0]!.state).toBe('running');
    expect(status.sources[0]!.recvBufferBytes).toBeGreaterThanOrEqual(1024 * 1024);
    expect(status.simulator.running).toBe(true);
    const rows = await core.ctx.store.query<{ payload: string }>('SELECT payload FROM gateway_store_messages LIMIT 1');
    const doc = JSON.parse(rows[0]!.payload);
    expect(doc.fields.flow_rate).toBeGreaterThan(100);
    expect(doc.fields.head_m).toBeGreaterThan(10);
    expect(doc.id).toMatch(/.+/);
    const frames = await call('gateway.sources.frames', { id: 'rtu-udp', limit: 5 });
    expect(frames[0].hex).toMatch(/^AA55/i);
    const bar = await core.statusSnapshot();
    expect(bar.listeners).toEqual({ running: 1, total: 1 });
  });

  it('does not start sources or the simulator when services are not allowed', async () => {
    const { core, call } = await gatewayTestCore({ startServices: false });
    cores.push(core);
    const s = await call<GatewayStatus>('gateway.status');
    expect(s.sources[0]!.state).toBe('stopped');
    expect(s.simulator.running).toBe(false);
  });
});
