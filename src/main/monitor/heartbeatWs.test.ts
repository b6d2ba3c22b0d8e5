import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestCore, type TestCore } from '../core/testing/testCore';
import { MAX_HEARTBEAT_BYTES } from './heartbeat';
import { sleep } from './testing';

const cores: TestCore[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(cores.splice(0).map((c) => c.core.close()));
});

interface ListenerState {
  port?: number;
  error?: string;
  received: number;
  rejected: number;
  connections: number;
}

/** A demo core whose only heartbeat listener is the WebSocket one, on a free port, with short timeouts. */
async function wsCore() {
  const tc = await createTestCore({ prefix: 'hbws' });
  cores.push(tc);
  const r = await tc.call<{ settings: { wsPort: number }; listeners: { ws: ListenerState } }>('monitor.devices.setSettings', { udpPort: -1, httpPort: -1, wsPort: 0, staleAfterMs: 500, offlineAfterMs: 1000 });
  expect(r.listeners.ws.error).toBeUndefined();
  expect(r.listeners.ws.port).toBeGreaterThan(0);
  return { ...tc, port: r.listeners.ws.port!, state: async () => (await tc.call<{ listeners: { ws: ListenerState } }>('monitor.devices.settings')).listeners.ws };
}

/** A device: a real WebSocket client that collects the listener's replies. */
function device(url: string): Promise<{ ws: WebSocket; replies: Array<{ ok: boolean; error?: string; deviceId?: string; seq?: number }>; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    const replies: Array<{ ok: boolean; error?: string }> = [];
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (d) => replies.push(JSON.parse(String(d)) as { ok: boolean }));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('open', () => resolve({ ws, replies, closed }));
  });
}

const until = async (fn: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
};

describe('WebSocket heartbeats', () => {
  it('accepts heartbeats on one open socket, answers bad ones with the reason, and the device goes online then offline', async () => {
    const { call, port, state } = await wsCore();
    const d = await device(`ws://127.0.0.1:${port}/heartbeat`);
    d.ws.send(JSON.stringify({ v: 1, deviceId: 'plc-ws-1', name: 'PLC over WebSocket', kind: 'plc', seq: 1, metrics: { cpu_pct: 9.5 } }));
    d.ws.send(JSON.stringify({ v: 1, deviceId: 'plc-ws-1', seq: 2, metrics: { cpu_pct: 11 } }));
    d.ws.send('{ not json');
    d.ws.send(JSON.stringify({ v: 1, deviceId: 'plc-ws-1', colour: 'red' }));
    d.ws.send(JSON.stringify({ v: 2, deviceId: 'plc-ws-1' }));
    d.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => d.replies.length === 6);
    expect(d.replies[0]).toEqual({ ok: true, deviceId: 'plc-ws-1', seq: 1 });
    expect(d.replies[1]).toEqual({ ok: true, deviceId: 'plc-ws-1', seq: 2 });
    expect(d.replies[2]).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    expect(d.replies[3]).toMatchObject({ ok: false, error: expect.stringMatching(/colour|Unrecognized/) });
    expect(d.replies[4]).toMatchObject({ ok: false, error: expect.stringContaining("field 'v'") });
    expect(d.replies[5]).toMatchObject({ ok: false, error: expect.stringContaining('binary') });
    expect(await state()).toMatchObject({ received: 2, rejected: 4, connections: 1 });

    const listed = await call<Array<{ id: string; name: string; status: string; origin: string; address: string; count: number; metrics: Record<string, number> }>>('monitor.devices.list');
    const dev = listed.find((x) => x.id === 'plc-ws-1');
    expect(dev).toMatchObject({ name: 'PLC over WebSocket', status: 'online', origin: 'heartbeat', count: 2, metrics: { cpu_pct: 11 } });
    expect(dev!.address).toMatch(/^ws:127\.0\.0\.1:\d+$/);

    // The device stops sending (socket still open): stale, then offline; a new heartbeat brings it back.
    await until(async () => (await call<Array<{ id: string; status: string }>>('monitor.devices.list')).find((x) => x.id === 'plc-ws-1')?.status === 'offline', 4000);
    d.ws.send(JSON.stringify({ v: 1, deviceId: 'plc-ws-1', seq: 3 }));
    await until(async () => (await call<Array<{ id: string; status: string }>>('monitor.devices.list')).find((x) => x.id === 'plc-ws-1')?.status === 'online');
  });

  it('refuses oversize messages by closing with 1009, other paths with 404, plain HTTP with 426; never crashes', async () => {
    const { port, state } = await wsCore();
    const d = await device(`ws://127.0.0.1:${port}/heartbeat`);
    d.ws.send(JSON.stringify({ v: 1, deviceId: 'big', name: 'x'.repeat(MAX_HEARTBEAT_BYTES) }));
    expect((await d.closed).code).toBe(1009);
    await until(async () => (await state()).rejected === 1 && (await state()).connections === 0);
    await expect(device(`ws://127.0.0.1:${port}/other`)).rejects.toThrow(/404|Unexpected server response/);
    const res = await fetch(`http://127.0.0.1:${port}/heartbeat`);
    expect(res.status).toBe(426);
    expect(((await res.json()) as { error: string }).error).toContain('WebSocket only');
    // Still serving.
    const ok = await device(`ws://127.0.0.1:${port}/heartbeat`);
    ok.ws.send(JSON.stringify({ v: 1, deviceId: 'after' }));
    await until(() => ok.replies.length === 1);
    expect(ok.replies[0]).toMatchObject({ ok: true });
  });

  it('the port is a device setting: -1 turns the listener off, a port in use is reported', async () => {
    const { call, port } = await wsCore();
    const off = await call<{ settings: { wsPort: number }; listeners: { ws: ListenerState } }>('monitor.devices.setSettings', { wsPort: -1 });
    expect(off.settings.wsPort).toBe(-1);
    expect(off.listeners.ws.port).toBeUndefined();
    await expect(device(`ws://127.0.0.1:${port}/heartbeat`)).rejects.toThrow();
    // Another core holds a port: this one reports it and keeps running.
    const other = await wsCore();
    const busy = await call<{ listeners: { ws: ListenerState } }>('monitor.devices.setSettings', { wsPort: other.port });
    expect(busy.listeners.ws.error).toMatch(/EADDRINUSE/);
    await expect(call('monitor.devices.setSettings', { wsPort: 70000 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('wsPort') });
  });
});
