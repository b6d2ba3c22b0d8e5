import { describe, expect, it, vi } from 'vitest';
import { RpcClient } from './client';
import type { LiveBatch } from './domains/monitor';
import { RpcError } from './errors';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, RpcServer, type Handlers } from './server';
import { createMemoryTransportPair, type MessageTransport } from './transport';

/** A bus-like event source that counts its listeners per event. */
function fakeSource() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  return {
    listeners,
    count: (event: string) => listeners.get(event)?.size ?? 0,
    publish: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
    subscribe(event: string, l: (p: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(l);
      return () => set.delete(l);
    },
  };
}

const noHandlers = {} as Handlers;

function batch(seq: number, ...ids: string[]): LiveBatch {
  return { t: 1000 + seq, seq, channels: ids.map((id, i) => ({ id, times: [seq], values: [i], ...(id === 'b' ? { dropped: 3 } : {}) })), dropped: ids.includes('b') ? 3 : 0 };
}

function setup() {
  const source = fakeSource();
  const server = new RpcServer(noHandlers, source as never);
  const [s, c] = createMemoryTransportPair();
  server.attach(s, 'test');
  return { source, server, client: new RpcClient(c), raw: c };
}

/** Lets queued microtasks (memory transport delivery) run. */
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('event subscriptions with params', () => {
  it('delivers params to the core and sends each subscription only its channels, nothing when none of them changed', async () => {
    const { source, client } = setup();
    const onlyA: LiveBatch[] = [];
    const all: LiveBatch[] = [];
    const none: LiveBatch[] = [];
    client.subscribe('monitor.live', (b) => onlyA.push(b), { params: { channelIds: ['a', 'c'] } });
    client.subscribe('monitor.live', (b) => all.push(b));
    client.subscribe('monitor.live', (b) => none.push(b), { params: { channelIds: [] } });
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(3));
    source.publish('monitor.live', batch(1, 'a', 'b'));
    source.publish('monitor.live', batch(2, 'b'));
    source.publish('monitor.live', batch(3, 'c', 'a'));
    await vi.waitFor(() => expect(all).toHaveLength(3));
    await settle();
    expect(onlyA.map((b) => [b.seq, b.channels.map((c) => c.id)])).toEqual([
      [1, ['a']],
      [3, ['c', 'a']],
    ]);
    // `dropped` counts only the channels the subscriber gets.
    expect(onlyA[0]!.dropped).toBe(0);
    expect(all[0]!.dropped).toBe(3);
    expect(none).toEqual([]);
  });

  it('updates params in place: the filter changes, the core keeps one listener, no events are lost in between', async () => {
    const { source, client } = setup();
    const got: string[][] = [];
    const sub = client.subscribe('monitor.live', (b) => got.push(b.channels.map((c) => c.id)), { params: { channelIds: ['a'] } });
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(1));
    source.publish('monitor.live', batch(1, 'a', 'b'));
    sub.update({ channelIds: ['b'] });
    await settle();
    expect(source.count('monitor.live')).toBe(1);
    expect(sub.params).toEqual({ channelIds: ['b'] });
    source.publish('monitor.live', batch(2, 'a', 'b'));
    await vi.waitFor(() => expect(got).toEqual([['a'], ['b']]));
    sub();
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(0));
    sub.update({ channelIds: ['a'] }); // after unsubscribe: ignored, nothing re-subscribes
    await settle();
    expect(source.count('monitor.live')).toBe(0);
  });

  it('refuses bad params with a validation error naming the field and keeps the previous filter', async () => {
    const { source, client } = setup();
    const errors: RpcError[] = [];
    const got: string[][] = [];
    const sub = client.subscribe('monitor.live', (b) => got.push(b.channels.map((c) => c.id)), { params: { channelIds: ['a'] }, onError: (e) => errors.push(e) });
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(1));
    sub.update({ channelIds: ['not an id!'] });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toBeInstanceOf(RpcError);
    expect(errors[0]!.code).toBe('VALIDATION');
    expect(errors[0]!.message).toMatch(/monitor\.live subscription: channelIds\.0/);
    source.publish('monitor.live', batch(1, 'a', 'b'));
    await vi.waitFor(() => expect(got).toEqual([['a']]));

    const extra: RpcError[] = [];
    client.subscribe('monitor.live', () => {}, { params: { channelIds: ['a'], evil: 1 } as never, onError: (e) => extra.push(e) });
    client.subscribe('jobs.changed', () => {}, { params: { x: 1 } as never, onError: (e) => extra.push(e) });
    await vi.waitFor(() => expect(extra).toHaveLength(2));
    expect(extra[0]!.message).toMatch(/evil|Unrecognized/i);
    expect(extra[1]!.message).toMatch(/jobs\.changed: this event takes no subscription params/);
    expect(source.count('jobs.changed')).toBe(0);
  });

  it('bounds subscriptions per connection', async () => {
    const { source, client } = setup();
    const errors: RpcError[] = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION + 2; i++) client.subscribe('jobs.changed', () => {}, { onError: (e) => errors.push(e) });
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors[0]!.code).toBe('LIMIT');
    expect(source.count('jobs.changed')).toBe(MAX_SUBSCRIPTIONS_PER_CONNECTION);
  });

  it('a server-side filter that throws is reported and skipped, never breaks the publisher', async () => {
    const source = fakeSource();
    const errors: string[] = [];
    const server = new RpcServer(noHandlers, source as never, { onError: (_e, where) => errors.push(where) });
    const [s, c] = createMemoryTransportPair();
    server.attach(s, 'test');
    const client = new RpcClient(c);
    const got: LiveBatch[] = [];
    client.subscribe('monitor.live', (b) => got.push(b), { params: { channelIds: ['a'] } });
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(1));
    expect(() => source.publish('monitor.live', { not: 'a batch' })).not.toThrow();
    source.publish('monitor.live', batch(2, 'a'));
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(errors).toEqual(['monitor.live subscription filter']);
  });

  it('resubscribes with the current params after a reconnect', async () => {
    const source = fakeSource();
    const server = new RpcServer(noHandlers, source as never);
    // A reconnecting transport (like the browser's WebSocket): a fresh memory pair per connection.
    const messageListeners = new Set<(m: unknown) => void>();
    const openListeners = new Set<() => void>();
    let current: MessageTransport | undefined;
    let serverSide: MessageTransport | undefined;
    const connect = () => {
      const [s, c] = createMemoryTransportPair();
      server.attach(s, 'test');
      serverSide = s;
      current = c;
      c.onMessage((m) => messageListeners.forEach((l) => l(m)));
      openListeners.forEach((l) => l());
    };
    const transport: MessageTransport = {
      send: (m) => {
        if (!current) throw new Error('not connected');
        current.send(m);
      },
      onMessage: (l) => (messageListeners.add(l), () => messageListeners.delete(l)),
      onClose: () => () => {},
      onOpen: (l) => (openListeners.add(l), () => openListeners.delete(l)),
      close: () => current?.close(),
    };
    const client = new RpcClient(transport);
    const got: string[][] = [];
    const sub = client.subscribe('monitor.live', (b) => got.push(b.channels.map((c) => c.id)), { params: { channelIds: ['a'] } });
    connect(); // subscribed while disconnected: sent on open
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(1));
    sub.update({ channelIds: ['b'] });
    await settle();
    serverSide!.close(); // the connection drops: the core forgets the subscription
    current = undefined;
    expect(source.count('monitor.live')).toBe(0);
    connect();
    await vi.waitFor(() => expect(source.count('monitor.live')).toBe(1));
    source.publish('monitor.live', batch(1, 'a', 'b'));
    await vi.waitFor(() => expect(got).toEqual([['b']]));
  });
});
