import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { referenceVariations } from '#shared/frame/testing/referenceFrame';
import type { GatewayStatus } from '#shared/rpc/domains/gateway';
import type { Core } from '../core/createCore';
import { freeUdpPort } from './gatewayService';
import { gatewayTestCore, waitFor } from './testCore';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function project() {
  const base = await gatewayTestCore({ startServices: true });
  cleanups.push(() => base.core.close());
  // A fresh, empty (non-demo) project: no seeded sources or simulator.
  await base.call('project.new', { path: path.join(await tmp(), 'gw.swb') });
  return base;
}
async function tmp(): Promise<string> {
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  return mkdtempSync(path.join(os.tmpdir(), 'swb-gwp-'));
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function udpSink() {
  const sock = dgram.createSocket('udp4');
  const got: Buffer[] = [];
  sock.on('message', (m) => got.push(m));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { port: sock.address().port, got };
}

async function sendUdp(port: number, frames: Uint8Array[]): Promise<void> {
  const s = dgram.createSocket('udp4');
  for (const f of frames) await new Promise<void>((r) => s.send(f, port, '127.0.0.1', () => r()));
  s.close();
}

const status = (call: (m: string, p?: unknown) => Promise<any>) => call('gateway.status') as Promise<GatewayStatus>;

describe('gateway pipeline on real sockets', () => {
  it('UDP source -> decode -> rule -> UDP target; bad CRC and oversized are reason-coded and never stop it', async () => {
    const { call } = await project();
    const sink = await udpSink();
    const port = await freeUdpPort();
    await call('gateway.targets.save', { target: { id: 'out', kind: 'udp', host: '127.0.0.1', port: sink.port } });
    await call('gateway.sources.save', { source: { id: 'rtu-1', kind: 'udp', port, schemaId: 'pump-telemetry', maxDatagramBytes: 100 } });
    await call('gateway.rules.save', { rules: [{ id: 'all', priority: 1, match: { source: 'rtu-*' }, actions: { targets: ['out'], transforms: [{ kind: 'select', fields: ['seq', 'flow_rate'] }] } }] });
    const frames = referenceVariations(50);
    const bad = Uint8Array.from(frames[0]!);
    bad[63]! ^= 0xff;
    await sendUdp(port, [bad, new Uint8Array(200), ...frames, frames[0]!.subarray(0, 20)]);
    await waitFor(() => sink.got.length >= 50, 5000, '50 datagrams at the target');
    const docs = sink.got.map((b) => JSON.parse(b.toString()));
    expect(docs.map((d) => d.fields.seq)).toEqual(frames.map((f) => (f[4]! << 8) | f[5]!));
    expect(Object.keys(docs[0].fields)).toEqual(['seq', 'flow_rate']);
    expect(new Set(docs.map((d) => d.id)).size).toBe(50);
    const s = await waitFor(async () => {
      const st = await status(call);
      return st.sources[0]!.errors >= 3 ? st : undefined;
    });
    expect(s.sources[0]!.errorsByReason).toMatchObject({ BAD_CHECKSUM: 1, OVERSIZED: 1, TRUNCATED: 1 });
    expect(s.pipeline.decoded).toBe(50);
    expect(s.rules.find((r) => r.ruleId === 'all')!.hits).toBe(50);
    const errs = await call('gateway.messages.query', { onlyErrors: true, limit: 10 });
    expect(errs.some((e: any) => e.reason === 'BAD_CHECKSUM' && e.stage === 'decode')).toBe(true);
  });

  it('a port in use is a clear error on that source only; the others keep running', async () => {
    const { call } = await project();
    const blocker = dgram.createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const okPort = await freeUdpPort();
    await call('gateway.sources.save', { source: { id: 'a', kind: 'udp', port: okPort, schemaId: 'pump-telemetry' } });
    await call('gateway.sources.save', { source: { id: 'b', kind: 'udp', port: blocker.address().port, schemaId: 'pump-telemetry' } });
    const s = await status(call);
    const b = s.sources.find((x) => x.id === 'b')!;
    expect(b.state).toBe('error');
    expect(b.error?.code).toBe('PORT_IN_USE');
    expect(b.error?.message).toContain(String(blocker.address().port));
    expect(s.sources.find((x) => x.id === 'a')!.state).toBe('running');
    await expect(call('gateway.sources.save', { source: { id: 'c', kind: 'udp', port: -1, schemaId: 'pump-telemetry' } })).rejects.toThrow(/port/);
  });

  it('TCP target down then up: every queued message arrives once, in order', async () => {
    const { call } = await project();
    const tcpPort = await freeTcpPort();
    const udpPort = await freeUdpPort();
    await call('gateway.targets.save', {
      target: { id: 'scada', kind: 'tcp', host: '127.0.0.1', port: tcpPort, retry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 5 }, breaker: { failureThreshold: 3, cooldownMs: 300 } },
    });
    await call('gateway.sources.save', { source: { id: 'rtu', kind: 'udp', port: udpPort, schemaId: 'pump-telemetry' } });
    await call('gateway.rules.save', { rules: [{ id: 'r', priority: 1, actions: { targets: ['scada'], transforms: [{ kind: 'select', fields: ['seq'] }] } }] });
    const frames = referenceVariations(300);
    await sendUdp(udpPort, frames.slice(0, 150));
    const down = await waitFor(async () => {
      const st = await status(call);
      const t = st.targets[0]!;
      return t.breaker === 'open' && t.queueDepth === 150 ? t : undefined;
    }, 5000, 'breaker to open with 150 queued');
    expect(down.health).toBe('down');
    expect(down.lastError).toMatch(/refused/);
    await sendUdp(udpPort, frames.slice(150));
    // The cable is back: a real server appears on the port.
    const received: string[] = [];
    const conns: net.Socket[] = [];
    const server = net.createServer((sock) => {
      conns.push(sock);
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        received.push(...lines);
      });
    });
    await new Promise<void>((r) => server.listen(tcpPort, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => {
      for (const c of conns) c.destroy();
      server.close(() => r());
    }));
    await waitFor(() => received.length >= 300, 8000, 'all 300 messages at the TCP server');
    const seqs = received.map((l) => JSON.parse(l).fields.seq);
    expect(seqs).toEqual(frames.map((f) => (f[4]! << 8) | f[5]!));
    const ids = received.map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(300);
    const t = (await status(call)).targets[0]!;
    expect(t.delivered).toBe(300);
    expect(t.deadLettered).toBe(0);
    expect(t.breaker).toBe('closed');
  });

  it('HTTP target: rejected messages become dead letters in the project and replay once fixed', async () => {
    const { call, core } = await project();
    let accept = false;
    const got: Array<{ id: string; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.headers.authorization !== 'Bearer s3cret-token') return res.writeHead(401).end();
        if (!accept) return res.writeHead(422).end('nope');
        got.push({ id: String(req.headers['x-message-id']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const udpPort = await freeUdpPort();
    await call('gateway.targets.save', { target: { id: 'api', kind: 'http', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`, token: 's3cret-token' } });
    await call('gateway.sources.save', { source: { id: 'rtu', kind: 'udp', port: udpPort, schemaId: 'pump-telemetry' } });
    await call('gateway.rules.save', { rules: [{ id: 'r', priority: 1, actions: { targets: ['api'] } }] });
    await sendUdp(udpPort, referenceVariations(5));
    const dl = await waitFor(async () => {
      const r = await call('gateway.deadLetters.list', { targetId: 'api' });
      return r.total === 5 ? r : undefined;
    }, 5000, '5 dead letters');
    expect(dl.items[0].reason).toMatch(/422/);
    expect(JSON.parse(dl.items[0].preview).fields.seq).toBeTypeOf('number');
    const rows = await core.ctx.store.query<{ n: number }>('SELECT COUNT(*) AS n FROM gateway_dead_letters');
    expect(Number(rows[0]!.n)).toBe(5);
    accept = true;
    expect(await call('gateway.deadLetters.replay', { targetId: 'api' })).toEqual({ replayed: 5, skipped: 0 });
    await waitFor(() => got.length === 5, 5000, 'replayed deliveries');
    expect(got.map((g) => g.id)).toEqual(dl.items.map((i: any) => i.messageId));
    expect((await call('gateway.deadLetters.list', { targetId: 'api' })).total).toBe(0);
  });

  it('configuration is versioned and audited; rollback restores an earlier version', async () => {
    const { call } = await project();
    await call('gateway.targets.save', { target: { id: 't1', kind: 'store' } });
    const v2 = await call('gateway.targets.save', { target: { id: 't2', kind: 'store', queueCapacity: 50 } });
    await call('gateway.targets.save', { target: { id: 't2', kind: 'store', queueCapacity: 60 } });
    const hist = await call('gateway.config.history', {});
    expect(hist[0].changes[0]).toMatchObject({ section: 'targets', id: 't2', op: 'changed', fields: { queueCapacity: { from: 50, to: 60 } } });
    await call('gateway.config.rollback', { version: v2.version });
    const cfg = await call('gateway.config.get');
    expect(cfg.config.targets.find((t: any) => t.id === 't2').queueCapacity).toBe(50);
    const ev = await call('events.query', { type: 'config.gateway.*' });
    expect(ev.events.map((e: any) => e.type)).toContain('config.gateway.rollback');
    await expect(call('gateway.rules.save', { rules: [{ id: 'x', priority: 1, match: { condition: 'flow_rate >' }, actions: { targets: ['t1'] } }] })).rejects.toThrow(/Rule 'x' match.condition/);
    await expect(call('gateway.rules.save', { rules: [{ id: 'x', priority: 1, actions: { targets: ['nope'] } }] })).rejects.toThrow(/target 'nope' does not exist/);
  });

  it('HTTP source: bearer token, body limit, raw and JSON bodies', async () => {
    const { call } = await project();
    const port = await freeTcpPort();
    await call('gateway.sources.save', { source: { id: 'web', kind: 'http', port, schemaId: 'pump-telemetry', token: 'token-1234', maxBodyBytes: 1000 } });
    const frames = referenceVariations(3);
    const url = `http://127.0.0.1:${port}/ingest`;
    const noAuth = await fetch(url, { method: 'POST', body: frames[0] });
    expect(noAuth.status).toBe(401);
    const auth = { authorization: 'Bearer token-1234' };
    const raw = await fetch(url, { method: 'POST', body: Buffer.concat(frames.map((f) => Buffer.from(f))), headers: { ...auth, 'content-type': 'application/octet-stream' } });
    expect(await raw.json()).toMatchObject({ frames: 3, decoded: 3 });
    const json = await fetch(url, { method: 'POST', body: JSON.stringify({ hex: Buffer.from(frames[1]!).toString('hex') }), headers: { ...auth, 'content-type': 'application/json' } });
    expect(await json.json()).toMatchObject({ frames: 1, decoded: 1 });
    const big = await fetch(url, { method: 'POST', body: new Uint8Array(5000), headers: auth }).catch((e: Error) => e);
    expect(big instanceof Error || big.status === 413).toBe(true);
    const s = (await status(call)).sources[0]!;
    expect(s.decoded).toBe(4);
    expect(s.errorsByReason).toMatchObject({ UNAUTHORIZED: 1, BODY_TOO_LARGE: 1 });
  });

  it('WebSocket source: token checked on upgrade, binary frames decoded', async () => {
    const { call } = await project();
    const port = await freeTcpPort();
    await call('gateway.sources.save', { source: { id: 'ws', kind: 'ws', port, schemaId: 'pump-telemetry', token: 'ws-token-99' } });
    const bad = new WebSocket(`ws://127.0.0.1:${port}/frames?token=wrong-token`);
    const badResult = await new Promise<string>((r) => {
      bad.on('unexpected-response', (_q, res) => r(String(res.statusCode)));
      bad.on('error', (e) => r(e.message));
    });
    expect(badResult).toMatch(/401/);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/frames?token=ws-token-99`);
    await new Promise((r) => ws.on('open', r));
    for (const f of referenceVariations(4)) ws.send(f);
    await waitFor(async () => (await status(call)).sources[0]!.decoded === 4, 5000, '4 frames over WebSocket');
    ws.close();
  });

  it('TCP server source frames a stream split at arbitrary points and resynchronises after garbage', async () => {
    const { call } = await project();
    const port = await freeTcpPort();
    await call('gateway.sources.save', { source: { id: 'tcp', kind: 'tcp-server', port, schemaId: 'pump-telemetry' } });
    const frames = referenceVariations(20);
    const stream = Buffer.concat([Buffer.from([1, 2, 0xaa, 3]), ...frames.map((f) => Buffer.from(f))]);
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    for (let i = 0; i < stream.length; ) {
      const n = 1 + ((i * 7) % 90);
      sock.write(stream.subarray(i, i + n));
      i += n;
      await new Promise((r) => setTimeout(r, 1));
    }
    const s = await waitFor(async () => {
      const st = (await status(call)).sources[0]!;
      return st.decoded === 20 ? st : undefined;
    }, 5000, '20 frames from the stream');
    expect(s.errorsByReason.FRAMING_RESYNC).toBeGreaterThanOrEqual(1);
    sock.destroy();
  });
});
