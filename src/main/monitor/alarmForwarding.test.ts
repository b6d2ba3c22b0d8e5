import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm } from '#shared/rpc/domains/monitor';
import { createTestCore, type TestCore } from '../core/testing/testCore';
import { AlarmForwarder, type AlarmEventMessage, type AlarmForwardRequest } from './alarmForwarding';
import { demoFrame, sleep } from './testing';

const cores: TestCore[] = [];
const servers: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.core.close()));
  for (const s of servers.splice(0)) await s.stop();
});

const until = async <T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 6000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
};

/** A real TCP receiver (e.g. a SCADA alarm gateway) reading NDJSON, as the TCP target sends JSON. */
function ndjsonServer(port = 0): Promise<{ stop(): Promise<void>; port: number; received: AlarmEventMessage[] }> {
  const received: AlarmEventMessage[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) received.push(JSON.parse(line) as AlarmEventMessage);
      }
    });
    socket.on('error', () => {});
  });
  // Stops listening and drops connections (net.Server.close alone waits for them).
  const stop = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  servers.push({ stop });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ stop, port: (server.address() as net.AddressInfo).port, received })));
}

function alarm(over: Partial<Alarm> = {}): Alarm {
  return { id: 'a1', ruleId: 'r1', name: 'Hot', kind: 'high', severity: 'major', state: 'active', acknowledged: false, escalated: false, raisedAt: 1000, message: 'motor_temp = 92 (> 90)', ...over };
}

describe('AlarmForwarder', () => {
  it('tells transitions apart and applies the severity and transition filters', () => {
    const out: AlarmForwardRequest[] = [];
    const f = new AlarmForwarder((r) => out.push(r), { rule: () => undefined, unit: () => undefined, meta: () => ({ project: 'P', station: 'S' }) }, () => 5000);
    f.settings = { enabled: true, targetIds: ['t1', 't2'], minSeverity: 'major', transitions: ['raised', 'cleared', 'acknowledged', 'escalated'] };
    f.onChanged([alarm()]);
    f.onChanged([alarm({ acknowledged: true, ackedAt: 2000, ackedBy: 'op', ackComment: 'seen' })]);
    f.onChanged([alarm({ acknowledged: true, state: 'cleared', clearedAt: 3000 })]);
    f.onChanged([alarm({ id: 'a2', severity: 'minor' })]); // below minimum
    f.onChanged([alarm({ id: 'a2', severity: 'major', escalated: true })]); // escalated into range
    expect(out.map((r) => `${r.messageId}@${r.message.time}`)).toEqual(['a1:raised@1000', 'a1:acknowledged@2000', 'a1:cleared@3000', 'a2:escalated@5000']);
    expect(out[0]!.targetIds).toEqual(['t1', 't2']);
    expect(out[0]!.message).toMatchObject({ format: 'swb.alarm-event', v: 1, project: 'P', station: 'S', timeIso: '1970-01-01T00:00:01.000Z' });
    expect(f.stats).toMatchObject({ forwarded: 4, filtered: 1 });
    // Alarms open when the project opened are not raised again.
    f.remember([alarm({ id: 'old' })]);
    f.onChanged([alarm({ id: 'old', state: 'cleared', clearedAt: 9 })]);
    expect(out.at(-1)!.messageId).toBe('old:cleared');
    f.settings = { ...f.settings, enabled: false };
    f.onChanged([alarm({ id: 'new' })]);
    expect(out).toHaveLength(5);
  });
});

describe('alarm forwarding through gateway targets', () => {
  it('a rule that fires in the core reaches a real TCP target as alarm events (raised, acknowledged, cleared), retried across an outage', async () => {
    const tc = await createTestCore({ prefix: 'alarmfwd' });
    cores.push(tc);
    const { core, call } = tc;
    const rx = await ndjsonServer();
    await call('gateway.targets.save', { target: { id: 'scada-tcp', name: 'SCADA alarms', kind: 'tcp', host: '127.0.0.1', port: rx.port, retry: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 5 }, breaker: { failureThreshold: 1000, cooldownMs: 100 } } });
    await call('monitor.alarmRules.create', { id: 'pump_hot', name: 'Pump hot', kind: 'high', severity: 'major', channelId: 'motor_temp', threshold: 90, deadband: 2 });
    await call('monitor.alarmRules.create', { id: 'bearing_warm', name: 'Bearing warm', kind: 'high', severity: 'minor', channelId: 'bearing_temp', threshold: 50 });

    await expect(call('monitor.alarmForwarding.set', { enabled: true, targetIds: ['nope'] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("targetIds.0: target 'nope' does not exist") });
    await expect(call('monitor.alarmForwarding.set', { enabled: true, targetIds: [] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('at least one target') });
    await expect(call('monitor.alarmForwarding.set', { minSeverity: 'urgent' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('minSeverity') });
    const set = await call<{ settings: { enabled: boolean; targetIds: string[] } }>('monitor.alarmForwarding.set', { enabled: true, targetIds: ['scada-tcp'], minSeverity: 'major', transitions: ['raised', 'cleared', 'acknowledged'] });
    expect(set.settings).toMatchObject({ enabled: true, targetIds: ['scada-tcp'] });
    const audit = await call<{ events: Array<{ type: string; data: { changed: Record<string, unknown> } }> }>('events.query', { type: 'config.monitor.alarmForwarding' });
    expect(audit.events[0]!.data.changed).toHaveProperty('targetIds');

    core.bus.publish('gateway.decoded', demoFrame({ motor_temp: 92, bearing_temp: 55 }));
    const raised = await until(() => rx.received.find((m) => m.alarm.ruleId === 'pump_hot' && m.transition === 'raised'));
    expect(raised).toMatchObject({ format: 'swb.alarm-event', v: 1, eventId: `${raised.alarm.id}:raised`, alarm: { name: 'Pump hot', severity: 'major', state: 'active', value: 92 }, rule: { id: 'pump_hot', kind: 'high', channelId: 'motor_temp', unit: '°C', threshold: 90, deadband: 2 } });
    expect(raised.project).toMatch(/Demo/);

    await call('monitor.alarms.ack', { ids: [raised.alarm.id], comment: 'fan restarted' });
    const acked = await until(() => rx.received.find((m) => m.eventId === `${raised.alarm.id}:acknowledged`));
    expect(acked.alarm).toMatchObject({ acknowledged: true, ackComment: 'fan restarted', ackedBy: 'test' });

    // The receiver goes down; the clear waits in the target's queue and is delivered once it is back.
    const port = rx.port;
    await rx.stop();
    core.bus.publish('gateway.decoded', demoFrame({ motor_temp: 70, bearing_temp: 40 }));
    const failing = await until(async () => {
      const st = await call<{ targets: Array<{ id: string; failures: number; queueDepth: number }> }>('gateway.status');
      const t = st.targets.find((x) => x.id === 'scada-tcp');
      return t && t.failures > 0 && t.queueDepth > 0 ? t : undefined;
    });
    expect(failing.queueDepth).toBe(1);
    const rx2 = await ndjsonServer(port);
    const cleared = await until(() => [...rx.received, ...rx2.received].find((m) => m.eventId === `${raised.alarm.id}:cleared`), 8000);
    expect(cleared.alarm).toMatchObject({ state: 'cleared', acknowledged: true });

    // Minor alarms were filtered; nothing from them went out. The target counted the deliveries.
    expect([...rx.received, ...rx2.received].some((m) => m.alarm.ruleId === 'bearing_warm')).toBe(false);
    const fwd = await call<{ stats: { forwarded: number; filtered: number; unknownTargets: string[] } }>('monitor.alarmForwarding.get');
    expect(fwd.stats.forwarded).toBeGreaterThanOrEqual(3);
    expect(fwd.stats.filtered).toBeGreaterThanOrEqual(1);
    expect(fwd.stats.unknownTargets).toEqual([]);
    const status = await call<{ targets: Array<{ id: string; delivered: number; enqueued: number }> }>('gateway.status');
    expect(status.targets.find((t) => t.id === 'scada-tcp')!.delivered).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('a test event checks the link: marked test, info severity, sent whatever the filters, audited; unknown targets refused', async () => {
    const tc = await createTestCore({ prefix: 'alarmfwd-test' });
    cores.push(tc);
    const { call } = tc;
    const rx = await ndjsonServer();
    await call('gateway.targets.save', { target: { id: 'scada-tcp', name: 'SCADA alarms', kind: 'tcp', host: '127.0.0.1', port: rx.port } });
    // Nothing configured yet and no targets given: refused with the reason.
    await expect(call('monitor.alarmForwarding.test', {})).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('at least one target') });
    await expect(call('monitor.alarmForwarding.test', { targetIds: ['ghost'] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("target 'ghost' does not exist") });
    // Forwarding is off and set to critical only; the test event goes anyway.
    await call('monitor.alarmForwarding.set', { minSeverity: 'critical' });
    const sent = await call<{ eventId: string; targetIds: string[] }>('monitor.alarmForwarding.test', { targetIds: ['scada-tcp'] });
    expect(sent.targetIds).toEqual(['scada-tcp']);
    const got = await until(() => rx.received.find((m) => m.eventId === sent.eventId));
    expect(got).toMatchObject({ format: 'swb.alarm-event', transition: 'raised', test: true, alarm: { severity: 'info', name: 'Test alarm event' } });
    const audit = await call<{ events: Array<{ data: { eventId: string } }> }>('events.query', { type: 'config.monitor.alarmForwarding.tested' });
    expect(audit.events[0]!.data.eventId).toBe(sent.eventId);
    await rx.stop();
  }, 30_000);
});
