import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RpcClient } from './client';
import { methods } from './contract';
import { RpcError } from './errors';
import { RpcServer, completeHandlers, mergeHandlers, missingHandlers, type Handlers } from './server';
import { createMemoryTransportPair, type MessageTransport } from './transport';

/** A full handler map for the contract where every handler records that it ran. */
function recordingHandlers(calls: string[]): Handlers {
  const map: Record<string, unknown> = {};
  for (const name of Object.keys(methods)) {
    map[name] = (params: unknown) => {
      calls.push(name);
      return params;
    };
  }
  return map as Handlers;
}

const noEvents = { subscribe: () => () => {} };

/**
 * An in-process fake of Electron's IPC MessagePort pair: structured-clone semantics (not JSON),
 * asynchronous delivery, `start()` required — the same shape the preload hands to the page.
 */
function fakeIpcPair(): [MessageTransport, MessageTransport] {
  const { port1, port2 } = new MessageChannel();
  const wrap = (port: MessagePort): MessageTransport => {
    const closeListeners = new Set<() => void>();
    port.start();
    return {
      send: (m) => port.postMessage(m),
      onMessage(listener) {
        const h = (data: unknown) => listener(data);
        port.on('message', h);
        return () => port.off('message', h);
      },
      onClose: (l) => (closeListeners.add(l), () => closeListeners.delete(l)),
      close: () => {
        port.close();
        closeListeners.forEach((l) => l());
      },
    };
  };
  return [wrap(port1), wrap(port2)];
}

describe('rpc contract', () => {
  it('rejects duplicate handlers and reports missing ones', () => {
    const a = { 'app.info': () => ({}) as never };
    expect(() => mergeHandlers(a, a)).toThrow(/Duplicate handler.*app\.info/);
    expect(missingHandlers({})).toContain('project.info');
    expect(() => completeHandlers({})).toThrow(/No handler for contract methods/);
  });

  it('every method has input and output schemas', () => {
    for (const [name, def] of Object.entries(methods)) {
      expect(def.input, name).toBeInstanceOf(z.ZodType);
      expect(def.output, name).toBeInstanceOf(z.ZodType);
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z0-9.]+$/);
    }
  });

  for (const [label, makePair] of [
    ['WebSocket-like JSON transport', createMemoryTransportPair],
    ['Electron IPC MessagePort (fake pair)', fakeIpcPair],
  ] as const) {
    it(`round-trips a call over the ${label}`, async () => {
      const calls: string[] = [];
      const handlers = recordingHandlers(calls);
      handlers['project.update'] = (patch) => {
        calls.push('project.update');
        return { meta: { name: patch.name ?? '', stationName: '', client: '', location: '', engineer: '', notes: '' }, schemaVersion: 1, createdAt: 1, sizeBytes: 0, budgetBytes: 1, journalBytes: 0, tables: [] };
      };
      const server = new RpcServer(handlers, noEvents, { validateOutput: true });
      const [serverSide, clientSide] = makePair();
      server.attach(serverSide, 'test');
      const client = new RpcClient(clientSide);
      const result = await client.call('project.update', { name: 'P-1' });
      expect(result.meta.name).toBe('P-1');
      expect(calls).toEqual(['project.update']);
    });

    it(`a malformed payload over the ${label} gets a validation error naming the field and never reaches the handler`, async () => {
      const calls: string[] = [];
      const server = new RpcServer(recordingHandlers(calls), noEvents);
      const [serverSide, clientSide] = makePair();
      server.attach(serverSide, 'test');
      const client = new RpcClient(clientSide);
      const error = await client.call('project.update', { name: 42 } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe('VALIDATION');
      expect((error as RpcError).message).toContain('name');
      const extra = await client.call('project.open', { path: '/x.swb', evil: true } as never).catch((e: unknown) => e);
      expect((extra as RpcError).message).toMatch(/evil|Unrecognized/i);
      expect(calls).toEqual([]);
    });
  }

  it('answers garbage envelopes and unknown methods with typed errors', async () => {
    const calls: string[] = [];
    const server = new RpcServer(recordingHandlers(calls), noEvents);
    const [serverSide, raw] = createMemoryTransportPair();
    server.attach(serverSide, 'test');
    const replies: unknown[] = [];
    raw.onMessage((m) => replies.push(m));
    raw.send({ t: 'call', id: 7, method: 'nope.nothing', params: {} });
    raw.send({ t: 'bogus', id: 8 });
    raw.send('not even an object');
    await vi.waitFor(() => expect(replies).toHaveLength(3));
    expect(replies).toContainEqual({ t: 'err', id: 7, error: { code: 'UNKNOWN_METHOD', message: "Unknown method 'nope.nothing'" } });
    expect(replies.filter((r) => (r as { error?: { code: string } }).error?.code === 'VALIDATION')).toHaveLength(2);
    expect(calls).toEqual([]);
  });

  it('delivers subscribed events and stops after unsubscribe', async () => {
    const listeners = new Set<(p: unknown) => void>();
    const source = { subscribe: (_e: string, l: (p: unknown) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const server = new RpcServer(recordingHandlers([]), source as never);
    const [s, c] = createMemoryTransportPair();
    server.attach(s, 'test');
    const client = new RpcClient(c);
    const got: unknown[] = [];
    const off = client.subscribe('jobs.changed', (p) => got.push(p));
    await vi.waitFor(() => expect(listeners.size).toBe(1));
    listeners.forEach((l) => l({ id: 'j1' }));
    await vi.waitFor(() => expect(got).toEqual([{ id: 'j1' }]));
    off();
    await vi.waitFor(() => expect(listeners.size).toBe(0));
  });

  it('cancels an in-flight call: the handler sees the abort and the caller gets CANCELLED', async () => {
    let aborted = false;
    const handlers = recordingHandlers([]);
    handlers['jobs.list'] = (_p, ctx) =>
      new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ jobs: [], poolSize: 1 });
        });
      });
    const server = new RpcServer(handlers, noEvents);
    const [s, c] = createMemoryTransportPair();
    server.attach(s, 'test');
    const client = new RpcClient(c);
    const controller = new AbortController();
    const pending = client.call('jobs.list', {}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    await vi.waitFor(() => expect(aborted).toBe(true));
  });
});
