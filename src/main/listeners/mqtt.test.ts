import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { referenceVariations } from '#shared/frame/testing/referenceFrame';
import type { GatewayStatus } from '#shared/rpc/domains/gateway';
import { gatewayTestCore, waitFor } from '../gateway/testCore';

const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto || ls /usr/sbin/mosquitto'], { encoding: 'utf8' }).stdout.trim();
let broker: ChildProcess | undefined;
let port = 0;

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  if (!hasMosquitto) return;
  port = await freeTcpPort();
  broker = spawn(hasMosquitto.split('\n')[0]!, ['-p', String(port)], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<boolean>((r) => {
        const s = net.connect(port, '127.0.0.1');
        s.on('connect', () => (s.destroy(), r(true)));
        s.on('error', () => r(false));
      }),
    5000,
    'mosquitto to listen',
  );
});
afterAll(() => {
  broker?.kill();
});

describe.skipIf(!hasMosquitto)('MQTT against a real mosquitto broker', () => {
  it('the MQTT source decodes published frames and the MQTT target publishes routed messages (QoS 1)', async () => {
    const { core, call } = await gatewayTestCore({ startServices: true });
    try {
      await call('project.new', { path: path.join(mkdtempSync(path.join(os.tmpdir(), 'swb-mq-')), 'm.swb') });
      const url = `mqtt://127.0.0.1:${port}`;
      await call('gateway.targets.save', { target: { id: 'bus', kind: 'mqtt', url, topic: 'out/{sourceId}', qos: 1 } });
      await call('gateway.sources.save', { source: { id: 'mq', kind: 'mqtt', url, topics: ['station/+/telemetry'], schemaId: 'pump-telemetry' } });
      await call('gateway.rules.save', { rules: [{ id: 'r', priority: 1, actions: { targets: ['bus'], transforms: [{ kind: 'select', fields: ['seq'] }] } }] });
      await waitFor(async () => (await call<GatewayStatus>('gateway.status')).sources[0]!.state === 'running', 5000, 'MQTT source connected');
      const sub = await mqtt.connectAsync(url);
      const got: number[] = [];
      sub.on('message', (_t, p) => got.push(JSON.parse(p.toString()).fields.seq));
      await sub.subscribeAsync('out/mq', { qos: 1 });
      const pub = await mqtt.connectAsync(url);
      const frames = referenceVariations(10);
      for (const f of frames) await pub.publishAsync('station/7/telemetry', Buffer.from(f), { qos: 1 });
      await pub.publishAsync('station/7/telemetry', Buffer.from('not a frame'), { qos: 1 });
      await waitFor(() => got.length >= 10, 5000, '10 messages back from the broker');
      expect(got).toEqual(frames.map((f) => (f[4]! << 8) | f[5]!));
      const s = (await call<GatewayStatus>('gateway.status')).sources[0]!;
      expect(s.decoded).toBe(10);
      expect(s.errors).toBe(1);
      await pub.endAsync();
      await sub.endAsync();
    } finally {
      await core.close();
    }
  });
});
