import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcClient } from '#shared/rpc/client';
import type { LiveBatch } from '#shared/rpc/domains/monitor';
import type { MessageTransport } from '#shared/rpc/transport';
import { createTestCore, type TestCore } from '../core/testing/testCore';
import { startUiHost, type UiHost } from '../host/uiHost';
import { demoFrame, sleep } from './testing';

const open: Array<{ tc: TestCore; host: UiHost; sockets: WebSocket[]; timer?: ReturnType<typeof setInterval> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    if (o.timer) clearInterval(o.timer);
    for (const s of o.sockets) s.terminate();
    await o.host.close();
    await o.tc.core.close();
  }
});

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('error', reject);
    socket.on('open', () => resolve(socket));
  });
}

function clientOf(socket: WebSocket): RpcClient {
  const transport: MessageTransport = {
    send: (m) => socket.send(JSON.stringify(m)),
    onMessage: (l) => (socket.on('message', (d) => l(JSON.parse(String(d)))), () => {}),
    onClose: (l) => (socket.on('close', l), () => {}),
    close: () => socket.close(),
  };
  return new RpcClient(transport);
}

const EVENT_BUFFER = 256 * 1024;
const STALL_MS = 1500;

describe('live stream back-pressure over the headless WebSocket host', () => {
  it('a client that never reads never slows the pipeline: its live events are dropped, then it is disconnected; others keep receiving', async () => {
    const tc = await createTestCore({ prefix: 'bp' });
    const rendererDir = path.join(tc.dataDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
    const host = await startUiHost(tc.core, { host: '127.0.0.1', port: 0, rendererDir, backpressure: { eventBufferBytes: EVENT_BUFFER, stallTimeoutMs: STALL_MS } });
    const entry: (typeof open)[number] = { tc, host, sockets: [] };
    open.push(entry);
    const url = `ws://127.0.0.1:${host.port}/rpc`;

    // The stuck window: subscribes to every channel many times over (many panels), then stops reading.
    const stuck = await connect(url);
    entry.sockets.push(stuck);
    for (let id = 1; id <= 20; id++) stuck.send(JSON.stringify({ t: 'sub', id, event: 'monitor.live' }));
    await sleep(100);
    (stuck as unknown as { _socket: { pause(): void } })._socket.pause();

    // A healthy window on one channel.
    const healthySocket = await connect(url);
    entry.sockets.push(healthySocket);
    const healthy = clientOf(healthySocket);
    const got: LiveBatch[] = [];
    healthy.subscribe('monitor.live', (b) => got.push(b), { params: { channelIds: ['flow_rate'] } });

    // The pipeline: 4,000 decoded messages a second for the whole test.
    let sent = 0;
    entry.timer = setInterval(() => {
      const now = Date.now();
      for (let i = 0; i < 40; i++) tc.core.bus.publish('gateway.decoded', demoFrame({ flow_rate: sent++ % 1000 }, now));
    }, 10);

    const stats = () => tc.call<{ messagesIn: number; liveTicks: number }>('monitor.pipeline.stats');
    await sleep(600);
    const early = await stats();
    const earlyHost = host.stats();
    const t0 = Date.now();
    let droppedAt: number | undefined;
    while (Date.now() - t0 < STALL_MS + 3000) {
      await sleep(100);
      if (host.stats().clientsDropped > 0) {
        droppedAt = Date.now();
        break;
      }
    }
    const late = await stats();
    const hs = host.stats();
    const gotBeforeDrop = got.length;
    await sleep(500);
    const after = await stats();

    // The pipeline kept going at full rate while the client was stuck.
    expect(late.messagesIn).toBeGreaterThan(early.messagesIn + 2000);
    expect(late.liveTicks).toBeGreaterThan(early.liveTicks + 10);
    expect(after.messagesIn).toBeGreaterThan(late.messagesIn);
    // Events to the stuck client were dropped rather than queued: the queue stayed near the bound.
    expect(earlyHost.eventsDropped + hs.eventsDropped).toBeGreaterThan(0);
    expect(hs.maxBufferedBytes).toBeLessThan(EVENT_BUFFER + 4 * 1024 * 1024);
    // ...and then it was disconnected; the healthy window is still connected and still receiving.
    expect(droppedAt).toBeDefined();
    expect(hs.clientsDropped).toBe(1);
    expect(hs.connections).toBe(1);
    expect(gotBeforeDrop).toBeGreaterThan(5);
    await sleep(300);
    expect(got.length).toBeGreaterThan(gotBeforeDrop);
    expect(got.every((b) => b.channels.every((c) => c.id === 'flow_rate'))).toBe(true);
    console.log(JSON.stringify({ eventsDropped: hs.eventsDropped, maxBufferedBytes: hs.maxBufferedBytes, messagesIn: after.messagesIn, liveTicks: after.liveTicks, healthyBatches: got.length }));
  }, 20_000);
});
