import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSchema } from '#shared/frame/compile';
import { createFramer } from '#shared/frame/framer';
import { referenceVariations } from '#shared/frame/testing/referenceFrame';
import { validateSchema } from '#shared/frame/validate';
import { sourceConfigSchema } from '#shared/rpc/domains/gateway';
import { readFileSync } from 'node:fs';
import { TcpClientListener } from './tcp';
import { UdpListener } from './udp';

const schemaJson = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8')) as Record<string, unknown>;
delete schemaJson.$schema;
const checked = validateSchema(schemaJson);
if (!checked.ok) throw new Error('demo schema invalid');
const schema = checked.schema;
const codec = compileSchema(schema);
const frames = referenceVariations(40).map((f) => Buffer.from(f));
const seqOf = (f: Uint8Array) => (f[4]! << 8) | f[5]!;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor<T>(fn: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A decoding sink that records the sequence numbers of the frames it accepted. */
function recordingSink() {
  const seqs: number[] = [];
  const peers = new Set<string>();
  const sink = (bytes: Uint8Array, peer: string) => {
    const r = codec.decode(bytes);
    if (!r.ok) return r.error.code;
    seqs.push(r.fields.seq as number);
    peers.add(peer);
    return undefined;
  };
  return { seqs, peers, sink };
}

/** A device that accepts one gateway connection at a time on a fixed port (so it can go away and come back). */
async function device(port = 0): Promise<{ server: net.Server; port: number; sockets: Set<net.Socket>; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return { server, port: (server.address() as net.AddressInfo).port, sockets, close };
}

describe('TCP client source (the gateway connects out to a device)', () => {
  it('decodes a framed byte stream, reconnects after the device restarts, and reports its state', async () => {
    let dev = await device();
    const port = dev.port;
    const config = sourceConfigSchema.parse({ id: 'rtu-tcp', kind: 'tcp-client', host: '127.0.0.1', port, schemaId: 'pump-telemetry', reconnectMinMs: 20, reconnectMaxMs: 100 });
    if (config.kind !== 'tcp-client') throw new Error('unexpected kind');
    const rec = recordingSink();
    const rejects: string[] = [];
    const listener = new TcpClientListener(config, { newFramer: () => createFramer(schema.framing!, { verify: (f) => codec.decode(f).ok }) }, rec.sink, (reason) => void rejects.push(reason));
    cleanups.push(() => listener.stop());
    cleanups.push(() => dev.close());
    await listener.start();
    const first = await waitFor(() => [...dev.sockets][0], 'the gateway to connect');
    await waitFor(() => listener.state().state === 'running', 'running state');
    expect(listener.state().endpoint).toBe(`tcp://127.0.0.1:${port}`);

    // Frames split across writes at awkward places, with line noise between two of them.
    const stream = Buffer.concat([frames[0]!, frames[1]!, Buffer.from([0x00, 0x13, 0x37]), ...frames.slice(2, 20)]);
    for (let i = 0; i < stream.length; i += 7) first.write(stream.subarray(i, i + 7));
    await waitFor(() => rec.seqs.length === 20, '20 frames decoded');
    expect(rec.seqs).toEqual(frames.slice(0, 20).map(seqOf));

    // The device goes away: the source says it is reconnecting and comes back by itself.
    await dev.close();
    await waitFor(() => listener.state().state === 'reconnecting', 'reconnecting state');
    expect(listener.state().connections).toBe(0);
    dev = await device(port);
    const second = await waitFor(() => [...dev.sockets][0], 'the gateway to reconnect', 5000);
    await waitFor(() => listener.state().state === 'running', 'running again');
    for (const f of frames.slice(20, 40)) second.write(f);
    await waitFor(() => rec.seqs.length === 40, '40 frames decoded');
    expect(rec.seqs.slice(20)).toEqual(frames.slice(20, 40).map(seqOf));

    // Stopping closes the connection and does not reconnect.
    await listener.stop();
    await waitFor(() => dev.sockets.size === 0, 'the connection to close');
    await new Promise((r) => setTimeout(r, 200));
    expect(dev.sockets.size).toBe(0);
    expect(listener.state().state).toBe('stopped');
  });

  it('a device that refuses connections is retried with backoff and the error names the endpoint', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = await device();
    const port = probe.port;
    await probe.close();
    const config = sourceConfigSchema.parse({ id: 'gone', kind: 'tcp-client', host: '127.0.0.1', port, schemaId: 'pump-telemetry', reconnectMinMs: 20, reconnectMaxMs: 100 });
    if (config.kind !== 'tcp-client') throw new Error('unexpected kind');
    const listener = new TcpClientListener(config, { newFramer: () => undefined }, () => undefined, () => {});
    cleanups.push(() => listener.stop());
    await listener.start();
    const st = await waitFor(() => (listener.state().error ? listener.state() : undefined), 'a connection error');
    expect(st.error?.message).toContain(`127.0.0.1:${port}`);
    expect(st.error?.message).toContain('ECONNREFUSED');
    // It keeps trying: once the device appears, the source connects without a restart.
    const dev = await device(port);
    cleanups.push(() => dev.close());
    await waitFor(() => listener.state().state === 'running', 'running after the device appeared', 5000);
  });
});

describe('UDP multicast source', () => {
  it('receives frames sent to the group it joined', async () => {
    const group = '239.255.42.99';
    const probe = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) => probe.bind(0, '0.0.0.0', () => resolve(probe.address().port)));
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const config = sourceConfigSchema.parse({ id: 'mc', kind: 'udp', bindAddress: '0.0.0.0', port, multicastGroup: group, multicastInterface: '127.0.0.1', schemaId: 'pump-telemetry' });
    if (config.kind !== 'udp') throw new Error('unexpected kind');
    const rec = recordingSink();
    const listener = new UdpListener(config, rec.sink, () => {});
    cleanups.push(() => listener.stop());
    await listener.start();
    expect(listener.state().state).toBe('running');

    const sender = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => sender.close(() => resolve())));
    await new Promise<void>((resolve) => sender.bind(0, '127.0.0.1', resolve));
    sender.setMulticastInterface('127.0.0.1');
    sender.setMulticastLoopback(true);
    for (const f of frames.slice(0, 10)) sender.send(f, port, group);
    await waitFor(() => rec.seqs.length === 10, '10 multicast frames');
    expect(rec.seqs).toEqual(frames.slice(0, 10).map(seqOf));
  });

  it('an address that is not a multicast group is refused with a reason naming the group', async () => {
    const config = sourceConfigSchema.parse({ id: 'mc-bad', kind: 'udp', bindAddress: '0.0.0.0', port: 0, multicastGroup: '10.1.2.3', schemaId: 'pump-telemetry' });
    if (config.kind !== 'udp') throw new Error('unexpected kind');
    const listener = new UdpListener(config, () => undefined, () => {});
    cleanups.push(() => listener.stop());
    await expect(listener.start()).rejects.toMatchObject({ code: 'BAD_SETTINGS', message: expect.stringContaining('10.1.2.3') });
  });
});
