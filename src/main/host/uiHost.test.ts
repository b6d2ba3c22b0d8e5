import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcClient } from '#shared/rpc/client';
import type { MessageTransport } from '#shared/rpc/transport';
import { createCore, type Core } from '../core/createCore';
import { defaultResourcesDir } from '../core/paths';
import { StoreEngine } from '../store/engine';
import { InProcessComputePool } from '../workers/inProcessPool';
import { startUiHost, type UiHost } from './uiHost';

const open: Array<{ core: Core; host: UiHost }> = [];
afterEach(async () => {
  for (const { core, host } of open.splice(0)) {
    await host.close();
    await core.close();
  }
});

async function start(hostAddress: string, token?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-host-'));
  const rendererDir = path.join(dir, 'renderer');
  (await import('node:fs')).mkdirSync(rendererDir);
  (await import('node:fs')).writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
  const core = await createCore({ host: 'test', dataDir: dir, resourcesDir: defaultResourcesDir(), store: new StoreEngine(), pool: new InProcessComputePool() });
  const host = await startUiHost(core, { host: hostAddress, port: 0, rendererDir, ...(token ? { token } : {}) });
  open.push({ core, host });
  return { core, host };
}

function wsClient(url: string): Promise<{ client: RpcClient; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('error', reject);
    socket.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.on('open', () => {
      const transport: MessageTransport = {
        send: (m) => socket.send(JSON.stringify(m)),
        onMessage: (l) => (socket.on('message', (d) => l(JSON.parse(String(d)))), () => {}),
        onClose: (l) => (socket.on('close', l), () => {}),
        close: () => socket.close(),
      };
      resolve({ client: new RpcClient(transport), socket });
    });
  });
}

describe('headless UI host', () => {
  it('on loopback serves the UI and the contract without a token', async () => {
    const { host } = await start('127.0.0.1');
    expect(host.token).toBeUndefined();
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { client, socket } = await wsClient(`ws://127.0.0.1:${host.port}/rpc`);
    const info = await client.call('project.info', {});
    expect(info.meta.name).toMatch(/Demo station/);
    socket.close();
  });

  it('off loopback requires the access token for pages and the WebSocket', async () => {
    const { host } = await start('0.0.0.0', 'letmein-123');
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=wrong-token`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=letmein-123`)).status).toBe(200);
    await expect(wsClient(`ws://127.0.0.1:${host.port}/rpc`)).rejects.toThrow(/401/);
    const { client, socket } = await wsClient(`ws://127.0.0.1:${host.port}/rpc?token=letmein-123`);
    expect((await client.call('app.info', {})).name).toBe('Station Workbench');
    socket.close();
  });

  it('generates a token when bound off loopback without one', async () => {
    const { host } = await start('0.0.0.0');
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(host.url).toContain(`token=${host.token}`);
  });

  it('refuses path traversal and survives garbage on the WebSocket', async () => {
    const { host } = await start('127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect([200, 403]).toContain(res.status);
    if (res.status === 200) expect(await res.text()).toContain('<title>ok</title>'); // fell back to index.html
    const { client, socket } = await wsClient(`ws://127.0.0.1:${host.port}/rpc`);
    socket.send('{{{ not json');
    socket.send(Buffer.from([0, 1, 2]), { binary: true });
    expect((await client.call('app.info', {})).name).toBe('Station Workbench'); // still serving
    socket.close();
  });
});
