import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A manual requestAnimationFrame and clock: each `frame()` runs the callbacks queued so far. */
let callbacks: Array<() => void> = [];
let clock = 0;
function frame(): void {
  const run = callbacks;
  callbacks = [];
  for (const cb of run) cb();
}

beforeEach(() => {
  vi.resetModules();
  callbacks = [];
  clock = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => callbacks.push(cb));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('frame scheduler', () => {
  it('draws a key once per frame however often it was asked for', async () => {
    const { requestDraw } = await import('./frameScheduler');
    const key = {};
    const draw = vi.fn();
    requestDraw(key, draw);
    requestDraw(key, draw);
    expect(callbacks).toHaveLength(1);
    frame();
    expect(draw).toHaveBeenCalledTimes(1);
    expect(callbacks).toHaveLength(0);
  });

  it('moves draws that would exceed the frame budget to the next frame', async () => {
    const { requestDraw, FRAME_BUDGET_MS } = await import('./frameScheduler');
    const slow = (name: string, order: string[]) => () => {
      order.push(name);
      clock += FRAME_BUDGET_MS; // each draw uses the whole budget
    };
    const order: string[] = [];
    const a = {};
    const b = {};
    requestDraw(a, slow('a', order));
    requestDraw(b, slow('b', order));
    frame();
    expect(order).toEqual(['a']);
    frame();
    expect(order).toEqual(['a', 'b']);
  });

  it('runs cheap draws in the same frame', async () => {
    const { requestDraw } = await import('./frameScheduler');
    const order: string[] = [];
    requestDraw({}, () => order.push('a'));
    requestDraw({}, () => order.push('b'));
    requestDraw({}, () => order.push('c'));
    frame();
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('keeps going after a failing draw and can cancel a waiting one', async () => {
    const { requestDraw, cancelDraw } = await import('./frameScheduler');
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ok = vi.fn();
    const cancelled = vi.fn();
    const key = {};
    requestDraw({}, () => {
      throw new Error('boom');
    });
    requestDraw({}, ok);
    requestDraw(key, cancelled);
    cancelDraw(key);
    frame();
    expect(ok).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    expect(err).toHaveBeenCalled();
  });
});
